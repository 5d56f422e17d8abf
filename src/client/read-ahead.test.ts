import { makeConversation, makePage } from '../../test-support/fixtures';
import { drain } from '../../test-support/turns';
import { createConversationsClient } from './client';
import { ConfigurationError, RequestValidationError, ResponseValidationError, TwilioApiError } from './errors';

// Read-ahead seen from the wire: a fetch whose answers the test releases one by one, so it can say
// which requests were sent while the consumer still held the previous page.
const sid = 'ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const base = 'http://127.0.0.1:9';

function pageBody(n: number, last: number, size = 2) {
  const body = makePage({
    items: Array.from({ length: size }, (_, i) => makeConversation(n * 10 + i)),
    page: n,
    pageSize: size,
    origin: base,
    serviceSid: sid,
    nextQuery: n < last ? `PageSize=${size}&Page=${n + 1}&PageToken=PT${n + 1}` : null,
  });
  return body;
}

/**
 * A server of `last + 1` pages whose answers wait until `release(n)`; `fail` answers page n with a
 * 400, `broken` answers it with a page that breaks the spec (a state no enum allows).
 */
function heldServer(last: number, fail?: number, broken?: number) {
  const sent: Request[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  /** Resolves once `count` requests have been sent. */
  const sentCount = (count: number) =>
    new Promise<void>((resolve) => (sent.length >= count ? resolve() : waiters.push({ count, resolve })));
  const gates = new Map<number, () => void>();
  const opened = new Set<number>();
  const release = (n: number) => {
    opened.add(n);
    gates.get(n)?.();
  };
  const fetch = async (request: Request) => {
    sent.push(request);
    for (const w of waiters.filter((w) => sent.length >= w.count)) w.resolve();
    const n = Number(new URL(request.url).searchParams.get('Page') ?? 0);
    if (!opened.has(n)) {
      await new Promise<void>((resolve, reject) => {
        gates.set(n, resolve);
        request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
      });
    }
    if (n === fail)
      return new Response(JSON.stringify({ code: 20001, message: 'bad', more_info: 'x', status: 400 }), {
        status: 400,
        headers: { 'content-type': 'application/json' },
      });
    const body = pageBody(n, last);
    if (n === broken) body.conversations[0]!.state = 'melted' as never;
    return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
  };
  return {
    fetch,
    sent,
    sentCount,
    release,
    pages: () => sent.map((r) => Number(new URL(r.url).searchParams.get('Page') ?? 0)),
  };
}

const client = (fetch: (r: Request) => Promise<Response>, readAhead?: number, validation?: 'strict') =>
  createConversationsClient({
    accountSid: 'AC00000000000000000000000000000000',
    authToken: 'secret-token-value',
    baseUrl: base,
    env: {},
    fetch,
    maxRetries: 0,
    ...(readAhead !== undefined ? { readAhead } : {}),
    ...(validation ? { validation } : {}),
  });

describe('read-ahead', () => {
  it('by default, asks for page N+1 while the consumer still holds page N', async () => {
    const server = heldServer(2);
    server.release(0);
    const pages = client(server.fetch).iteratePages({ chatServiceSid: sid });
    expect((await pages.next()).value?.meta.page).toBe(0);
    await server.sentCount(2); // sent before the consumer asked for it
    expect(server.pages()).toEqual([0, 1]);
    server.release(1);
    server.release(2);
    const rest: number[] = [];
    for await (const p of pages) rest.push(p.meta.page);
    expect(rest).toEqual([1, 2]);
    expect(server.pages()).toEqual([0, 1, 2]);
  });

  it('readAhead 0 sends nothing until the consumer asks', async () => {
    const server = heldServer(2);
    [0, 1, 2].forEach(server.release);
    const pages = client(server.fetch, 0).iteratePages({ chatServiceSid: sid });
    await pages.next();
    await drain();
    expect(server.pages()).toEqual([0]);
    await pages.return();
  });

  it('reads up to readAhead pages ahead, and no further', async () => {
    const server = heldServer(5);
    [0, 1, 2, 3, 4, 5].forEach(server.release);
    const pages = client(server.fetch, 3).iteratePages({ chatServiceSid: sid });
    await pages.next();
    await server.sentCount(4);
    await drain();
    expect(server.pages()).toEqual([0, 1, 2, 3]);
    await pages.return();
  });

  it('never reads past a limit: the page that reaches it is the last one requested', async () => {
    const server = heldServer(5);
    [0, 1, 2, 3, 4, 5].forEach(server.release);
    const items: string[] = [];
    for await (const c of client(server.fetch, 2).iterateConversations({ chatServiceSid: sid, pageSize: 2, limit: 3 }))
      items.push(c.sid!);
    await drain();
    expect(items).toHaveLength(3);
    expect(server.pages()).toEqual([0, 1]);
  });

  it('iteratePages with a limit yields whole pages up to the one that reaches it, and requests none past it', async () => {
    const server = heldServer(5);
    [0, 1, 2, 3, 4, 5].forEach(server.release);
    const sizes: number[] = [];
    for await (const p of client(server.fetch, 3).iteratePages({ chatServiceSid: sid, limit: 3 }))
      sizes.push(p.conversations.length);
    await drain();
    expect(sizes).toEqual([2, 2]);
    expect(server.pages()).toEqual([0, 1]);
    const none = client(server.fetch).iteratePages({ chatServiceSid: sid, limit: 0 });
    expect((await none.next()).done).toBe(true);
    expect(server.pages()).toEqual([0, 1]);
  });

  it('an error surfaces in order: after every item of the pages before it', async () => {
    const server = heldServer(3, 2);
    [0, 1, 2, 3].forEach(server.release);
    const seen: string[] = [];
    const run = async () => {
      for await (const c of client(server.fetch).iterateConversations({ chatServiceSid: sid, pageSize: 2 }))
        seen.push(c.sid!);
    };
    await expect(run()).rejects.toBeInstanceOf(TwilioApiError);
    expect(seen).toEqual([0, 1, 10, 11].map((i) => makeConversation(i).sid));
  });

  it('strict validation of a page runs once the next request has left; a page that fails is not handed on, and that request is cancelled', async () => {
    const server = heldServer(3, undefined, 1);
    [0, 1].forEach(server.release); // page 2 is held: it can only be in flight
    const seen: number[] = [];
    const run = async () => {
      for await (const p of client(server.fetch, 1, 'strict').iteratePages({ chatServiceSid: sid }))
        seen.push(p.meta.page);
    };
    await expect(run()).rejects.toThrow(ResponseValidationError);
    expect(seen).toEqual([0]);
    expect(server.pages()).toEqual([0, 1, 2]);
    expect(server.sent[2]!.signal.aborted).toBe(true);

    // Without read-ahead, nothing is asked for past the page that fails.
    const alone = heldServer(3, undefined, 1);
    [0, 1, 2, 3].forEach(alone.release);
    const pages = client(alone.fetch, 0, 'strict').iteratePages({ chatServiceSid: sid });
    await pages.next();
    await expect(pages.next()).rejects.toThrow(ResponseValidationError);
    expect(alone.pages()).toEqual([0, 1]);
  });

  it('a break cancels the request in flight', async () => {
    const server = heldServer(3);
    server.release(0);
    for await (const page of client(server.fetch).iteratePages({ chatServiceSid: sid })) {
      expect(page.meta.page).toBe(0);
      await server.sentCount(2); // page 1 is now in flight, held by the server
      break;
    }
    expect(server.pages()).toEqual([0, 1]);
    expect(server.sent[1]!.signal.aborted).toBe(true);
  });

  it("the caller's abort stops a listing whose next page is in flight, with the caller's reason", async () => {
    const server = heldServer(3);
    server.release(0);
    const controller = new AbortController();
    const pages = client(server.fetch).iteratePages({ chatServiceSid: sid }, { signal: controller.signal });
    await pages.next();
    await server.sentCount(2);
    controller.abort(new Error('user gave up'));
    await expect(pages.next()).rejects.toThrow('user gave up');
    expect(server.sent[1]!.signal.aborted).toBe(true);
  });

  it('a bad readAhead is refused in plain words, before anything is sent', async () => {
    const server = heldServer(1);
    expect(() => client(server.fetch, -1)).toThrow(ConfigurationError);
    expect(() => client(server.fetch, 9)).toThrow('readAhead 9 is invalid: must be a whole number from 0 to 8.');
    const pages = client(server.fetch).iteratePages({ chatServiceSid: sid }, { readAhead: 1.5 });
    await expect(pages.next()).rejects.toBeInstanceOf(RequestValidationError);
    expect(server.sent).toEqual([]);
  });
});
