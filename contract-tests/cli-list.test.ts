import { PassThrough } from 'node:stream';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Conversation } from '../src';
import { main } from '../src/cli/main';
import { spawnCli, runCli } from '../test-support/cli';
import {
  FIXTURE_ACCOUNT_SID,
  FIXTURE_AUTH_TOKEN,
  FIXTURE_SERVICE_SID,
  makeConversation,
} from '../test-support/fixtures';
import { fakeTwilioEnv, startFakeTwilio, type FakeTwilio, type FakeTwilioOptions } from '../test-support/twilio-server';

// `list` run as a user runs it: the real bin in its own process, credentials in the
// environment, against a local Twilio-compatible server.

const data: Conversation[] = Array.from({ length: 230 }, (_, i) => makeConversation(i));
// Free text that a naive CSV or table writer would break on.
data[1] = { ...data[1]!, friendly_name: 'Smith, "Jo"\nsecond line \u001b[31mred' };

const env = fakeTwilioEnv;

async function withServer(options: Partial<FakeTwilioOptions>, run: (server: FakeTwilio) => Promise<void>) {
  const server = await startFakeTwilio({ conversations: data, ...options });
  try {
    await run(server);
  } finally {
    await server.stop();
  }
}

const lines = (text: string) => text.split('\n').filter((l) => l !== '');

describe('list output formats', () => {
  let server: FakeTwilio;
  beforeAll(async () => {
    server = await startFakeTwilio({ conversations: data });
  });
  afterAll(() => server.stop());

  it('json prints one well-formed array holding every conversation, in order, as served', async () => {
    const result = await runCli(['list', '--format', 'json'], env(server));
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toEqual(data);
  });

  it('ndjson prints one conversation per line', async () => {
    const result = await runCli(['list', '--format', 'ndjson', '--page-size', '100'], env(server));
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(lines(result.stdout).map((l) => JSON.parse(l))).toEqual(data);
  });

  it('csv has every spec property as a column and survives commas, quotes and line breaks', async () => {
    const result = await runCli(['list', '--format', 'csv'], env(server));
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const rows = parseCsv<Record<string, string>>(result.stdout, { columns: true });
    expect(rows).toHaveLength(data.length);
    expect(Object.keys(rows[0]!)).toEqual([
      'account_sid',
      'attributes',
      'chat_service_sid',
      'date_created',
      'date_updated',
      'friendly_name',
      'messaging_service_sid',
      'sid',
      'state',
      'timers',
      'unique_name',
      'url',
      'links',
      'bindings',
    ]);
    // Control characters are shown as escapes by default (the file is safe to print); --csv-raw keeps them.
    expect(rows[1]!.friendly_name).toBe('Smith, "Jo"\\x0asecond line \\x1b[31mred');
    expect(rows.map((r) => r.sid)).toEqual(data.map((c) => c.sid));
    expect(JSON.parse(rows[2]!.links!)).toEqual(data[2]!.links);
    expect(rows[0]!.friendly_name).toBe(''); // null
    const raw = await runCli(['list', '--format', 'csv', '--csv-raw'], env(server));
    const rawRows = parseCsv<Record<string, string>>(raw.stdout, { columns: true });
    expect(rawRows[1]!.friendly_name).toBe(data[1]!.friendly_name);
  });

  it('table has a header and one line per conversation, without colour or control characters in a pipe', async () => {
    const result = await runCli(['list'], env(server));
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const out = lines(result.stdout);
    expect(out).toHaveLength(data.length + 1);
    expect(out[0]).toMatch(/^SID\s+STATE\s+CREATED\s+UNIQUE NAME\s+FRIENDLY NAME$/);
    expect(out[2]).toContain(data[1]!.sid);
    expect(out[2]).toContain('Smith, "Jo"\\x0asecond line \\x1b[31mred');
    expect(result.stdout).not.toContain('\u001b');
  });

  it('--limit stops early: no page beyond it is requested, and a small limit asks for a small page', async () => {
    const before = server.requests.length;
    const result = await runCli(['list', '--format', 'ndjson', '--limit', '7'], env(server));
    expect(result.code).toBe(0);
    expect(lines(result.stdout).map((l) => JSON.parse(l).sid)).toEqual(data.slice(0, 7).map((c) => c.sid));
    const sent = server.requests.slice(before);
    expect(sent.map((r) => r.url)).toEqual([`/v1/Services/${FIXTURE_SERVICE_SID}/Conversations?PageSize=7`]);
  });

  it('--limit above one page stops inside the page that reaches it', async () => {
    const before = server.requests.length;
    const result = await runCli(['list', '--format', 'ndjson', '--limit', '60'], env(server));
    expect(lines(result.stdout)).toHaveLength(60);
    expect(server.requests.length - before).toBe(2);
  });

  it('--state, --start-date and --end-date are sent as the spec names them, and filter', async () => {
    const before = server.requests.length;
    const args = [
      'list',
      '--format',
      'ndjson',
      '--state',
      'closed',
      '--start-date',
      '2026-01-01T01:00:00Z',
      '--end-date',
      '2026-01-01T02:00:00Z',
    ];
    const result = await runCli(args, env(server));
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const expected = data.filter(
      (c) =>
        c.state === 'closed' && c.date_created! >= '2026-01-01T01:00:00Z' && c.date_created! <= '2026-01-01T02:00:00Z',
    );
    expect(expected.length).toBeGreaterThan(5);
    // A date-filtered list comes newest first, as Twilio documents.
    expect(lines(result.stdout).map((l) => JSON.parse(l).sid)).toEqual(expected.map((c) => c.sid).reverse());
    expect(server.requests[before]!.url).toContain('State=closed');
    expect(server.requests[before]!.url).toContain('StartDate=2026-01-01T01%3A00%3A00Z');
  });

  it('--service overrides TWILIO_CHAT_SERVICE_SID', async () => {
    const result = await runCli(['list', '--service', 'IS' + 'f'.repeat(32), '--format', 'ndjson'], env(server));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toEqual([
      expect.stringMatching(
        /^conversations-contract: GET .*ISf{32}\/Conversations failed with HTTP 404 \(Twilio error 20404\)/,
      ),
    ]);
  });
});

