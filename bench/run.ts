// The benchmark harness (`make bench`). Every scenario runs as separate processes, A and B
// alternating, after a warm-up; it reports medians and the B/A ratio of each pair, checks the
// budgets, and writes bench/RESULTS.md. Usage: tsx bench/run.ts [--quick] [--no-write] [--make-test]
import { execFile, spawn } from 'node:child_process';
import { bundle, LIST_SNIPPET } from '../test-support/bundle';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { FIXTURE_SERVICE_SID, makeConversation } from '../test-support/fixtures';
import { startSimulator } from '../src/simulator';
import { startBenchServer } from './server';

// What bench/list.cjs authenticates with (the pre-rendered server does not check; the simulator does).
const BENCH_ACCOUNT = `AC${'0'.repeat(32)}`;
const BENCH_TOKEN = 'fixture-auth-token-0123456789';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');
const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
// Pairs a row: at least 15 (the budgets are read on the median of 15 or more). Listings of the local
// server take ~0.2 s and move by tens of percent from one to the next, so they get more pairs; the
// 20 ms scenarios take seconds each and move less.
const RUNS = QUICK ? 2 : Number(process.env.BENCH_RUNS ?? 25);
const RUNS_SLOW = QUICK ? 2 : Math.min(RUNS, 15);
// Warm-up listings in each side's process before the pairs: measured here, a side's listing time
// keeps falling for about eight listings of 20,000 (the JIT at work), then moves only with noise.
// The 20 ms scenarios wait on the network and need less.
const WARMUP = QUICK ? 1 : 8;
const WARMUP_SLOW = QUICK ? 1 : 2;
const TOTAL = QUICK ? 2_000 : 20_000;
const BIG = QUICK ? 4_000 : 200_000;
const PAGE_SIZES = QUICK ? [100] : [100, 1000];
// --only=<text>: run only the listing scenarios whose name contains the text (for profiling work).
const ONLY = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);

interface Sample {
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
}
/**
 * A budget on B/A: at most `limit` (on the wall and CPU ratios; on the wall ratio alone where the
 * point is to overlap work with waiting), or at least `limit` (a speed-up, B being the slower side).
 */
interface Budget {
  limit: number;
  on: 'wall and cpu' | 'wall' | 'peak rss';
  atLeast?: boolean;
}
interface Row {
  scenario: string;
  a: string;
  b: string;
  /** Medians of the measure: ms (wall) or MB (peak RSS). */
  aWall: number;
  bWall: number;
  unit: 'ms' | 'MB';
  wallRatio: number;
  /** The middle half of the per-pair B/A ratios (first to third quartile): how much the runs disagree. */
  wallSpread: [number, number];
  cpuRatio?: number;
  budget?: Budget;
}

/** The p-quantile (0..1) of xs, nearest rank. */
const quantile = (xs: number[], p: number) => [...xs].sort((x, y) => x - y)[Math.round(p * (xs.length - 1))]!;
const median = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** One side of a comparison: something that can be timed again and again, and shut down after. */
interface Runner {
  sample(): Promise<Sample>;
  close(): void;
}

/**
 * A long-lived bench/list.cjs process: set up once, then one listing for each sample, timed inside
 * the process around the listing only. Warm-up and the pairs all run in it, so what is compared is
 * the warm listing loop, not start-up or the first compilation of the code.
 */
