// How fast the stateful simulator serves a large listing: 100,000 conversations at PageSize 1000,
// listed with a plain fetch loop (the client's own costs are measured by bench/run.ts). Prints the
// median of a few runs; `--quick` uses 2,000 conversations so the smoke test stays fast.
import { startSimulator } from '../src/simulator';

const QUICK = process.argv.includes('--quick');
const COUNT = QUICK ? 2_000 : 100_000;
const RUNS = QUICK ? 1 : 5;

async function main(): Promise<void> {
  let started = performance.now();
  const sim = await startSimulator({ conversations: COUNT, seed: 5 });
  const startMs = performance.now() - started;
  const auth = `Basic ${Buffer.from(`${sim.accountSid}:${sim.authToken}`).toString('base64')}`;
  const times: number[] = [];
  let listed = 0;
  for (let run = 0; run < RUNS; run++) {
    started = performance.now();
    let url: string | null = `${sim.url}/v1/Services/${sim.serviceSid}/Conversations?PageSize=1000`;
    listed = 0;
    while (url) {
      const body = (await (await fetch(url, { headers: { Authorization: auth } })).json()) as {
        conversations: unknown[];
        meta: { next_page_url: string | null };
      };
      listed += body.conversations.length;
      url = body.meta.next_page_url;
    }
    times.push(performance.now() - started);
  }
  await sim.close();
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  console.log(
    `simulator: generate ${COUNT} conversations ${startMs.toFixed(0)} ms; list ${listed} at PageSize 1000: median ${median.toFixed(0)} ms of ${RUNS} runs (fetch loop in the same process)`,
  );
}

void main();