describe('list rejects bad input before sending anything', () => {
  let server: FakeTwilio;
  beforeAll(async () => {
    server = await startFakeTwilio({ conversations: data });
  });
  afterAll(() => server.stop());

  const cases: [string, string[], RegExp][] = [
    [
      '--service',
      ['--service', 'IS123'],
      /^conversations-contract: ChatServiceSid "IS123" is invalid: must be "IS" followed by 32 hex digits\. Nothing was sent\.$/m,
    ],
    [
      '--state',
      ['--state', 'open'],
      /^conversations-contract: option '--state <state>' argument 'open' is invalid: Allowed choices are inactive, active, closed/m,
    ],
    [
      '--start-date',
      ['--start-date', 'yesterday'],
      /StartDate "yesterday" is invalid: must be an ISO 8601 date-time \(2026-01-31T09:30:00Z\) or date \(2026-01-31\)/,
    ],
    ['--end-date', ['--end-date', '2026-13-45T00:00:00Z'], /EndDate "2026-13-45T00:00:00Z" is invalid/],
    [
      '--page-size (not a number)',
      ['--page-size', 'ten'],
      /^conversations-contract: option '--page-size <n>' argument 'ten' is invalid: must be a whole number/m,
    ],
    [
      '--page-size (below the minimum)',
      ['--page-size', '0'],
      /PageSize 0 is invalid: must be a whole number from 1 to 1000/,
    ],
    [
      '--page-size (above the maximum)',
      ['--page-size', '1001'],
      /PageSize 1001 is invalid: must be a whole number from 1 to 1000/,
    ],
    ['--limit (zero)', ['--limit', '0'], /--limit.*'0' is invalid: must be 1 or more/],
    [
      '--concurrency (too many)',
      ['--start-date', '2026-01-01', '--concurrency', '17'],
      /concurrency 17 is invalid: must be a whole number from 1 to 16/,
    ],
    [
      '--concurrency (no window)',
      ['--concurrency', '4'],
      /StartDate .*is required with a concurrency above 1: the window from it to endDate \(default now\)/,
    ],
    ['--order (unknown)', ['--order', 'random'], /--order.*'random' is invalid: Allowed choices are listing, any/],
    [
      '--order (no --concurrency)',
      ['--order', 'any'],
      /--order and --buffer-bytes apply to a listing by day: add --concurrency 2 or more/,
    ],
    [
      '--buffer-bytes (not a number)',
      ['--buffer-bytes', 'lots'],
      /--buffer-bytes.*'lots' is invalid: must be a whole number/,
    ],
    ['--limit (negative)', ['--limit', '-3'], /--limit.*'-3' is invalid/],
    ['--format', ['--format', 'xml'], /--format.*'xml' is invalid: Allowed choices are table, json, ndjson, csv/],
    [
      '--validate',
      ['--validate', 'sometimes'],
      /--validate.*'sometimes' is invalid: Allowed choices are off, warn, strict/,
    ],
    [
      '--account-sid',
      ['--account-sid', 'AC1'],
      /^conversations-contract: the Account SID \(--account-sid or TWILIO_ACCOUNT_SID\) must be "AC" followed by 32 hex digits$/m,
    ],
    [
      '--api-key',
      ['--api-key', 'SK1'],
      /^conversations-contract: the API key \(--api-key or TWILIO_API_KEY\) must be "SK" followed by 32 hex digits$/m,
    ],
    [
      '--base-url (not a URL)',
      ['--base-url', 'conversations'],
      /--base-url \(or TWILIO_CONVERSATIONS_BASE_URL\): "conversations" is not an absolute URL/,
    ],
    [
      '--base-url (plain http off this machine)',
      ['--base-url', 'http://example.com'],
      /would send credentials unencrypted/,
    ],
    [
      '--mock with --base-url',
      ['--mock', '--base-url', 'http://127.0.0.1:1'],
      /--mock lists from the simulator, with no account/,
    ],
    ['an unknown option', ['--colour'], /^conversations-contract: unknown option '--colour'/m],
  ];

  it.each(cases)('%s: exit 2, one line naming the input and the rule, nothing sent', async (_name, args, message) => {
    const before = server.requests.length;
    const result = await runCli(['list', ...args], env(server));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/^error:|pass \w+ or set|minLength|must NOT/m); // one style, the CLI's own words
    expect(server.requests.length).toBe(before);
  });

  it('missing credentials: exit 2 naming the variables, and no secret echoed', async () => {
    const result = await runCli(['list'], {
      TWILIO_AUTH_TOKEN: FIXTURE_AUTH_TOKEN,
      TWILIO_CONVERSATIONS_BASE_URL: server.url,
    });
    expect(result.code).toBe(2);
    expect(lines(result.stderr)).toEqual([expect.stringContaining('TWILIO_ACCOUNT_SID')]);
    expect(result.stderr).not.toContain(FIXTURE_AUTH_TOKEN);
  });

  it('no service: exit 2 naming --service and TWILIO_CHAT_SERVICE_SID', async () => {
    const { TWILIO_CHAT_SERVICE_SID: _, ...rest } = env(server);
    const result = await runCli(['list'], rest);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'conversations-contract: no service: pass --service IS... or set TWILIO_CHAT_SERVICE_SID\n',
    );
  });

  it('--debug adds the stack trace; without it there is none', async () => {
    const plain = await runCli(['list', '--page-size', '0'], env(server));
    const debug = await runCli(['list', '--page-size', '0', '--debug'], env(server));
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(/RequestValidationError: PageSize 0 is invalid[^]*\n\s+at /);
  });
});