function warmLister(side: string, url: string, pageSize: number, total: number, options = {}): Runner {
  const child = spawn(
    process.execPath,
    [path.join(__dirname, 'list.cjs'), side, url, String(pageSize), String(total), JSON.stringify(options)],
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const answers = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  let closed = false;
  return {
    async sample() {
      child.stdin.write('\n');
      const next = await answers.next();
      if (next.done) throw new Error(`bench side ${side} exited before answering (code ${child.exitCode})`);
      return JSON.parse(next.value) as Sample;
    },
    close() {
      if (closed) return;
      closed = true;
      child.stdin.end();
    },
  };
}

/** A fresh list.cjs process for every sample: its peak RSS is that of one whole listing. */
function freshLister(side: string, url: string, pageSize: number, total: number, options = {}): Runner {
  return {
    async sample() {
      const one = warmLister(side, url, pageSize, total, options);
      try {
        return await one.sample();
      } finally {
        one.close();
      }
    },
    close() {},
  };
}

/**
 * Runs A and B alternately, after a warm-up of each, and compares them pair by pair: at least
 * 15 pairs (BENCH_RUNS), the median of the per-pair B/A ratios and its middle half beside it.
 */
async function paired(
  scenario: string,
  makeA: () => Runner,
  makeB: () => Runner,
  names: [string, string],
  budget?: number | Budget,
  measure: 'wall' | 'peak rss' = 'wall',
  warmup = WARMUP,
  runs = RUNS,
): Promise<Row | undefined> {
  if (ONLY !== undefined && !scenario.includes(ONLY)) return undefined;
  const a = makeA();
  const b = makeB();
  const as: Sample[] = [];
  const bs: Sample[] = [];
  try {
    for (let i = 0; i < warmup; i++) {
      await a.sample();
      await b.sample();
    }
    for (let i = 0; i < runs; i++) {
      // Alternate which side goes first, so neither always runs on a warmer machine.
      if (i % 2 === 0) {
        as.push(await a.sample());
        bs.push(await b.sample());
      } else {
        bs.push(await b.sample());
        as.push(await a.sample());
      }
    }
  } finally {
    a.close();
    b.close();
  }
  const of = (sample: Sample) => (measure === 'wall' ? sample.wallMs : sample.maxRssMb);
  const wallRatios = as.map((s, i) => of(bs[i]!) / of(s));
  const row: Row = {
    scenario,
    a: names[0],
    b: names[1],
    aWall: median(as.map(of)),
    bWall: median(bs.map(of)),
    unit: measure === 'wall' ? 'ms' : 'MB',
    wallRatio: median(wallRatios),
    wallSpread: [quantile(wallRatios, 0.25), quantile(wallRatios, 0.75)],
    cpuRatio: measure === 'wall' && as[0]!.cpuMs ? median(as.map((s, i) => bs[i]!.cpuMs / s.cpuMs)) : undefined,
    budget: typeof budget === 'number' ? { limit: budget, on: 'wall and cpu' } : budget,
  };
  printRow(row);
  return row;
}

/** Wall time of a whole `node -e` process, start to exit. */
function processWall(code: string): () => Runner {
  const sample = () =>
    new Promise<Sample>((resolve, reject) => {
      const t0 = process.hrtime.bigint();
      const child = spawn(process.execPath, ['-e', code], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
      child.once('error', reject);
      child.once('exit', (status) =>
        status === 0
          ? resolve({ wallMs: Number(process.hrtime.bigint() - t0) / 1e6, cpuMs: 0, maxRssMb: 0 })
          : reject(new Error(`node -e ${code} exited ${status}`)),
      );
    });
  return () => ({ sample, close() {} });
}

/**
 * `within 1.15x` / `OVER 1.15x`, `met >= 3x` / `SHORT of 3x`, or '' for a row that only reports. A
 * budget that falls inside the middle half of the pairs' ratios is a verdict the noise could turn,
 * and says so.
 */
function verdict(r: Row): string {
  const b = r.budget;
  if (!b) return '';
  const ratio = b.on === 'wall and cpu' ? Math.max(r.wallRatio, r.cpuRatio ?? 0) : r.wallRatio;
  const met = b.atLeast ? ratio >= b.limit : ratio <= b.limit;
  const word = b.atLeast
    ? met
      ? `met >= ${b.limit}x`
      : `SHORT of ${b.limit}x`
    : met
      ? `within ${b.limit}x`
      : `OVER ${b.limit}x`;
  const noisy = r.wallSpread[0] <= b.limit && b.limit <= r.wallSpread[1];
  return noisy ? `${word}, inside the spread` : word;
}

const spread = (r: Row) => `${r.wallSpread[0].toFixed(2)}-${r.wallSpread[1].toFixed(2)}`;

function printRow(r: Row): void {
  const v = verdict(r);
  console.log(
    `${r.scenario.padEnd(34)} ${r.a.padEnd(14)} ${r.aWall.toFixed(1).padStart(8)} ${r.unit}  ${r.b.padEnd(16)} ${r.bWall.toFixed(1).padStart(8)} ${r.unit}  ${r.unit === 'MB' ? 'rss' : 'wall'} ${r.wallRatio.toFixed(3)}x (${spread(r)})` +
      (r.cpuRatio !== undefined ? `  cpu ${r.cpuRatio.toFixed(3)}x` : '') +
      (v ? `  ${v} (${r.budget!.on})` : ''),
  );
}

/**
 * Work that overlaps the network, against the simulator with 20 ms added to every answer: a
 * consumer that awaits 5 ms per page (strict validation, read-ahead 1) against the raw loop doing
 * the same; and 8 days listed four at a time against one listing of the same window.
 */
async function overlapAndParallel(): Promise<(Row | undefined)[]> {
  const rows: (Row | undefined)[] = [];
  const credentials = { accountSid: BENCH_ACCOUNT, authToken: BENCH_TOKEN, serviceSids: [FIXTURE_SERVICE_SID] };
  const total = QUICK ? 500 : 10_000;
  const sim = await startSimulator({ ...credentials, conversations: total, seed: 3, latency: 20 });
  try {
    const side = (name: string) => () => warmLister(name, sim.url, 100, total, { workMs: 5 });
    rows.push(
      await paired(
        `list ${total}, PageSize 100, 20 ms latency, 5 ms work a page`,
        side('raw'),
        side('pages-strict'),
        ['raw fetch', 'iteratePages strict'],
        { limit: 0.85, on: 'wall' },
        'wall',
        WARMUP_SLOW,
        RUNS_SLOW,
      ),
    );
  } finally {
    await sim.close();
  }
  // 8 days listed by one date-filtered listing or four days at once. Days of two pages (200) fit
  // in what a waiting day may hold, so four days at once approach four times the speed; days of ten
  // pages (1,000) do not: the day being handed on is a chain of requests, one page per round trip,
  // and a waiting day stops at its read-ahead. Those rows report what raising readAhead buys.
  // The export rows: days of 15 pages, the consumer doing no work of its own (the issue's budget
  // rows: ordered >= 3.2x, order 'any' >= 3.6x), then with 5 ms of work a page (reported).
  const atLeast = (limit: number): Budget => ({ limit, on: 'wall', atLeast: true });
  const shapes: { perDay: number; workMs: number; budget?: Budget; readAhead?: number; order?: string }[] = QUICK
    ? [
        { perDay: 20, workMs: 5, budget: atLeast(3) },
        { perDay: 30, workMs: 0, budget: atLeast(3.2) },
        { perDay: 30, workMs: 0, budget: atLeast(3.6), order: 'any' },
      ]
    : [
        { perDay: 200, workMs: 5, budget: atLeast(3) },
        { perDay: 1000, workMs: 5 },
        { perDay: 1000, workMs: 5, readAhead: 8 },
        { perDay: 1500, workMs: 0, budget: atLeast(3.2) },
        { perDay: 1500, workMs: 0, budget: atLeast(3.6), order: 'any' },
        { perDay: 1500, workMs: 5 },
        { perDay: 1500, workMs: 5, order: 'any' },
      ];
  for (const { perDay, workMs, budget, readAhead, order } of shapes) {
    const scenario = `8 days x ${perDay}, PageSize 100, 20 ms latency${workMs ? `, ${workMs} ms work a page` : ''}${readAhead ? `, readAhead ${readAhead}` : ''}${order ? `, order ${order}` : ''}`;
    if (ONLY !== undefined && !scenario.includes(ONLY)) continue;
    const days = await startSimulator({ ...credentials, data: eightDays(perDay), latency: 20 });
    try {
      const window = { startDate: '2026-03-01', endDate: '2026-03-08', workMs, readAhead, order };
      const side = (concurrency: number) => () =>
        warmLister('pages-strict', days.url, 100, 8 * perDay, { ...window, concurrency });
      rows.push(
        await paired(
          scenario,
          side(4),
          side(1),
          ['concurrency 4', 'concurrency 1'],
          budget,
          'wall',
          WARMUP_SLOW,
          RUNS_SLOW,
        ),
      );
    } finally {
      await days.close();
    }
  }
  return rows;
}

/** Peak RSS of the whole process listing BIG conversations at PageSize 1000, counting them: the default client against the raw loop. */
async function peakRss(): Promise<Row | undefined> {
  const size = PAGE_SIZES[PAGE_SIZES.length - 1]!;
  const scenario = `peak RSS, list ${BIG}, PageSize ${size}, items counted`;
  if (ONLY !== undefined && !scenario.includes(ONLY)) return undefined;
  const big = await startBenchServer({ total: BIG, pageSizes: [size] });
  try {
    const side = (name: string) => () => freshLister(name, big.url, size, BIG);
    return await paired(
      scenario,
      side('raw'),
      side('items-warn'),
      ['raw fetch', 'iterateConv. warn'],
      { limit: 1.2, on: 'peak rss' },
      'peak rss',
      WARMUP_SLOW,
      RUNS_SLOW,
    );
  } finally {
    await big.stop();
  }
}

/**
 * The ordered export's memory, read slowly: 8 days of 4 pages of 1,000 (about 35 MB of bodies, more
 * than the default 16 MiB buffer), 4 days at once, the consumer taking 20 ms a page. Reports the
 * most body bytes the client held against the README's bound for them, and the peak RSS beside it.
 */
async function exportMemory(): Promise<string | undefined> {
  const scenario = 'ordered export memory';
  if (ONLY !== undefined && !scenario.includes(ONLY)) return undefined;
  const perDay = QUICK ? 1500 : 4000;
  const credentials = { accountSid: BENCH_ACCOUNT, authToken: BENCH_TOKEN, serviceSids: [FIXTURE_SERVICE_SID] };
  const days = await startSimulator({ ...credentials, data: eightDays(perDay) });
  try {
    const window = { startDate: '2026-03-01', endDate: '2026-03-08', concurrency: 4, workMs: QUICK ? 1 : 20 };
    const sample = (await freshLister('export-held', days.url, 1000, 8 * perDay, window).sample()) as Sample & {
      heldPeakMb: number;
      boundMb: number;
      bufferMb: number;
    };
    const verdict = sample.heldPeakMb <= sample.boundMb ? 'within' : 'OVER';
    const line = `${scenario}: 8 days x ${perDay} at PageSize 1000, concurrency 4, default buffer (${sample.bufferMb} MiB), 20 ms work a page: at most ${sample.heldPeakMb.toFixed(1)} MiB of bodies held, bound ${sample.boundMb.toFixed(1)} MiB (buffer + a page for each of 4 requests + the read-ahead): ${verdict}; peak RSS ${sample.maxRssMb.toFixed(0)} MB`;
    console.log(line);
    return line;
  } finally {
    await days.close();
  }
}

function eightDays(perDay: number) {
  return Array.from({ length: 8 * perDay }, (_, i) => {
    const day = Math.floor(i / perDay);
    const second = ((i % perDay) * 86_400) / perDay;
    const created = new Date(Date.UTC(2026, 2, 1 + day) + second * 1000).toISOString().replace('.000Z', 'Z');
    return { ...makeConversation(i), date_created: created };
  });
}

function dirSize(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? dirSize(full) : statSync(full).size;
  }
  return total;
}

/** Packs this package, installs it with --omit=dev in an empty project, and counts what arrived. */
async function installFootprint(): Promise<{ packages: number; bytes: number; names: string[] }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-install-'));
  try {
    const { stdout } = await run('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: ROOT });
    const tarball = path.join(dir, stdout.trim().split('\n').pop()!);
    writeFileSync(path.join(dir, 'package.json'), '{"name":"install-footprint","version":"1.0.0","private":true}');
    // --prefer-offline: npm ci caches tarballs but not registry metadata, which a fresh machine must fetch.
    await run(
      'npm',
      ['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball],
      { cwd: dir },
    );
    const lock = JSON.parse(readFileSync(path.join(dir, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, unknown>;
    };
    const names = Object.keys(lock.packages)
      .filter((p) => p.startsWith('node_modules/'))
      .map((p) => p.slice('node_modules/'.length));
    return { packages: names.length, bytes: dirSize(path.join(dir, 'node_modules')), names };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function versionOf(name: string): string {
  return (
    JSON.parse(readFileSync(require.resolve(`${name}/package.json`, { paths: [ROOT] }), 'utf8')) as { version: string }
  ).version;
}

(async () => {
  const started = Date.now();
  const rows: Row[] = [];
  const add = (row: Row | undefined) => void (row && rows.push(row));
  const notes: string[] = [];
  console.log(
    `benchmarks: ${RUNS} paired listings after ${WARMUP} warm-up in each long-lived side (20 ms and RSS rows: ${RUNS_SLOW} after ${WARMUP_SLOW}), medians; ratios are B/A per pair${QUICK ? ' (quick smoke run: tiny sizes, figures mean nothing)' : ''}\n`,
  );

  const server = await startBenchServer({ total: TOTAL, pageSizes: PAGE_SIZES });
  try {
    for (const size of PAGE_SIZES) {
      const side = (name: string) => () => warmLister(name, server.url, size, TOTAL);
      const list = `list ${TOTAL}, PageSize ${size}`;
      // Like for like: a page loop against the raw page loop. The item iterator adds one await per item.
      add(
        await paired(`${list}, bare openapi-fetch (reference)`, side('raw'), side('openapi-fetch'), [
          'raw fetch',
          'openapi-fetch',
        ]),
      );
      add(
        await paired(
          `${list}, pages, validation off`,
          side('raw'),
          side('pages-off'),
          ['raw fetch', 'iteratePages'],
          1.05,
        ),
      );
      add(
        await paired(
          `${list}, pages, warn validation (default)`,
          side('raw'),
          side('pages-warn'),
          ['raw fetch', 'iteratePages'],
          1.1,
        ),
      );
      add(
        await paired(
          `${list}, pages, strict validation`,
          side('raw'),
          side('pages-strict'),
          ['raw fetch', 'iteratePages'],
          1.1,
        ),
      );
      add(
        await paired(
          `${list}, items, validation off`,
          side('raw'),
          side('items-off'),
          ['raw fetch', 'iterateConv.'],
          1.05,
        ),
      );
      add(
        await paired(
          `${list}, items, warn validation (default)`,
          side('raw'),
          side('items-warn'),
          ['raw fetch', 'iterateConv.'],
          1.1,
        ),
      );
      add(
        await paired(
          `${list}, items, strict validation`,
          side('raw'),
          side('items-strict'),
          ['raw fetch', 'iterateConv.'],
          1.1,
        ),
      );
      add(
        await paired(`${list}, twilio list()`, side('items-off'), side('twilio-list'), ['iterateConv.', 'twilio SDK']),
      );
      add(
        await paired(`${list}, twilio each()`, side('items-off'), side('twilio-each'), ['iterateConv.', 'twilio SDK']),
      );
    }
  } finally {
    await server.stop();
  }

  for (const row of await overlapAndParallel()) add(row);
  add(await peakRss());
  const memory = await exportMemory();
  if (memory) notes.push(memory);

  const create = `require(${JSON.stringify(ROOT)}).createConversationsClient({ accountSid: 'AC' + '0'.repeat(32), authToken: 't', env: {} })`;
  add(
    await paired(
      'cold start: import + create client',
      processWall('0'),
      processWall(create),
      ['node -e 0', 'this package'],
      1.25,
    ),
  );
  if (!QUICK) {
    add(
      await paired('cold start: require openapi-fetch', processWall('0'), processWall("require('openapi-fetch')"), [
        'node -e 0',
        'openapi-fetch',
      ]),
    );
    add(
      await paired('cold start: require twilio', processWall('0'), processWall("require('twilio')"), [
        'node -e 0',
        'twilio',
      ]),
    );
  }

  if (ONLY !== undefined) return;

  // Memory: peak RSS of a whole listing, against a list ten times longer from its own server.
  const rssSize = PAGE_SIZES[PAGE_SIZES.length - 1]!;
  const rss: string[] = [];
  const smallServer = await startBenchServer({ total: TOTAL, pageSizes: [rssSize] });
  const bigServer = await startBenchServer({ total: BIG, pageSizes: [rssSize] });
  try {
    for (const [side, label] of [
      ['items-off', 'this client, iterateConversations'],
      ['twilio-list', 'twilio list()'],
    ] as const) {
      const small = await freshLister(side, smallServer.url, rssSize, TOTAL).sample();
      const large = await freshLister(side, bigServer.url, rssSize, BIG).sample();
      const line = `peak RSS, ${label}, PageSize ${rssSize}: ${TOTAL} items ${small.maxRssMb.toFixed(0)} MB, ${BIG} items ${large.maxRssMb.toFixed(0)} MB (${(large.maxRssMb / small.maxRssMb).toFixed(2)}x)`;
      rss.push(line);
      console.log(line);
    }
  } finally {
    await smallServer.stop();
    await bigServer.stop();
  }

  const install = await installFootprint();
  const installLine = `production install of the packed package: ${install.packages} packages, ${(install.bytes / 1e6).toFixed(2)} MB (${install.names.join(', ')}); budget 5 packages, 5 MB: ${install.packages <= 5 && install.bytes <= 5e6 ? 'within' : 'OVER'}`;
  console.log(installLine);

  // Bundle size: "create a client and list" bundled for the browser platform (as for Workers), and
  // the same with the official SDK, which only bundles for Node (its built-ins left external).
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const ours = await bundle(LIST_SNIPPET.ours);
  const sdk = await bundle(LIST_SNIPPET.twilio, 'node');
  const bundleLine = `bundle of "create a client and list", esbuild minified: this client (platform browser, nothing external) ${kb(ours.bytes)}, ${kb(ours.gzipBytes)} gzipped; twilio ${versionOf('twilio')} (platform node: it does not build for the browser) ${kb(sdk.bytes)}, ${kb(sdk.gzipBytes)} gzipped (${(sdk.gzipBytes / ours.gzipBytes).toFixed(1)}x)`;
  console.log(bundleLine);

  let makeTest = '';
  if (args.has('--make-test')) {
    const t0 = Date.now();
    await run('make', ['-s', 'test'], { cwd: ROOT, maxBuffer: 64 << 20 });
    makeTest = `make test (after install): ${((Date.now() - t0) / 1000).toFixed(1)} s`;
    console.log(makeTest);
  }

  console.log(`\nharness finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (args.has('--no-write')) return;

  const cpu = os.cpus();
  const table = [
    '| scenario | A | A median | B | B median | B/A wall, or RSS (middle half of pairs) | B/A CPU | budget |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.a} | ${r.aWall.toFixed(1)} ${r.unit} | ${r.b} | ${r.bWall.toFixed(1)} ${r.unit} | ${r.wallRatio.toFixed(3)}x (${spread(r)})${r.unit === 'MB' ? ' RSS' : ''} | ${r.cpuRatio === undefined ? '-' : `${r.cpuRatio.toFixed(3)}x`} | ${r.budget ? `${verdict(r)} (${r.budget.on})` : 'report'} |`,
    ),
  ].join('\n');
  const md = [
    '# Benchmark results',
    '',
    `Written by \`make bench\` (bench/run.ts) on ${new Date().toISOString()}.`,
    `Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}.`,
    `Node ${process.version}; twilio-conversations-contract ${JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version}, openapi-fetch ${versionOf('openapi-fetch')}, twilio ${versionOf('twilio')}.`,
    `Method: each side is its own long-lived process listing from a local server of pre-rendered pages (the 20 ms scenarios: the simulator with latency 20); in each process ${WARMUP} warm-up listings, then ${RUNS} paired listings (the 20 ms and peak RSS rows: ${WARMUP_SLOW}, then ${RUNS_SLOW}), A and B alternating, each timed inside its process around the listing only (warm, in the loop); medians, and the median of the per-pair B/A ratios, with the middle half of those ratios (first to third quartile) in brackets: a verdict whose budget lies inside that spread says so, as the noise could turn it. Peak RSS rows use a fresh process for each listing; cold start is the wall time of a whole process.`,
    '',
    table,
    '',
    ...rss.map((l) => `- ${l}`),
    `- ${installLine}`,
    `- ${bundleLine}`,
    ...(makeTest ? [`- ${makeTest}`] : []),
    ...notes.map((n) => `- ${n}`),
    '',
  ].join('\n');
  writeFileSync(path.join(__dirname, 'RESULTS.md'), md);
  console.log('wrote bench/RESULTS.md');
})().catch((error) => {
  console.error(`bench failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
