import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

// The benchmark harness must not rot: run it end to end with tiny sizes. Nothing here judges
// the figures (timings are never asserted in tests); it checks every scenario still runs.
const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');

describe('benchmark harness (quick smoke run)', () => {
  it('runs every scenario and prints a row for each', async () => {
    const { stdout } = await run(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'bench/run.ts', '--quick', '--no-write'],
      { cwd: ROOT, maxBuffer: 8 << 20 },
    );
    for (const row of [
      // Each ratio comes with the middle half of the pairs' ratios.
      /list 2000, PageSize 100, pages, validation off\s+raw fetch .* wall \d+\.\d+x \(\d+\.\d+-\d+\.\d+\)\s+cpu \d+\.\d+x/,
      /list 2000, PageSize 100, pages, warn validation \(default\)\s+raw fetch .* (within|OVER) 1\.1x/,
      /list 2000, PageSize 100, items, validation off/,
      /list 2000, PageSize 100, items, warn validation \(default\)/,
      /list 2000, PageSize 100, pages, strict validation/,
      /list 2000, PageSize 100, twilio list\(\)/,
      /list 2000, PageSize 100, twilio each\(\)/,
      /list 500, PageSize 100, 20 ms latency, 5 ms work a page\s+raw fetch .* wall \d+\.\d+x/,
      /8 days x 20, PageSize 100, 20 ms latency, 5 ms work a page\s+concurrency 4 .*concurrency 1 .* wall \d+\.\d+x/,
      /8 days x 30, PageSize 100, 20 ms latency\s+concurrency 4 .*concurrency 1 .* wall \d+\.\d+x .*3\.2x/,
      /8 days x 30, PageSize 100, 20 ms latency, order any\s+concurrency 4 .*concurrency 1 .* wall \d+\.\d+x .*3\.6x/,
      /peak RSS, list 4000, PageSize 100, items counted\s+raw fetch .* MB .* rss \d+\.\d+x/,
      /ordered export memory: .* at most \d+\.\d MiB of bodies held, bound \d+\.\d MiB .*: (within|OVER); peak RSS \d+ MB/,
      /cold start: import \+ create client/,
      /peak RSS, this client, iterateConversations, PageSize 100: 2000 items \d+ MB, 4000 items \d+ MB/,
      /peak RSS, twilio list\(\)/,
      /production install of the packed package: \d+ packages, \d+\.\d+ MB/,
    ]) {
      expect(stdout).toMatch(row);
    }
  }, 120_000);

  it('times the simulator serving a listing', async () => {
    const { stdout } = await run(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'bench/simulator.ts', '--quick'],
      { cwd: ROOT },
    );
    expect(stdout).toMatch(
      /^simulator: generate 2000 conversations \d+ ms; list 2000 at PageSize 1000: median \d+ ms of 1 runs/,
    );
  }, 60_000);

  it('prices the client check of a page and each kind of rule in it', async () => {
    const { stdout } = await run(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'bench/validation-cost.ts'],
      { cwd: ROOT, env: { ...process.env, ROUNDS: '3' } },
    );
    expect(stdout).toMatch(/ratio to JSON\.parse: client \d+\.\d+x, reference \d+\.\d+x, fast \d+\.\d+x/);
    for (const rule of ['format: uri \\(url, links\\)', 'format: date-time', 'pattern \\(SIDs\\)', 'the rest'])
      expect(stdout).toMatch(new RegExp(`-> ${rule}: -?\\d+\\.\\d+ ms, -?\\d+% of JSON\\.parse`));
  }, 60_000);
});
