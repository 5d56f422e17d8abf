import { createConversationsClient } from './client';
import { ConfigurationError } from './errors';

const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
const KEY = 'SK0123456789abcdef0123456789abcdef';

function configError(options: Parameters<typeof createConversationsClient>[0]): ConfigurationError {
  try {
    createConversationsClient({ env: {}, ...options });
  } catch (e) {
    if (e instanceof ConfigurationError) return e;
    throw e;
  }
  throw new Error('the client was created');
}

describe('client configuration', () => {
  it.each([
    ['a missing Account SID', {}, 'accountSid', /TWILIO_ACCOUNT_SID/],
    ['a malformed Account SID', { accountSid: 'ACnope', authToken: 't' }, 'accountSid', /AC" followed by 32 hex/],
    ['a missing Auth Token', { accountSid: ACCOUNT }, 'authToken', /TWILIO_AUTH_TOKEN/],
    ['an API key without its secret', { accountSid: ACCOUNT, apiKey: KEY }, 'apiSecret', /TWILIO_API_SECRET/],
    [
      'a malformed API key',
      { accountSid: ACCOUNT, apiKey: 'SKnope', apiSecret: 's' },
      'apiKey',
      /SK" followed by 32 hex/,
    ],
    [
      'an http base URL on a public host',
      { accountSid: ACCOUNT, authToken: 't', baseUrl: 'http://conversations.twilio.com' },
      'baseUrl',
      /unencrypted/,
    ],
    [
      'a base URL with credentials in it',
      { accountSid: ACCOUNT, authToken: 't', baseUrl: 'https://u:p@example.test' },
      'baseUrl',
      /must not carry credentials/,
    ],
    ['a relative base URL', { accountSid: ACCOUNT, authToken: 't', baseUrl: '/v1' }, 'baseUrl', /not an absolute URL/],
    ['a non-http base URL', { accountSid: ACCOUNT, authToken: 't', baseUrl: 'ftp://127.0.0.1' }, 'baseUrl', /http/],
    ['a negative maxRetries', { accountSid: ACCOUNT, authToken: 't', maxRetries: -1 }, 'maxRetries', /whole number/],
    ['a zero timeout', { accountSid: ACCOUNT, authToken: 't', timeoutMs: 0 }, 'timeoutMs', /whole number/],
    [
      'an unknown foreign-link policy',
      { accountSid: ACCOUNT, authToken: 't', foreignNextLinks: 'follow' as never },
      'foreignNextLinks',
      /rebase/,
    ],
  ])('refuses %s, naming the option', (_what, options, option, message) => {
    const error = configError(options);
    expect(error.option).toBe(option);
    expect(error.message).toMatch(message);
  });

  it.each(['http://127.0.0.1:4010', 'http://localhost:4010', 'http://[::1]:4010', 'http://127.1.2.3'])(
    'allows plain http on the loopback host %s',
    (baseUrl) => {
      expect(createConversationsClient({ accountSid: ACCOUNT, authToken: 't', baseUrl, env: {} }).baseUrl).toBe(
        baseUrl,
      );
    },
  );

  it('authenticates with an API key and secret instead of the Auth Token', async () => {
    const seen: string[] = [];
    const client = createConversationsClient({
      accountSid: ACCOUNT,
      apiKey: KEY,
      apiSecret: 'key-secret',
      authToken: 'ignored-token',
      baseUrl: 'http://127.0.0.1:9',
      env: {},
      validation: 'off',
      fetch: async (r) => {
        seen.push(r.headers.get('authorization') ?? '');
        return new Response('{"conversations":[],"meta":{}}', { headers: { 'content-type': 'application/json' } });
      },
    });
    await client.listConversations({ chatServiceSid: 'IS0123456789abcdef0123456789abcdef' });
    expect(seen).toEqual([`Basic ${Buffer.from(`${KEY}:key-secret`).toString('base64')}`]);
  });

  it('reads the API key from the environment', () => {
    expect(() =>
      createConversationsClient({ env: { TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_API_KEY: KEY, TWILIO_API_SECRET: 's' } }),
    ).not.toThrow();
  });

  it('never echoes a secret in a configuration error', () => {
    const error = configError({ accountSid: 'AC-bad', authToken: 'top-secret-token' });
    expect(error.message).not.toContain('top-secret-token');
  });

  describe('malformed secrets and headers are refused before anything is sent', () => {
    const TOKEN = 'f00dfeed0123456789abcdef01234567';
    const sent: string[] = [];
    const fetch = async (request: Request) => {
      sent.push(request.url);
      return Response.json({});
    };

    it.each([
      ['a trailing LF in authToken', { accountSid: ACCOUNT, authToken: `${TOKEN}\n` }, 'authToken', /line break/],
      ['a CR in authToken', { accountSid: ACCOUNT, authToken: `${TOKEN}\r` }, 'authToken', /line break/],
      ['CR LF inside authToken', { accountSid: ACCOUNT, authToken: `ab\r\nX-Evil: 1` }, 'authToken', /line break/],
      [
        'a space at the start of authToken',
        { accountSid: ACCOUNT, authToken: ` ${TOKEN}` },
        'authToken',
        /a space at its start/,
      ],
      ['a NUL in authToken', { accountSid: ACCOUNT, authToken: `${TOKEN}\u0000` }, 'authToken', /control/],
      [
        'a LF in apiSecret',
        { accountSid: ACCOUNT, apiKey: KEY, apiSecret: `${TOKEN}\n` },
        'apiSecret',
        /TWILIO_API_SECRET.*line break/,
      ],
      [
        'a LF in TWILIO_AUTH_TOKEN',
        { env: { TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_AUTH_TOKEN: `${TOKEN}\n` } },
        'authToken',
        /TWILIO_AUTH_TOKEN/,
      ],
      [
        'CR LF in a header value',
        { accountSid: ACCOUNT, authToken: TOKEN, headers: { 'X-Trace': 'a\r\nAuthorization: Basic x' } },
        'headers',
        /headers\.X-Trace contains a line break/,
      ],
      [
        'a header name with a space',
        { accountSid: ACCOUNT, authToken: TOKEN, headers: { 'X Trace': 'a' } },
        'headers',
        /not a header name/,
      ],
      [
        'a header name with a colon',
        { accountSid: ACCOUNT, authToken: TOKEN, headers: { 'X-A:': 'a' } },
        'headers',
        /not a header name/,
      ],
    ])('%s: a ConfigurationError naming the input, not the secret', async (_, options, option, message) => {
      const error = configError({ ...options, fetch });
      expect(error.option).toBe(option);
      expect(error.message).toMatch(message);
      expect(error.message).not.toContain(TOKEN);
      expect(error.message).toMatch(/Nothing was sent/);
      expect(sent).toEqual([]);
    });

    it('a well-formed token and header still work', () => {
      expect(() =>
        createConversationsClient({ env: {}, accountSid: ACCOUNT, authToken: TOKEN, headers: { 'X-Trace': 'a b' } }),
      ).not.toThrow();
    });
  });
});
