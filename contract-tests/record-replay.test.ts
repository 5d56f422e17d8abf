import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createConversationsClient } from '../src';
import type { ConformanceReport } from '../src/conformance';
import { MOCK_CREDENTIALS } from '../src/prism/launcher';
import { runCli, spawnCli } from '../test-support/cli';
import { FIXTURE_ACCOUNT_SID, FIXTURE_AUTH_TOKEN, makeConversation } from '../test-support/fixtures';
import { fakeTwilioEnv, startFakeTwilio, type FakeTwilio } from '../test-support/twilio-server';

// Record and replay from the command line: a live run saves what it checked as HAR, the HAR is
// checked offline, and the simulator serves it. The server echoes the credentials it was sent,
// so the recording would hold them unless the writer removes them.

const data = Array.from({ length: 120 }, (_, i) => makeConversation(i));
const basicPair = Buffer.from(`${FIXTURE_ACCOUNT_SID}:${FIXTURE_AUTH_TOKEN}`).toString('base64');

let server: FakeTwilio;
beforeAll(async () => {
  server = await startFakeTwilio({
    conversations: data,
    mutate: (body, { index }) => {
      if (index === 0) {
        body.conversations[0].friendly_name = `echo ${FIXTURE_AUTH_TOKEN} and Basic ${basicPair}`;
        body.conversations[1].friendly_name = encodeURIComponent(FIXTURE_AUTH_TOKEN);
      }
      return body;
    },
  });
});
afterAll(() => server.stop());

/** Every form of the secret a careless writer could leave in the file. */
function expectNoSecret(text: string) {
  expect(text).not.toContain(FIXTURE_AUTH_TOKEN);
  expect(text).not.toContain(basicPair);
  expect(text).not.toContain(Buffer.from(FIXTURE_AUTH_TOKEN).toString('base64'));
  expect(text.toLowerCase()).not.toContain('"authorization"');
  expect(text).not.toMatch(/Basic [A-Za-z0-9+/=]{8,}/);
}

describe('verify --live --record', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'record-'));
  const har = path.join(dir, 'recordings', 'nightly.har'); // a folder that does not exist yet
  let live: ConformanceReport;

  beforeAll(async () => {
    const result = await runCli(['verify', '--live', '--record', har, '--format', 'json'], fakeTwilioEnv(server));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    live = JSON.parse(result.stdout) as ConformanceReport;
  });

  it('writes every exchange it checked, probes included, as HAR 1.2 with no credential in any form', () => {
    const text = readFileSync(har, 'utf8');
    expectNoSecret(text);
    expect(existsSync(`${har}.partial`)).toBe(false);
    const log = (JSON.parse(text) as { log: { version: string; entries: any[] } }).log;
    expect(log.version).toBe('1.2');
    expect(log.entries).toHaveLength(live.exchanges);
    expect(log.entries.map((e) => e.response.status).sort()).toEqual(
      [...Array(live.exchanges - 2).fill(200), 401, 404].sort(),
    );
    // Account and service SIDs stay: a replay needs them.
    expect(text).toContain(FIXTURE_ACCOUNT_SID);
    expect(log.entries[0].request.headers.map((h: { name: string }) => h.name.toLowerCase())).toContain('user-agent');
    expect(log.entries[0].response.content.text).toContain('[REDACTED]');
  });

  it('replays offline: verify on the recording checks the same responses and passes', async () => {
    const result = await runCli(['verify', har, '--format', 'json']);
    expect(result.code).toBe(0);
    const replay = JSON.parse(result.stdout) as ConformanceReport;
    expect(replay.exchanges).toBe(live.exchanges);
    expect(replay.checks.response_schema_conformance.passed).toBe(live.checks.response_schema_conformance.passed);
    expect(replay.checks.pagination_links.passed).toBeGreaterThan(0);
    expect(replay.checks.pagination_links.failed).toBe(0);
  });

  it('verify --coverage says what the recording exercised and what it never did; a threshold fails the run', async () => {
    const text = await runCli(['verify', har, '--coverage']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Coverage of the contract: \d+ of \d+ goals \(\d+%\)$/m);
    expect(text.stdout).toMatch(/^ {2}statuses seen: 200 x\d+, 401 x1, 404 x1$/m);
    expect(text.stdout).toContain('    no 429 seen');
    expect(text.stdout).toContain('    conversations[].timers: never null');

    const json = await runCli(['verify', har, '--coverage', '--format', 'json']);
    const coverage = (JSON.parse(json.stdout) as ConformanceReport).coverage!;
    expect(coverage.filters.State).toBeGreaterThan(0);
    expect(coverage.pages.withNextLink).toBeGreaterThan(0);
    expect(coverage.pages.lastPage).toBeGreaterThan(0);
    // 40 of each state in the full listing, and the State=active listing's 40 once more.
    const states = coverage.enums[0]!.values;
    expect(Object.keys(states).sort()).toEqual(['active', 'closed', 'inactive']);
    expect(states.active).toBeGreaterThanOrEqual(80);
    expect(Math.min(states.closed!, states.inactive!)).toBeGreaterThanOrEqual(40);

    const strict = await runCli(['verify', har, '--coverage-threshold', String(coverage.percent + 1)]);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain(`FAIL: 0 failures, 0 drift findings, coverage ${coverage.percent}% below`);
    const met = await runCli(['verify', har, '--coverage-threshold', String(coverage.percent)]);
    expect(met.code).toBe(0);
    const bad = await runCli(['verify', har, '--coverage-threshold', '101']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--coverage-threshold.*must be a whole percent, 0 to 100/);
  });

  it('is served by the simulator: mock --stateful --data gives the recorded conversations back, each once', async () => {
    const cli = spawnCli(['mock', '--stateful', '--data', har]);
    try {
      await cli.waitForStdout((out) => out.includes('\n'));
      await cli.waitForStderr((err) => err.includes('Try: curl'));
      const client = createConversationsClient({ baseUrl: cli.stdout.trim(), ...MOCK_CREDENTIALS, env: {} });
      const sids: string[] = [];
      for await (const c of client.iterateConversations({ chatServiceSid: data[0]!.chat_service_sid!, pageSize: 50 }))
        sids.push(c.sid!);
      expect(sids.sort()).toEqual(data.map((c) => c.sid).sort());
      cli.child.kill('SIGTERM');
      expect((await cli.done).code).toBe(143);
    } finally {
      cli.child.kill('SIGKILL');
    }
  });
});

it('--record is refused with recorded files (they are recorded already), and nothing is written', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'record-'));
  const har = path.join(dir, 'x.har');
  const result = await runCli(['verify', path.join(dir, 'in.json'), '--record', har]);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/--record saves what --live or --mock sees/);
  expect(existsSync(har)).toBe(false);
});