describe('list failures', () => {
  it('wrong credentials: exit 1, one line with the status and Twilio code, the token nowhere', async () => {
    await withServer({}, async (server) => {
      const wrong = 'wrong-token-with-a-secret-value';
      const result = await runCli(['list', '--debug'], env(server, { TWILIO_AUTH_TOKEN: wrong }));
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^conversations-contract: GET \S+ failed with HTTP 401 \(Twilio error 20003\): Authenticate/,
      );
      const basic = Buffer.from(`${FIXTURE_ACCOUNT_SID}:${wrong}`).toString('base64');
      for (const text of [result.stdout, result.stderr]) {
        expect(text).not.toContain(wrong);
        expect(text).not.toContain(basic);
      }
    });
  });

  it('--validate strict stops at the first page that breaks the spec (exit 1); what came before is printed whole', async () => {
    const mutate = (body: Record<string, any>, page: { index: number }) => {
      if (page.index === 1) body.conversations[3].state = 'archived';
      return body;
    };
    await withServer({ mutate }, async (server) => {
      const result = await runCli(['list', '--format', 'json', '--validate', 'strict'], env(server));
      expect(result.code).toBe(1);
      expect(JSON.parse(result.stdout)).toEqual(data.slice(0, 50));
      expect(lines(result.stderr)).toEqual([expect.stringMatching(/conversations\/3\/state enum/)]);
    });
  });

  it('--validate warn (the default) lists everything and warns once per distinct problem on stderr', async () => {
    const mutate = (body: Record<string, any>) => {
      for (const c of body.conversations) c.state = 'archived';
      return body;
    };
    await withServer({ mutate }, async (server) => {
      const result = await runCli(['list', '--format', 'ndjson'], env(server));
      expect(result.code).toBe(0);
      expect(lines(result.stdout)).toHaveLength(data.length);
      expect(lines(result.stderr)).toEqual([
        expect.stringMatching(/^warning: a response breaks the spec at \/conversations\/0\/state \(enum: /),
      ]);
    });
  });
});

