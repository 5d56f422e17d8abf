// What a page costs in each layer, with the network taken out: the pages of the bench server are
// read into memory once, then the global fetch answers from memory, and three listings run in one
// process, alternating: the raw fetch + res.json() loop; the same loop with what every attempt of
// the client must do to keep its promises (an AbortSignal and a timer per request, so that the
// timeout covers the body); and the client (iteratePages, validation off and strict).
// Prints microseconds a page (medians) and each ratio to the raw loop.
// Run: make bench-layers (PAGE_SIZE=1000 for the large pages)
import { startBenchServer } from './server';
import { FIXTURE_SERVICE_SID } from '../test-support/fixtures';

const PAGE_SIZE = Number(process.env.PAGE_SIZE ?? 100);
const TOTAL = 20_000;
const ROUNDS = 25;
const WARM_UP = 5;

async function main() {
  const server = await startBenchServer({ total: TOTAL, pageSizes: [PAGE_SIZE] });
  const first = `${server.url}/v1/Services/${FIXTURE_SERVICE_SID}/Conversations?PageSize=${PAGE_SIZE}`;
  const pages = new Map<string, Buffer>();
  try {
    for (let url: string | null = first; url;) {
      const text = await (await fetch(url)).text();
      pages.set(url, Buffer.from(text));
      url = (JSON.parse(text) as { meta: { next_page_url: string | null } }).meta.next_page_url;
    }
  } finally {
    await server.stop();
  }
  // Every request is answered from memory, as the server would: status, type and length, the body.
  globalThis.fetch = async (input: string | URL | Request) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const body = pages.get(url) ?? pages.get(first)!; // the client's first request orders its query itself
    const headers = { 'content-type': 'application/json', 'content-length': String(body.length) };
    return new Response(new Uint8Array(body), { headers });
  };

  // The built package, as users get it.
  const { createConversationsClient } = require('..') as typeof import('../src');
  const client = (validation: 'off' | 'strict') =>
    createConversationsClient({
      accountSid: `AC${'0'.repeat(32)}`,
      authToken: 'bench-token',
      baseUrl: server.url,
      env: {},
      validation,
    });
  const count = (conversations: { sid?: string | null }[]) => conversations.filter((c) => c.sid).length;
  const rawLoop = (withSignal: boolean) => async () => {
    let n = 0;
    for (let url: string | null = first; url;) {
      const controller = withSignal ? new AbortController() : undefined;
      const timer = withSignal ? setTimeout(() => controller!.abort(), 30_000) : undefined;
      const response = await fetch(url, { headers: { Authorization: 'x' }, signal: controller?.signal ?? null });
      const body = (await response.json()) as {
        conversations: { sid?: string | null }[];
        meta: { next_page_url: string };
      };
      clearTimeout(timer);
      n += count(body.conversations);
      url = body.meta.next_page_url;
    }
    return n;
  };
  const clientLoop = (validation: 'off' | 'strict') => {
    const c = client(validation);
    return async () => {
      let n = 0;
      for await (const page of c.iteratePages({ chatServiceSid: FIXTURE_SERVICE_SID, pageSize: PAGE_SIZE }))
        n += count(page.conversations);
      return n;
    };
  };
  const sides: [string, () => Promise<number>][] = [
    ['raw fetch + res.json()', rawLoop(false)],
    ['raw + signal and timer per request', rawLoop(true)],
    ['iteratePages, validation off', clientLoop('off')],
    ['iteratePages, strict validation', clientLoop('strict')],
  ];
  const samples = new Map<string, number[]>(sides.map(([name]) => [name, []]));
  for (let round = 0; round < ROUNDS + WARM_UP; round++) {
    for (const [name, run] of sides) {
      const started = performance.now();
      const n = await run();
      const us = ((performance.now() - started) * 1000) / pages.size;
      if (n !== TOTAL) throw new Error(`${name} listed ${n} conversations, expected ${TOTAL}`);
      if (round >= WARM_UP) samples.get(name)!.push(us);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  const base = median(samples.get(sides[0]![0])!);
  console.log(`PageSize ${PAGE_SIZE}, ${pages.size} pages from memory, ${ROUNDS} rounds (medians):`);
  for (const [name] of sides) {
    const us = median(samples.get(name)!);
    console.log(`${name.padEnd(36)} ${us.toFixed(1).padStart(8)} us a page  ${(us / base).toFixed(3)}x`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
