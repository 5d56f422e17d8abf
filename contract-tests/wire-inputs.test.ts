import { runCli } from '../test-support/cli';
import { FIXTURE_AUTH_TOKEN, makeConversation } from '../test-support/fixtures';
import { fakeTwilioEnv, startFakeTwilio, type FakeTwilio } from '../test-support/twilio-server';

// Input that could reach the wire (#26, class 7): credentials, SIDs and dates from flags or the
// environment, with CR/LF or query syntax smuggled in. Each is refused by the real command with
// exit 2 and one line naming the input, before anything is sent: the server sees no request.

let server: FakeTwilio;
beforeAll(async () => {
  server = await startFakeTwilio({ conversations: [makeConversation(0)] });
});
afterAll(() => server.stop());

const cases: [string, string[], Record<string, string>, RegExp][] = [
  [
    'a trailing newline in TWILIO_AUTH_TOKEN',
    [],
    { TWILIO_AUTH_TOKEN: `${FIXTURE_AUTH_TOKEN}\n` },
    /TWILIO_AUTH_TOKEN.*line break/,
  ],
  [
    'CR LF and a header in TWILIO_AUTH_TOKEN',
    [],
    { TWILIO_AUTH_TOKEN: `${FIXTURE_AUTH_TOKEN}\r\nX-Evil: 1` },
    /TWILIO_AUTH_TOKEN.*line break/,
  ],
  [
    'a CR in TWILIO_API_SECRET',
    [],
    { TWILIO_API_KEY: `SK${'1'.repeat(32)}`, TWILIO_API_SECRET: `${FIXTURE_AUTH_TOKEN}\r` },
    /TWILIO_API_SECRET.*line break/,
  ],
  ['query syntax in --service', ['--service', `IS${'a'.repeat(32)}?PageSize=1`], {}, /ChatServiceSid .* is invalid/],
  ['a path in --service', ['--service', `IS${'a'.repeat(32)}/../x`], {}, /ChatServiceSid .* is invalid/],
  [
    'a newline in TWILIO_CHAT_SERVICE_SID',
    [],
    { TWILIO_CHAT_SERVICE_SID: `IS${'a'.repeat(32)}\n` },
    /ChatServiceSid .* is invalid/,
  ],
  ['CR LF in --start-date', ['--start-date', '2026-01-01\r\nX: y'], {}, /start-date|StartDate/],
  ['query syntax in --end-date', ['--end-date', '2026-01-01&PageSize=1'], {}, /end-date|EndDate/],
  ['a newline in --account-sid', ['--account-sid', `AC${'0'.repeat(32)}\n`], {}, /Account SID/],
];

describe('input that could reach the wire is refused before anything is sent', () => {
  it.each(cases)('%s', async (_, args, env, message) => {
    const before = server.requests.length;
    const result = await runCli(['list', ...args], fakeTwilioEnv(server, env));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/unexpected error/);
    expect(`${result.stdout}${result.stderr}`).not.toContain(FIXTURE_AUTH_TOKEN);
    expect(server.requests.length).toBe(before);
  });

  it('the same command with clean input lists (the refusals above are about the input)', async () => {
    const result = await runCli(['list', '--format', 'ndjson'], fakeTwilioEnv(server));
    expect(result.code).toBe(0);
    expect(server.requests.length).toBeGreaterThan(0);
  });
});
