import { makeConversation, makePage } from '../../test-support/fixtures';
import { jsonAnswer, scriptedFetch } from '../../test-support/scripted-fetch';
import { createConversationsClient } from './client';
import type { HttpEvent } from './retry';
import {
  ConfigurationError,
  PaginationError,
  RequestValidationError,
  ResponseTooLargeError,
  ResponseValidationError,
  TwilioApiError,
} from './errors';

const sid = 'ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const base = 'http://127.0.0.1:9';
const creds = {
  accountSid: 'AC00000000000000000000000000000000',
  authToken: 'secret-token-value',
  env: {},
  validation: 'strict' as const,
};

function page(n: number, next: string | null, items = 1) {
  const body = makePage({
    items: Array.from({ length: items }, (_, i) => makeConversation(n * 100 + i)),
    page: n,
    pageSize: Math.max(items, 1),
    origin: base,
    serviceSid: sid,
  });
  return { ...body, meta: { ...body.meta, next_page_url: next } };
}

const scripted = scriptedFetch;
const json = jsonAnswer;

describe('createConversationsClient', () => {
  it('requires credentials, naming the missing one and its environment variable', () => {
    expect(() => createConversationsClient({ env: {} })).toThrow(/TWILIO_ACCOUNT_SID/);
    expect(() => createConversationsClient({ accountSid: creds.accountSid, env: {} })).toThrow(ConfigurationError);
    expect(() => createConversationsClient({ accountSid: creds.accountSid, env: {} })).toThrow(/TWILIO_AUTH_TOKEN/);
  });

  it('reads credentials and base URL from the environment', async () => {
    const { fetch, requests } = scripted(json(page(0, null)));
    const client = createConversationsClient({
      fetch,
      env: {
        TWILIO_ACCOUNT_SID: 'AC11111111111111111111111111111111',
        TWILIO_AUTH_TOKEN: 'tok',
        TWILIO_CONVERSATIONS_BASE_URL: `${base}/`,
      },
    });
    await client.listConversations({ chatServiceSid: sid });
    expect(requests[0]!.url).toBe(`${base}/v1/Services/${sid}/Conversations`);
    expect(requests[0]!.headers.get('authorization')).toBe(
      `Basic ${Buffer.from('AC11111111111111111111111111111111:tok').toString('base64')}`,
    );
  });

  it('defaults to the spec server', () => {
    expect(createConversationsClient(creds).baseUrl).toBe('https://conversations.twilio.com');
  });

  it('sends nothing when a parameter is invalid', async () => {
    const { fetch, requests } = scripted();
    const client = createConversationsClient({ ...creds, baseUrl: base, fetch });
    await expect(client.listConversations({ chatServiceSid: '../Services' })).rejects.toThrow(RequestValidationError);
    expect(requests).toHaveLength(0);
  });

  it('turns a non-2xx answer into a TwilioApiError with the request id', async () => {
    const { fetch } = scripted(
      json({ code: 20404, message: 'nope', more_info: 'https://www.twilio.com/docs/errors/20404', status: 404 }, 404, {
        'Twilio-Request-Id': 'RQ42',
      }),
    );
    const client = createConversationsClient({ ...creds, baseUrl: base, fetch });
    const error = await client.listConversations({ chatServiceSid: sid }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TwilioApiError);
    expect(error).toMatchObject({ status: 404, code: 20404, requestId: 'RQ42' });
    expect(String(error)).not.toContain('secret-token-value');
  });

  it('turns an HTML error page from a proxy into a TwilioApiError with the status and a snippet', async () => {
    const { fetch } = scripted(
      () =>
        new Response('<html><h1>502 Bad Gateway</h1></html>', {
          status: 502,
          headers: { 'content-type': 'text/html' },
        }),
    );
    const client = createConversationsClient({ ...creds, baseUrl: base, fetch, maxRetries: 0 });
    const error = await client.listConversations({ chatServiceSid: sid }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TwilioApiError);
    expect(error).toMatchObject({ status: 502, code: undefined, bodySnippet: '<html><h1>502 Bad Gateway</h1></html>' });
  });

  it('reports an empty error body as such', async () => {
    const { fetch } = scripted(() => new Response(null, { status: 403 }));
    const client = createConversationsClient({ ...creds, baseUrl: base, fetch });
    await expect(client.listConversations({ chatServiceSid: sid })).rejects.toThrow(/HTTP 403: empty body/);
  });

  it.each([
    [
      'a complete body labelled JSON that is not JSON',
      () =>
        new Response('<html>down for maintenance</html>', {
          status: 200,
          headers: { 'content-type': 'application/json' },
        }),
      /not JSON/,
    ],
    ['a body with no content type', () => new Response('plain words'), /not JSON/],
    ['HTTP 206 Partial Content', json(page(0, null), 206), /HTTP 206 is not a page/],
    ['HTTP 204 No Content', () => new Response(null, { status: 204 }), /HTTP 204 is not a page/],
  ])('turns %s into a ResponseValidationError, without retrying', async (_what, answer, message) => {
    const { fetch, requests } = scripted(answer, json(page(0, null)));
    const client = createConversationsClient({ ...creds, baseUrl: base, fetch, validation: 'off' });
    const error = await client.listConversations({ chatServiceSid: sid }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as Error).message).toMatch(message);
    expect(requests).toHaveLength(1);
  });

  it('stops a page larger than maxResponseBytes with a ResponseTooLargeError naming the cap', async () => {
    const { fetch, requests } = scripted(json(page(0, null, 50)));
    const client = createConversationsClient({ ...creds, baseUrl: base, fetch, maxResponseBytes: 10_000 });
    const error = await client.listConversations({ chatServiceSid: sid }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as Error).message).toMatch(/maxResponseBytes \(10000 bytes\)/);
    expect(requests).toHaveLength(1);
  });

  it.each([0, -1, 1.5, Number.NaN, Infinity])('refuses maxResponseBytes %p at construction', (value) => {
    expect(() => createConversationsClient({ ...creds, baseUrl: base, maxResponseBytes: value })).toThrow(
      /maxResponseBytes .* is invalid/,
    );
  });

  it('reports a redirect as an error instead of following it', async () => {
    const { fetch, requests } = scripted(
      () => new Response(null, { status: 301, headers: { location: 'https://elsewhere.example/' } }),
    );
    const client = createConversationsClient({ ...creds, baseUrl: base, fetch });
    await expect(client.listConversations({ chatServiceSid: sid })).rejects.toMatchObject({ status: 301 });
    expect(requests[0]!.redirect).toBe('manual');
  });

  it('follows next links on the configured host, keeping the token bytes, until a null next link', async () => {
    const token = 'PageSize=1&Page=1&PageToken=PA+x:y=z%2B';
    const { fetch, requests } = scripted(
      json(page(0, `https://conversations.twilio.com/v1/Services/${sid}/Conversations?${token}`)),
      json(
        page(1, `https://conversations.twilio.com/v1/Services/${sid}/Conversations?PageSize=1&Page=2&PageToken=PB`, 0),
      ),
      json(page(2, null)),
    );
    const client = createConversationsClient({ ...creds, baseUrl: base, fetch });
    const sids: string[] = [];
    for await (const c of client.iterateConversations({ chatServiceSid: sid })) sids.push(c.sid!);
    expect(sids).toEqual([makeConversation(0).sid, makeConversation(200).sid]);
    expect(requests.map((r) => r.url)).toEqual([
      `${base}/v1/Services/${sid}/Conversations`,
      `${base}/v1/Services/${sid}/Conversations?${token}`,
      `${base}/v1/Services/${sid}/Conversations?PageSize=1&Page=2&PageToken=PB`,
    ]);
  });

  it('stops with a PaginationError when a next link repeats', async () => {
    const link = (q: string) => `${base}/v1/Services/${sid}/Conversations?${q}`;
    const { fetch } = scripted(json(page(0, link('A'))), json(page(1, link('B'))), json(page(2, link('A'))));
    const client = createConversationsClient({ ...creds, baseUrl: base, fetch });
    const seen: string[] = [];
    await expect(async () => {
      for await (const c of client.iterateConversations({ chatServiceSid: sid })) seen.push(c.sid!);
    }).rejects.toThrow(PaginationError);
    expect(seen).toHaveLength(3);
  });

  it('fetches no page beyond the one that reaches the limit', async () => {
    const { fetch, requests } = scripted(json(page(0, `${base}/v1/Services/${sid}/Conversations?Page=1`, 3)));
    const client = createConversationsClient({ ...creds, baseUrl: base, fetch });
    const seen = [];
    for await (const c of client.iterateConversations({ chatServiceSid: sid, limit: 2 })) seen.push(c);
    expect(seen).toHaveLength(2);
    expect(requests).toHaveLength(1);
  });

  it('rejects a limit that is not a whole number', async () => {
    const client = createConversationsClient({ ...creds, baseUrl: base, fetch: scripted().fetch });
    await expect(client.iterateConversations({ chatServiceSid: sid, limit: -1 }).next()).rejects.toThrow(
      RequestValidationError,
    );
  });
});

