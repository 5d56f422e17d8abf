import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createConversationsClient, TwilioApiError } from '../src';
import { runCli } from '../test-support/cli';
import {
  FIXTURE_ACCOUNT_SID,
  FIXTURE_AUTH_TOKEN,
  FIXTURE_SERVICE_SID,
  makeConversation,
  makePage,
} from '../test-support/fixtures';

// Credentials across origins (#26 class 2): a redirect, of any kind, to anywhere, is never followed,
// so the Authorization header and the token go to the configured origin only. Next links naming
// another host are rebased onto the configured origin. Two real servers: the one configured, and
// "elsewhere", which must never hear from the client.

interface Heard {
  url: string;
  authorization: string | undefined;
}
function listen(
  handler: (
    req: IncomingMessage,
    respond: (status: number, headers: Record<string, string>, body?: string) => void,
  ) => void,
) {
  const heard: Heard[] = [];
  const server: Server = createServer((req, res) => {
    heard.push({ url: req.url ?? '', authorization: req.headers.authorization });
    handler(req, (status, headers, body) => {
      res.writeHead(status, headers);
      res.end(body);
    });
  });
  return new Promise<{ origin: string; heard: Heard[]; close: () => Promise<void> }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        heard,
        close: () => new Promise((done) => server.close(() => done())),
      }),
    ),
  );
}

const LIST = `/v1/Services/${FIXTURE_SERVICE_SID}/Conversations`;
const pageJson = (origin: string, next: string | null) =>
  JSON.stringify({
    ...makePage({ items: [makeConversation(0)], page: 0, pageSize: 1, origin, serviceSid: FIXTURE_SERVICE_SID }),
    meta: {
      ...makePage({ items: [], page: 0, pageSize: 1, origin, serviceSid: FIXTURE_SERVICE_SID }).meta,
      next_page_url: next,
    },
  });

const clientFor = (baseUrl: string) =>
  createConversationsClient({ accountSid: FIXTURE_ACCOUNT_SID, authToken: FIXTURE_AUTH_TOKEN, baseUrl, env: {} });

let elsewhere: Awaited<ReturnType<typeof listen>>;
beforeAll(async () => {
  elsewhere = await listen((_req, respond) => respond(200, { 'Content-Type': 'application/json' }, '{}'));
});
afterAll(() => elsewhere.close());
beforeEach(() => void (elsewhere.heard.length = 0));

describe.each([301, 302, 303, 307, 308])('a %i redirect', (status) => {
  for (const [where, sameOrigin] of [
    ['first', false],
    ['second', false],
    ['first', true],
    ['second', true],
  ] as const) {
    it(`on the ${where} page, to ${sameOrigin ? 'the same origin' : 'another origin'}, is not followed: an error names it and the token stays home`, async () => {
      const home = await listen((req, respond) => {
        const isFirst = !(req.url ?? '').includes('Page=1');
        if (where === 'second' && isFirst)
          return respond(
            200,
            { 'Content-Type': 'application/json' },
            pageJson('http://h', `http://other.example${LIST}?PageSize=1&Page=1&PageToken=PT1`),
          );
        const target = sameOrigin ? `${LIST}?followed=1` : `${elsewhere.origin}${LIST}?PageSize=1`;
        respond(status, { Location: target });
      });
      try {
        const client = clientFor(home.origin);
        const error = await (async () => {
          for await (const _ of client.iterateConversations({ chatServiceSid: FIXTURE_SERVICE_SID })) void _;
        })().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(TwilioApiError);
        expect((error as TwilioApiError).status).toBe(status);
        expect((error as Error).message).toMatch(/redirect to .* that is not followed/i);
        if (!sameOrigin) expect((error as Error).message).toContain(`a redirect to ${elsewhere.origin} `);
        expect((error as Error).message).not.toContain(FIXTURE_AUTH_TOKEN);
        expect(elsewhere.heard).toEqual([]);
        // Every request the configured origin heard was one the client meant to send, none a redirect's.
        expect(home.heard.some((h) => h.url.includes('followed=1'))).toBe(false);
        expect(home.heard).toHaveLength(where === 'first' ? 1 : 2);
      } finally {
        await home.close();
      }
    });
  }
});

describe('next links naming another host', () => {
  it('are rebased onto the configured origin: the other host hears nothing, the token goes home only', async () => {
    const home = await listen((req, respond) => {
      const second = (req.url ?? '').includes('Page=1');
      respond(
        200,
        { 'Content-Type': 'application/json' },
        pageJson(elsewhere.origin, second ? null : `${elsewhere.origin}${LIST}?PageSize=1&Page=1&PageToken=PT1`),
      );
    });
    try {
      const client = clientFor(home.origin);
      let n = 0;
      for await (const _ of client.iterateConversations({ chatServiceSid: FIXTURE_SERVICE_SID })) n++;
      expect(n).toBe(2);
      expect(elsewhere.heard).toEqual([]);
      expect(home.heard.map((h) => h.url)).toEqual([LIST, `${LIST}?PageSize=1&Page=1&PageToken=PT1`]);
    } finally {
      await home.close();
    }
  });

  it('the CLI: list against a redirecting server exits 1 naming the redirect, and the other host hears nothing', async () => {
    const home = await listen((_req, respond) => respond(302, { Location: `${elsewhere.origin}${LIST}` }));
    try {
      const result = await runCli(['list', '--format', 'ndjson'], {
        TWILIO_ACCOUNT_SID: FIXTURE_ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: FIXTURE_AUTH_TOKEN,
        TWILIO_CHAT_SERVICE_SID: FIXTURE_SERVICE_SID,
        TWILIO_CONVERSATIONS_BASE_URL: home.origin,
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/redirect.*not followed/i);
      expect(result.stderr).not.toContain(FIXTURE_AUTH_TOKEN);
      expect(elsewhere.heard).toEqual([]);
    } finally {
      await home.close();
    }
  });
});
