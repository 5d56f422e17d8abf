import { inspect } from 'node:util';
import { makeConversation, makePage } from '../../test-support/fixtures';
import { createConversationsClient } from './client';
import { ConversationsError } from './errors';

// No error this client can raise - in its message, toString, JSON form or util.inspect
// output - may contain the Auth Token, the API secret or the Authorization header.
const TOKEN = 'tok_9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const AUTH = `Basic ${Buffer.from(`AC0123456789abcdef0123456789abcdef:${TOKEN}`).toString('base64')}`;
const SID = 'IS0123456789abcdef0123456789abcdef';
const BASE = 'http://127.0.0.1:9';

function leaks(error: unknown): string[] {
  const forms = [
    String(error),
    JSON.stringify(error),
    inspect(error, { depth: 10, showHidden: true }),
    (error as Error).stack ?? '',
  ];
  return forms.filter(
    (text) =>
      text.includes(TOKEN) || text.includes(AUTH) || text.includes(AUTH.slice(6)) || /authorization/i.test(text),
  );
}

// A hostile fetch: every way it fails carries the request (and so its Authorization header) or the secret.
const scenarios: Array<[string, (r: Request) => Promise<Response>, object?]> = [
  [
    'a 401 answer',
    async () =>
      new Response(
        JSON.stringify({
          code: 20003,
          message: 'Authenticate',
          more_info: 'https://www.twilio.com/docs/errors/20003',
          status: 401,
        }),
        { status: 401 },
      ),
  ],
  ['an HTML error page', async () => new Response('<html>502 Bad Gateway</html>', { status: 502 }), { maxRetries: 0 }],
  [
    'a network failure quoting the header',
    async (r) =>
      Promise.reject(
        Object.assign(new TypeError(`fetch failed for ${r.headers.get('authorization')}`), { request: r }),
      ),
    { maxRetries: 0 },
  ],
  [
    'a failure whose cause quotes the token',
    async () => Promise.reject(new TypeError('fetch failed', { cause: new Error(`bad token ${TOKEN}`) })),
    { maxRetries: 0 },
  ],
  ['a timeout', () => new Promise<Response>(() => {}), { maxRetries: 0, timeoutMs: 5 }],
  [
    'a body that breaks the spec',
    async () => Response.json({ conversations: [{ sid: 1 }], meta: {} }),
    { validation: 'strict' },
  ],
  [
    'a body that is not JSON',
    async () => new Response('not json}', { headers: { 'content-type': 'text/plain' } }),
    { validation: 'strict' },
  ],
  [
    'a loop of next links',
    async () =>
      Response.json(
        makePage({
          items: [makeConversation(1)],
          page: 0,
          pageSize: 1,
          origin: BASE,
          serviceSid: SID,
          nextQuery: 'PageSize=1&Page=0',
        }),
      ),
  ],
];