describe('options an SDK user expects', () => {
  it("sends a User-Agent naming this package, its version and Node, with the application's tokens appended", async () => {
    const { fetch, requests } = scripted(json(page(0, null)));
    const client = createConversationsClient({
      ...creds,
      baseUrl: base,
      fetch,
      userAgentExtensions: ['my-app/1.2.0', 'team-x'],
    });
    await client.listConversations({ chatServiceSid: sid });
    const version = (require('../../package.json') as { version: string }).version;
    expect(requests[0]!.headers.get('user-agent')).toBe(
      `twilio-conversations-contract/${version} node/${process.versions.node} my-app/1.2.0 team-x`,
    );
  });

  it('sends extra headers on every request, but never lets them set Authorization', async () => {
    const { fetch, requests } = scripted(json(page(0, null)));
    const client = createConversationsClient({ ...creds, baseUrl: base, fetch, headers: { 'X-Trace-Id': 'abc123' } });
    await client.listConversations({ chatServiceSid: sid });
    expect(requests[0]!.headers.get('x-trace-id')).toBe('abc123');
    expect(requests[0]!.headers.get('authorization')).toMatch(/^Basic /);
    for (const name of ['Authorization', 'authorization', 'AUTHORIZATION']) {
      expect(() => createConversationsClient({ ...creds, baseUrl: base, headers: { [name]: 'Basic x' } })).toThrow(
        /headers cannot set Authorization/,
      );
    }
  });

  it.each([[['bad token\n']], [[42]], ['my-app']])('refuses userAgentExtensions %j', (tokens) => {
    expect(() => createConversationsClient({ ...creds, baseUrl: base, userAgentExtensions: tokens as never })).toThrow(
      /userAgentExtensions must be an array of product tokens/,
    );
  });

  it('refuses plain http to another host unless dangerouslyAllowInsecureHttp says so', () => {
    expect(() => createConversationsClient({ ...creds, baseUrl: 'http://prism:4010' })).toThrow(
      /unencrypted.*dangerouslyAllowInsecureHttp/,
    );
    expect(
      createConversationsClient({ ...creds, baseUrl: 'http://prism:4010', dangerouslyAllowInsecureHttp: true }).baseUrl,
    ).toBe('http://prism:4010');
  });

  it('tells onEvent of each request and its answer or failure: status, duration, request id, never a header', async () => {
    const events: HttpEvent[] = [];
    const { fetch } = scripted(
      () => Promise.reject(new TypeError('fetch failed')),
      json({ code: 20503, message: 'busy', status: 503 }, 503),
      json(page(0, null), 200, { 'twilio-request-id': 'RQ123' }),
    );
    let now = 0;
    const client = createConversationsClient({
      ...creds,
      baseUrl: base,
      fetch,
      sleep: async () => {},
      now: () => (now += 5),
      onEvent: (e) => events.push(e),
    });
    await client.listConversations({ chatServiceSid: sid });
    expect(events.map((e) => `${e.type} ${e.attempt}${e.type === 'response' ? ` ${e.status}` : ''}`)).toEqual([
      'request 1',
      'failure 1',
      'request 2',
      'response 2 503',
      'request 3',
      'response 3 200',
    ]);
    expect(events[5]).toMatchObject({
      method: 'GET',
      url: `${base}/v1/Services/${sid}/Conversations`,
      requestId: 'RQ123',
      durationMs: 5,
    });
    expect(JSON.stringify(events)).not.toContain(creds.authToken);
    expect(JSON.stringify(events)).not.toMatch(/authorization|basic /i);
  });
});