describe('list as part of a pipeline', () => {
  const big: Conversation[] = Array.from({ length: 5000 }, (_, i) => makeConversation(i));

  it('a reader that leaves early (`| head`) ends the listing quietly: exit 0, no EPIPE, no more pages fetched', async () => {
    await withServer({ conversations: big }, async (server) => {
      const cli = spawnCli(['list', '--format', 'ndjson', '--page-size', '20'], env(server));
      await cli.waitForStdout((out) => lines(out).length >= 3);
      cli.child.stdout.destroy();
      const result = await cli.done;
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(server.requests.length).toBeLessThan(big.length / 20);
    });
  });

  it.each(['json', 'ndjson', 'csv'] as const)(
    'Ctrl-C during a %s listing exits 130 with every printed record complete',
    async (format) => {
      // The third page is held for an hour, so the signal arrives while the listing waits for it.
      let third!: () => void;
      const thirdAsked = new Promise<void>((resolve) => (third = resolve));
      const hold = (i: number) => (i === 2 ? (third(), { kind: 'delay' as const, ms: 3_600_000 }) : undefined);
      await withServer({ fault: hold }, async (server) => {
        const cli = spawnCli(['list', '--format', format, '--page-size', '50'], env(server));
        await cli.waitForStdout((out) => out.includes(data[99]!.sid!));
        await thirdAsked;
        expect(server.requests).toHaveLength(3);
        cli.child.kill('SIGINT');
        const result = await cli.done;
        expect(result.code).toBe(130);
        expect(result.stderr).toBe('stopped by Ctrl-C after 100 conversations; everything printed is complete\n');
        const sids = data.slice(0, 100).map((c) => c.sid);
        if (format === 'json') expect(JSON.parse(result.stdout).map((c: Conversation) => c.sid)).toEqual(sids);
        if (format === 'ndjson') expect(lines(result.stdout).map((l) => JSON.parse(l).sid)).toEqual(sids);
        if (format === 'csv')
          expect(parseCsv<{ sid: string }>(result.stdout, { columns: true }).map((r) => r.sid)).toEqual(sids);
      });
    },
  );
});

