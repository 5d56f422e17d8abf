import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ConformanceReport } from '../src/conformance';
import { runCli } from '../test-support/cli';
import { FIXTURE_ACCOUNT_SID, FIXTURE_AUTH_TOKEN, makeConversation } from '../test-support/fixtures';
import { fakeTwilioEnv, startFakeTwilio, type FakeTwilio } from '../test-support/twilio-server';

// The live code path (`verify --live`, credentials from the environment) run against a
// local Twilio-compatible server: once conforming, once with planted violations.
const data = Array.from({ length: 230 }, (_, i) => makeConversation(i));

const liveEnv = (server: FakeTwilio) => fakeTwilioEnv(server);

describe('live conformance against a conforming local server', () => {
  let server: FakeTwilio;
  beforeAll(async () => {
    server = await startFakeTwilio({ conversations: data });
  });
  afterAll(() => server.stop());

  it('passes, lists every page, checks the filters and the probes, and writes JUnit', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'live-'));
    const junit = path.join(dir, 'reports', 'ci', 'live.xml'); // a folder that does not exist yet, as in a CI job
    const result = await runCli(['verify', '--live', '--format', 'json', '--junit', junit], liveEnv(server));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as ConformanceReport;
    expect(report.ok).toBe(true);
    expect(report.groups).toEqual([]);
    expect(report.runErrors).toEqual([]);
    // 5 pages of the full listing, plus filtered listings, plus two probes.
    expect(report.checks.pagination_links.passed).toBeGreaterThanOrEqual(5);
    expect(report.checks.filter_conformance.passed).toBeGreaterThan(0);
    expect(report.checks.error_body_conformance.passed).toBe(2);
    expect(report.checks.status_code_conformance.failed).toBe(0);
    // The client followed the server's next links byte for byte (tokens hold + and :).
    expect(server.requests.some((r) => /PageToken=PT\d+:[0-9a-f]{12}\+$/.test(r.url))).toBe(true);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('<testsuite name="response_schema_conformance"');
    expect(xml).not.toContain('<failure');
  });

  it('prints a readable summary by default', async () => {
    const result = await runCli(['verify', '--live', '--max-pages', '2'], liveEnv(server));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Conformance of live API http:\/\/127\.0\.0\.1:\d+, service IS/);
    expect(result.stdout).toMatch(/response_schema_conformance\s+\d+\s+0\s+0/);
    expect(result.stdout).toContain('PASS: 0 failures');
  });

  it('says clearly that it is skipped, and why, without credentials (exit 2, never a pass)', async () => {
    const result = await runCli(['verify', '--live'], {
      TWILIO_CONVERSATIONS_BASE_URL: server.url,
      TWILIO_ACCOUNT_SID: FIXTURE_ACCOUNT_SID,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/live conformance skipped: TWILIO_AUTH_TOKEN, TWILIO_CHAT_SERVICE_SID are not set/);
    expect(result.stdout).toBe('');
  });

  it('fails the run when the credentials are wrong, and says so', async () => {
    const result = await runCli(['verify', '--live'], { ...liveEnv(server), TWILIO_AUTH_TOKEN: 'wrong-token-value' });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/ERROR full listing failed: .*HTTP 401/);
    expect(result.stdout).not.toContain('wrong-token-value');
  });
});

describe('live conformance against a server with planted violations', () => {
  let server: FakeTwilio;
  beforeAll(async () => {
    server = await startFakeTwilio({
      conversations: data,
      // Only the unfiltered listing is changed, so each violation appears exactly once.
      mutate: (body, { index, filtered }) => {
        if (filtered) return body;
        if (index === 0) body.conversations[3].friendly_name = 42; // a wrong type
        if (index === 1) body.conversations[2].sid = `CH${'z'.repeat(32)}`; // a pattern break
        if (index === 2) delete body.meta.previous_page_url; // a missing meta field
        if (index === 2) body.conversations[0].state = 'initializing'; // an unknown enum value
        if (index === 3) body.meta.next_page_url = body.meta.next_page_url.replace('/Conversations?', '/Conversation?'); // a broken next link
        return body;
      },
    });
  });
  afterAll(() => server.stop());

  const planted = [
    'response_schema_conformance /conversations/3/friendly_name type failure',
    'response_schema_conformance /conversations/2/sid pattern failure',
    'response_schema_conformance /meta/previous_page_url required failure',
    'unknown_fields /conversations/0/state unknown enum value drift',
    'pagination_links /meta/next_page_url points at this list failure',
  ];

  async function run(extra: string[] = []) {
    const result = await runCli(['verify', '--live', '--format', 'json', ...extra], liveEnv(server));
    const report = JSON.parse(result.stdout) as ConformanceReport;
    const found = report.groups.map((g) => `${g.check} ${g.first.pointer} ${g.rule} ${g.severity}`).sort();
    return { result, report, found };
  }

  it('finds each planted violation at its JSON pointer, and nothing else', async () => {
    const { result, report, found } = await run();
    expect(found).toEqual([...planted].sort());
    expect(report.groups.every((g) => g.count === 1)).toBe(true);
    expect(result.code).toBe(1);
    // Every finding can be reproduced, with placeholders instead of credentials.
    for (const g of report.groups)
      expect(g.first.curl).toMatch(
        /^curl -sS -u "\$TWILIO_ACCOUNT_SID:\$TWILIO_AUTH_TOKEN" 'http:\/\/127\.0\.0\.1:\d+\/v1\/Services\//,
      );
    expect(report.groups.find((g) => g.rule === 'pattern')!.first.actual).toBe(JSON.stringify(`CH${'z'.repeat(32)}`));
    expect(report.notes.join('\n')).toMatch(/full listing stopped early/);
  });

  it('counts the unknown enum value as drift, and as a failure in strict mode', async () => {
    const { found } = await run(['--strict']);
    expect(found).toContain('unknown_fields /conversations/0/state unknown enum value failure');
    const onlyDrift = await run(['--only', 'unknown_fields']);
    expect(onlyDrift.result.code).toBe(0);
    expect(onlyDrift.report.checks.unknown_fields.drift).toBe(1);
    const strictOnly = await run(['--only', 'unknown_fields', '--strict']);
    expect(strictOnly.result.code).toBe(1);
  });

  it('lets each check be turned off', async () => {
    const { found, report } = await run(['--skip', 'response_schema_conformance,pagination_links']);
    expect(found).toEqual(['unknown_fields /conversations/0/state unknown enum value drift']);
    expect(report.checks.response_schema_conformance.enabled).toBe(false);
  });

  it('reports the violations in JUnit with reproducing curl lines and no secrets', async () => {
    const result = await runCli(['verify', '--live', '--format', 'junit'], liveEnv(server));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/<testsuite name="response_schema_conformance" tests="\d+" failures="3">/);
    expect(result.stdout).toContain('reproduce: curl -sS -u &quot;$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN&quot;');
    for (const format of ['text', 'json', 'junit']) {
      const out = await runCli(['verify', '--live', '--format', format], liveEnv(server));
      expect(out.stdout + out.stderr).not.toContain(FIXTURE_AUTH_TOKEN);
      expect(out.stdout + out.stderr).not.toContain(
        Buffer.from(`${FIXTURE_ACCOUNT_SID}:${FIXTURE_AUTH_TOKEN}`).toString('base64'),
      );
    }
  });
});
