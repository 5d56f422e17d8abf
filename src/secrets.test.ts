import { inspect } from 'node:util';
import { makeConversation, makePage } from '../contract-tests/support/fixtures';
import { createConversationsClient } from './client';
import { ConversationsError } from './errors';

// No error this client can raise - in its message, toString, JSON form or util.inspect
// output - may contain the Auth Token, the API secret or the Authorization header.
const TOKEN = 'tok_9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const AUTH = `Basic ${Buffer.from(`AC0123456789abcdef0123456789abcdef:${TOKEN}`).toString('base64')}`;
const SID = 'IS0123456789abcdef0123456789abcdef';
const BASE = 'http://127.0.0.1:9';

function leaks(error: unknown): string[] {
  const forms = [String(error), JSON.stringify(error), inspect(error, { depth: 10, showHidden: true }), (error as Error).stack ?? ''];
  return forms.filter((text) => text.includes(TOKEN) || text.includes(AUTH) || text.includes(AUTH.slice(6)) || /authorization/i.test(text));
}

// A hostile fetch: every way it fails carries the request (and so its Authorization header) or the secret.
const scenarios: Array<[string, (r: Request) => Promise<Response>, object?]> = [
  ['a 401 answer', async () => new Response(JSON.stringify({ code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 }), { status: 401 })],
  ['an HTML error page', async () => new Response('<html>502 Bad Gateway</html>', { status: 502 }), { maxRetries: 0 }],
  ['a network failure quoting the header', async (r) => Promise.reject(Object.assign(new TypeError(`fetch failed for ${r.headers.get('authorization')}`), { request: r })), { maxRetries: 0 }],
  ['a failure whose cause quotes the token', async () => Promise.reject(new TypeError('fetch failed', { cause: new Error(`bad token ${TOKEN}`) })), { maxRetries: 0 }],
  ['a timeout', () => new Promise<Response>(() => {}), { maxRetries: 0, timeoutMs: 5 }],
  ['a body that breaks the spec', async () => Response.json({ conversations: [{ sid: 1 }], meta: {} }), { validation: 'strict' }],
  ['a body that is not JSON', async () => new Response('not json}', { headers: { 'content-type': 'text/plain' } }), { validation: 'strict' }],
  ['a loop of next links', async () => Response.json(makePage({ items: [makeConversation(1)], page: 0, pageSize: 1, origin: BASE, serviceSid: SID, nextQuery: 'PageSize=1&Page=0' }))],
];

describe('secrets never appear in errors', () => {
  it.each(scenarios)('%s', async (_name, fetch, extra = {}) => {
    const client = createConversationsClient({ accountSid: 'AC0123456789abcdef0123456789abcdef', authToken: TOKEN, baseUrl: BASE, env: {}, fetch, ...extra });
    const error = await (async () => {
      for await (const _ of client.iterateConversations({ chatServiceSid: SID })) void _;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConversationsError);
    expect(leaks(error)).toEqual([]);
  });

  it('a parameter error does not leak either', async () => {
    const client = createConversationsClient({ accountSid: 'AC0123456789abcdef0123456789abcdef', authToken: TOKEN, baseUrl: BASE, env: {} });
    const error = await client.listConversations({ chatServiceSid: TOKEN }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConversationsError);
    // The bad value is echoed (it is the caller's input), but nothing from the credentials is.
    expect(inspect(error)).not.toContain(AUTH);
  });

  it('the client object itself does not expose the secret', () => {
    const client = createConversationsClient({ accountSid: 'AC0123456789abcdef0123456789abcdef', authToken: TOKEN, baseUrl: BASE, env: {} });
    expect(inspect(client, { depth: 5, showHidden: true })).not.toContain(TOKEN);
    expect(JSON.stringify(client)).not.toContain(TOKEN);
  });
});