describe('list on a terminal', () => {
  // In-process, with streams that say they are a terminal (terminal.test.ts runs the bin in a real one).
  const tty = () => Object.assign(new PassThrough(), { isTTY: true });
  const read = (stream: PassThrough) => stream.read()?.toString() ?? '';

  it('colours the table; with the rows on screen, no progress line is drawn among them, only the summary', async () => {
    await withServer({}, async (server) => {
      const [stdout, stderr] = [tty(), tty()];
      const code = await main(['list'], { stdout, stderr, env: env(server) });
      expect(code).toBe(0);
      const out = read(stdout);
      expect(out).toContain('\u001b[1mSID'); // bold header
      expect(out).toMatch(/\u001b\[32mactive/); // green state
      expect(out).not.toContain('\u001b[31mred'); // the name's own escape sequence is not passed through
      const err = read(stderr);
      expect(err).not.toContain('\r');
      expect(err).toMatch(/^230 conversations from 5 pages in \d+\.\d s\n$/);
    });
  });

  it('shows a progress line on stderr when the rows go to a file or a pipe', async () => {
    await withServer({}, async (server) => {
      const stderr = tty();
      const stdout = new PassThrough().resume();
      const code = await main(['list'], { stdout, stderr, env: env(server) });
      expect(code).toBe(0);
      const err = read(stderr);
      expect(err).toMatch(/\r\u001b\[2K5 pages, 230 conversations, \d+\/s/);
      expect(err).toMatch(/\r\u001b\[2K230 conversations from 5 pages in \d+\.\d s\n$/);
    });
  });

  it('counts the page a --limit stops inside', async () => {
    await withServer({}, async (server) => {
      const stderr = tty();
      const stdout = new PassThrough().resume(); // a reader that keeps up
      const code = await main(['list', '--limit', '60', '--format', 'ndjson'], { stdout, stderr, env: env(server) });
      expect(code).toBe(0);
      expect(read(stderr)).toMatch(/60 conversations from 2 pages in \d+\.\d s\n$/);
    });
  });

  it('uses no colour when NO_COLOR is set', async () => {
    await withServer({}, async (server) => {
      const stdout = tty();
      const code = await main(['list'], { stdout, stderr: new PassThrough(), env: env(server, { NO_COLOR: '1' }) });
      expect(code).toBe(0);
      const out = read(stdout);
      expect(out).toContain(data[0]!.sid);
      expect(out).not.toContain('\u001b');
    });
  });
});

describe('list --concurrency (days listed at once)', () => {
  it('prints exactly what the one date-filtered listing prints, in the same order', async () => {
    // The simulator's data runs from June 2025 for a year; the end of the window defaults to now.
    const window = ['list', '--mock', '--format', 'ndjson', '--page-size', '7', '--start-date', '2026-02-10'];
    const one = await runCli(window, {});
    // 16 at once: also no warning on stderr (Node warns past 10 listeners on one signal).
    const byDay = await runCli([...window, '--concurrency', '16'], {});
    expect(one).toMatchObject({ code: 0, stderr: '' });
    expect(byDay).toMatchObject({ code: 0, stderr: '' });
    // Each run's simulator has its own port, which the items' URLs name: compare the SIDs.
    const sids = (stdout: string) => lines(stdout).map((l) => (JSON.parse(l) as Conversation).sid);
    expect(sids(byDay.stdout).length).toBeGreaterThan(10);
    expect(new Set(sids(byDay.stdout)).size).toBe(sids(byDay.stdout).length);
    expect(sids(byDay.stdout)).toEqual(sids(one.stdout));
  });

  it('--order any prints every conversation of the window exactly once, and --buffer-bytes 0 still prints them all in order', async () => {
    const window = ['list', '--mock', '--format', 'ndjson', '--page-size', '5', '--start-date', '2026-02-10'];
    const sids = (stdout: string) => lines(stdout).map((l) => (JSON.parse(l) as Conversation).sid);
    const one = sids((await runCli(window, {})).stdout);
    const any = await runCli([...window, '--concurrency', '6', '--order', 'any'], {});
    expect(any).toMatchObject({ code: 0, stderr: '' });
    expect(sids(any.stdout).length).toBe(one.length);
    expect(new Set(sids(any.stdout))).toEqual(new Set(one));
    const unbuffered = await runCli([...window, '--concurrency', '6', '--buffer-bytes', '0'], {});
    expect(unbuffered).toMatchObject({ code: 0, stderr: '' });
    expect(sids(unbuffered.stdout)).toEqual(one);
  });
});

describe('list for people who need to see the traffic, or use a mock on another host', () => {
  it('--verbose prints one line per request and answer on stderr, with the request id, and no secret', async () => {
    await withServer({}, async (server) => {
      const result = await runCli(['list', '--verbose', '--limit', '60', '--format', 'ndjson'], env(server));
      expect(result.code).toBe(0);
      const log = lines(result.stderr);
      expect(log).toEqual([
        expect.stringMatching(/^> GET http:\/\/127\.0\.0\.1:\d+\/v1\/Services\/IS\w+\/Conversations \(attempt 1\)$/),
        expect.stringMatching(
          /^< 200 GET http:\/\/127\.0\.0\.1:\d+\/v1\/Services\/IS\w+\/Conversations in \d+ ms, request RQ[0-9a-f]{32}$/,
        ),
        expect.stringMatching(/^> GET .*PageToken=.* \(attempt 1\)$/),
        expect.stringMatching(/^< 200 GET .*PageToken=.* in \d+ ms, request RQ[0-9a-f]{32}$/),
      ]);
      expect(result.stderr).not.toContain(FIXTURE_AUTH_TOKEN);
      expect(result.stderr).not.toMatch(/authorization|basic /i);
    });
  });

  it('refuses plain http to another host, and allows it with --dangerously-allow-insecure-http, saying so', async () => {
    await withServer({}, async (server) => {
      // An IPv4-mapped IPv6 address reaches this machine but is not a loopback name the client trusts.
      const mapped = server.url.replace('127.0.0.1', '[::ffff:7f00:1]');
      const refused = await runCli(['list', '--base-url', mapped], env(server));
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/unencrypted/);
      const allowed = await runCli(
        ['list', '--base-url', mapped, '--dangerously-allow-insecure-http', '--format', 'ndjson', '--limit', '3'],
        env(server),
      );
      expect(allowed.code).toBe(0);
      expect(lines(allowed.stdout)).toHaveLength(3);
      expect(allowed.stderr).toMatch(
        /^warning: --dangerously-allow-insecure-http: the credentials may travel unencrypted/m,
      );
    });
  });

  it('takes a bare date for --start-date and --end-date as whole UTC days', async () => {
    await withServer({}, async (server) => {
      const result = await runCli(
        ['list', '--start-date', '2026-01-01', '--end-date', '2026-01-01', '--format', 'ndjson', '--page-size', '1000'],
        env(server),
      );
      expect(result.code).toBe(0);
      expect(server.requests.at(-1)!.url).toContain(
        'StartDate=2026-01-01T00%3A00%3A00Z&EndDate=2026-01-01T23%3A59%3A59Z',
      );
      expect(lines(result.stdout)).toHaveLength(data.filter((c) => c.date_created!.startsWith('2026-01-01')).length);
    });
  });
});