describe('secrets never appear in errors', () => {
  it.each(scenarios)('%s', async (_name, fetch, extra = {}) => {
    const client = createConversationsClient({
      accountSid: 'AC0123456789abcdef0123456789abcdef',
      authToken: TOKEN,
      baseUrl: BASE,
      env: {},
      fetch,
      ...extra,
    });
    const error = await (async () => {
      for await (const _ of client.iterateConversations({ chatServiceSid: SID })) void _;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConversationsError);
    expect(leaks(error)).toEqual([]);
  });

  it('a parameter error does not leak either', async () => {
    const client = createConversationsClient({
      accountSid: 'AC0123456789abcdef0123456789abcdef',
      authToken: TOKEN,
      baseUrl: BASE,
      env: {},
    });
    const error = await client.listConversations({ chatServiceSid: TOKEN }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConversationsError);
    // The bad value is echoed (it is the caller's input), but nothing from the credentials is.
    expect(inspect(error)).not.toContain(AUTH);
  });

  it('the client object itself does not expose the secret', () => {
    const client = createConversationsClient({
      accountSid: 'AC0123456789abcdef0123456789abcdef',
      authToken: TOKEN,
      baseUrl: BASE,
      env: {},
    });
    expect(inspect(client, { depth: 5, showHidden: true })).not.toContain(TOKEN);
    expect(JSON.stringify(client)).not.toContain(TOKEN);
  });
});

// A server (or proxy) that echoes the credentials it was sent, in every form they travel in.
describe('credentials echoed by a hostile server are scrubbed from everything that leaves the client', () => {
  const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
  const SECRET = 'sk+t/0k=en&9f8e7d6c5b4a3928 1706';
  const pair = `${ACCOUNT}:${SECRET}`;
  const forms = [
    SECRET,
    encodeURIComponent(SECRET),
    Buffer.from(pair).toString('base64'),
    Buffer.from(pair).toString('base64url'),
    encodeURIComponent(Buffer.from(pair).toString('base64')),
    Buffer.from(SECRET).toString('base64'),
    JSON.stringify(SECRET).slice(1, -1),
  ];

  function exposed(...things: unknown[]): string[] {
    const texts = things.flatMap((t) => [
      String(t),
      safeJson(t),
      inspect(t, { depth: 20, showHidden: true }),
      (t as Error)?.stack ?? '',
    ]);
    return forms.filter((form) =>
      texts.some((text) => text.includes(form) || text.toLowerCase().includes(form.toLowerCase())),
    );
  }
  function safeJson(value: unknown): string {
    try {
      return JSON.stringify(value, Object.getOwnPropertyNames(value ?? {})) ?? '';
    } catch {
      return '';
    }
  }

  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const echoAll = (r: Request) => forms.map((f) => `[${f}]`).join(' ') + ` header=${r.headers.get('authorization')}`;

  it.each<[string, (r: Request) => Response]>([
    [
      'a 400 whose message quotes the Authorization header and the token',
      (r) =>
        json(400, {
          code: 20001,
          message: `bad: ${echoAll(r)}`,
          more_info: 'https://x.test',
          status: 400,
          details: { echoed: echoAll(r), [SECRET]: 1 },
        }),
    ],
    [
      'a 502 HTML page quoting them',
      (r) => new Response(`<html>${echoAll(r)}</html>`, { status: 502, headers: { 'content-type': 'text/html' } }),
    ],
    [
      'a 200 that is not JSON',
      (r) => new Response(`oops ${echoAll(r)}`, { status: 200, headers: { 'content-type': 'application/json' } }),
    ],
    [
      'a next link to another list carrying the token',
      (r) =>
        json(200, {
          conversations: [],
          meta: {
            ...makePage({ items: [], page: 0, pageSize: 50, origin: BASE, serviceSid: SID }).meta,
            next_page_url: `${BASE}/v1/Services/${SID}/Elsewhere?t=${encodeURIComponent(echoAll(r))}`,
          },
        }),
    ],
    [
      'a body breaking the spec with the secret in it (strict)',
      (r) => json(200, { conversations: [{ sid: echoAll(r) }], meta: {} }),
    ],
  ])('%s', async (_name, answer) => {
    const client = createConversationsClient({
      accountSid: ACCOUNT,
      authToken: SECRET,
      baseUrl: BASE,
      env: {},
      maxRetries: 0,
      validation: 'strict',
      fetch: async (r) => answer(r),
    });
    const error = await client.listAllConversations({ chatServiceSid: SID, limit: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConversationsError);
    expect(exposed(error)).toEqual([]);
    expect(inspect(error, { depth: 20 })).toContain('[REDACTED]'); // the echo was there, and was replaced
  });

  it('in retry events, validation warnings, unknown-property reports and the URLs of later pages', async () => {
    const token = encodeURIComponent(SECRET);
    let calls = 0;
    const events: unknown[] = [];
    const fetch = async (r: Request) => {
      calls++;
      if (calls === 1) {
        const page = makePage({
          items: [makeConversation(1)],
          page: 0,
          pageSize: 50,
          origin: BASE,
          serviceSid: SID,
          nextQuery: `PageSize=50&Page=1&PageToken=${token}`,
        });
        (page.conversations[0] as Record<string, unknown>).state = `weird ${echoAll(r)}`;
        (page.conversations[0] as Record<string, unknown>)[`x_${SECRET}`] = echoAll(r);
        return json(200, page);
      }
      if (calls === 2) return json(503, { code: 20503, message: echoAll(r), more_info: 'https://x.test', status: 503 });
      return json(404, { code: 20404, message: `no page ${r.url}`, more_info: 'https://x.test', status: 404 });
    };
    const client = createConversationsClient({
      accountSid: ACCOUNT,
      authToken: SECRET,
      baseUrl: BASE,
      env: {},
      maxRetries: 1,
      sleep: async () => {},
      fetch,
      onRetry: (e) => events.push(e),
      onValidationWarning: (v, c) => events.push([v, c]),
      onUnknownProperty: (v, c) => events.push([v, c]),
    });
    const items: unknown[] = [];
    const error = await (async () => {
      for await (const c of client.iterateConversations({ chatServiceSid: SID })) items.push(c);
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 404 });
    expect(events.length).toBeGreaterThanOrEqual(3);
    expect(exposed(error, ...events)).toEqual([]);
    // The data handed back is the caller's own: it is not rewritten.
    expect(JSON.stringify(items)).toContain(`x_${SECRET}`);
  });

  it('with an API key, the key secret and the key:secret pair are scrubbed too', async () => {
    const KEY = 'SK0123456789abcdef0123456789abcdef';
    const client = createConversationsClient({
      accountSid: ACCOUNT,
      apiKey: KEY,
      apiSecret: SECRET,
      baseUrl: BASE,
      env: {},
      maxRetries: 0,
      fetch: async (r) =>
        json(401, {
          code: 20003,
          message: `${r.headers.get('authorization')} ${Buffer.from(`${KEY}:${SECRET}`).toString('base64url')} ${SECRET}`,
          more_info: 'https://x.test',
          status: 401,
        }),
    });
    const error = await client.listConversations({ chatServiceSid: SID }).catch((e: unknown) => e);
    expect(String(error)).not.toContain(SECRET);
    expect(String(error)).not.toContain(Buffer.from(`${KEY}:${SECRET}`).toString('base64').replace(/=+$/, ''));
    expect(String(error)).not.toContain(Buffer.from(`${KEY}:${SECRET}`).toString('base64url'));
  });
});
