import { makeConversation, makePage } from '../../test-support/fixtures';
import { createConversationsClient } from './client';
import { PaginationError, RequestValidationError } from './errors';
import { nextPageQuery } from './paginate';
import type { ClientOptions } from './types';

// Pagination, from the rule for one next link (nextPageQuery) to whole listings through the client.

const serviceSid = 'ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const base = 'http://127.0.0.1:4010';

describe('nextPageQuery', () => {
  it('keeps the query string byte for byte', () => {
    const q = 'PageSize=50&Page=1&PageToken=PA+b:c=d%2Be%3A';
    expect(
      nextPageQuery(`https://conversations.twilio.com/v1/Services/${serviceSid}/Conversations?${q}`, base, serviceSid),
    ).toBe(q);
  });

  it('takes only path and query from a link on another host', () => {
    expect(nextPageQuery(`https://evil.example/v1/Services/${serviceSid}/Conversations?Page=1`, base, serviceSid)).toBe(
      'Page=1',
    );
  });

  it('accepts a link that carries the base URL path prefix', () => {
    expect(
      nextPageQuery(
        `http://127.0.0.1:4010/proxy/v1/Services/${serviceSid}/Conversations?Page=2`,
        `${base}/proxy`,
        serviceSid,
      ),
    ).toBe('Page=2');
  });

  it('drops a fragment', () => {
    expect(nextPageQuery(`${base}/v1/Services/${serviceSid}/Conversations?Page=1#x`, base, serviceSid)).toBe('Page=1');
  });

  it.each([
    ['another service', `${base}/v1/Services/IS00000000000000000000000000000000/Conversations?Page=1`],
    ['another resource', `${base}/v1/Services/${serviceSid}/Conversations/CH00000000000000000000000000000000`],
    ['a path that climbs out', `${base}/v1/Services/${serviceSid}/../../Conversations?Page=1`],
    ['not a URL', 'http://['],
  ])('refuses a next link to %s', (_what, link) => {
    expect(() => nextPageQuery(link, base, serviceSid)).toThrow(PaginationError);
  });
});

const SID = 'IS0123456789abcdef0123456789abcdef';
const BASE = 'http://127.0.0.1:9';
const LIST = `${BASE}/v1/Services/${SID}/Conversations`;

type Step = { items: number[]; next: string | null; self?: string } | (() => Response);

/** A client whose fetch answers from a script of pages and records each URL asked for. */
function scripted(steps: Step[], options: Partial<ClientOptions> = {}) {
  const urls: string[] = [];
  const client = createConversationsClient({
    accountSid: 'AC0123456789abcdef0123456789abcdef',
    authToken: 't',
    baseUrl: BASE,
    env: {},
    validation: 'strict',
    sleep: async () => {},
    fetch: async (request) => {
      urls.push(request.url);
      const step = steps.shift();
      if (!step) throw new Error(`unexpected request ${request.url}`);
      if (typeof step === 'function') return step();
      const body = makePage({
        items: step.items.map((i) => makeConversation(i)),
        page: 0,
        pageSize: 50,
        origin: BASE,
        serviceSid: SID,
        selfQuery: step.self ?? `self-${urls.length}`,
      });
      return Response.json({ ...body, meta: { ...body.meta, next_page_url: step.next } });
    },
    ...options,
  });
  return { client, urls };
}

async function sids(iterable: AsyncIterable<{ sid: string | null }>): Promise<string[]> {
  const out: string[] = [];
  for await (const c of iterable) out.push(c.sid!);
  return out;
}

const sid = (i: number) => makeConversation(i).sid!;

describe('pagination', () => {
  it('keeps going past an empty page that still has a next link', async () => {
    const { client } = scripted([
      { items: [1], next: `${LIST}?Page=1&PageToken=A` },
      { items: [], next: `${LIST}?Page=2&PageToken=B` },
      { items: [2], next: null },
    ]);
    expect(await sids(client.iterateConversations({ chatServiceSid: SID }))).toEqual([sid(1), sid(2)]);
  });

  it('stops before refetching when a different link carries a PageToken already used', async () => {
    const { client, urls } = scripted([
      { items: [1], next: `${LIST}?Page=1&PageToken=A` },
      { items: [2], next: `${LIST}?Page=2&PageToken=A` },
    ]);
    await expect(sids(client.iterateConversations({ chatServiceSid: SID }))).rejects.toThrow(PaginationError);
    expect(urls).toHaveLength(2);
  });

  it('stops before refetching when a next link points back at the first page (A->B->A)', async () => {
    const { client, urls } = scripted([
      { items: [1], next: `${LIST}?Page=1&PageToken=B`, self: 'PageSize=50&Page=0' },
      { items: [2], next: `${LIST}?PageSize=50&Page=0` },
    ]);
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const c of client.iterateConversations({ chatServiceSid: SID })) seen.push(c.sid!);
      })(),
    ).rejects.toThrow(/leads back/);
    expect(seen).toEqual([sid(1), sid(2)]);
    expect(urls).toHaveLength(2);
  });

  // The first request is remembered as sent, not only by the page's own meta.url, and a query
  // is compared with its parameters in any order: page 1 is never delivered twice.
  it.each([
    ['the bare list URL', `${LIST}`, {}],
    ['the first URL with a fragment', `${LIST}?PageSize=7#x`, { pageSize: 7 }],
    [
      'the first URL with its parameters reordered',
      `${LIST}?State=active&PageSize=7`,
      { pageSize: 7, state: 'active' as const },
    ],
    [
      'the first URL with an empty pair added',
      `${LIST}?PageSize=7&&State=active`,
      { pageSize: 7, state: 'active' as const },
    ],
  ])('stops before refetching when the next link is %s', async (_what, next, params) => {
    const { client, urls } = scripted([
      { items: [1], next, self: 'meta-url-says-something-else' },
      { items: [1], next: null },
    ]);
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const c of client.iterateConversations({ chatServiceSid: SID, ...params })) seen.push(c.sid!);
      })(),
    ).rejects.toThrow(/leads back/);
    expect(seen).toEqual([sid(1)]);
    expect(urls).toHaveLength(1);
  });

  it('stops at the page cap with a PaginationError', async () => {
    const steps = Array.from({ length: 5 }, (_, i) => ({
      items: [i],
      next: `${LIST}?Page=${i + 1}&PageToken=T${i + 1}`,
    }));
    const { client, urls } = scripted(steps, { maxPages: 3 });
    await expect(sids(client.iterateConversations({ chatServiceSid: SID }))).rejects.toThrow(/stopped after 3 pages/);
    expect(urls).toHaveLength(3);
  });

  it('refuses a next link on another origin when told to', async () => {
    const { client, urls } = scripted(
      [{ items: [1], next: `https://elsewhere.example/v1/Services/${SID}/Conversations?Page=1` }],
      { foreignNextLinks: 'refuse' },
    );
    await expect(sids(client.iterateConversations({ chatServiceSid: SID }))).rejects.toThrow(/refusing/);
    expect(urls).toHaveLength(1);
  });

  it('by default sends a foreign next link to the configured host only', async () => {
    const { client, urls } = scripted([
      { items: [1], next: `https://elsewhere.example/v1/Services/${SID}/Conversations?Page=1&PageToken=X` },
      { items: [2], next: null },
    ]);
    await sids(client.iterateConversations({ chatServiceSid: SID }));
    expect(urls).toEqual([LIST, `${LIST}?Page=1&PageToken=X`]);
  });

  it('resumes from a saved next link', async () => {
    const first = scripted([{ items: [1], next: `${LIST}?PageSize=50&Page=1&PageToken=R%2B1` }]);
    const pages = first.client.iteratePages({ chatServiceSid: SID });
    const saved = (await pages.next()).value!.meta.next_page_url!;
    await pages.return();

    const later = scripted([{ items: [2], next: null }]);
    expect(await sids(later.client.iterateConversations({ chatServiceSid: SID, resumeFrom: saved }))).toEqual([sid(2)]);
    expect(later.urls).toEqual([saved]);
  });

  it('refuses a resume link for another list, and filters passed next to one', async () => {
    const { client, urls } = scripted([]);
    await expect(
      sids(
        client.iterateConversations({
          chatServiceSid: SID,
          resumeFrom: `${BASE}/v1/Services/IS${'1'.repeat(32)}/Conversations?Page=1`,
        }),
      ),
    ).rejects.toThrow(PaginationError);
    await expect(
      sids(client.iterateConversations({ chatServiceSid: SID, resumeFrom: `${LIST}?Page=1`, state: 'active' })),
    ).rejects.toThrow(RequestValidationError);
    expect(urls).toHaveLength(0);
  });

  it('asks for a smaller page when the limit is below the default page size', async () => {
    const { client, urls } = scripted([{ items: [1, 2, 3], next: `${LIST}?Page=1` }]);
    expect(await sids(client.iterateConversations({ chatServiceSid: SID, limit: 3 }))).toHaveLength(3);
    expect(urls).toEqual([`${LIST}?PageSize=3`]);
  });

  it('listAllConversations refuses to run without a limit', async () => {
    const { client, urls } = scripted([]);
    await expect(client.listAllConversations({ chatServiceSid: SID } as never)).rejects.toThrow(
      /required by listAllConversations/,
    );
    expect(urls).toHaveLength(0);
  });

  it('listAllConversations collects up to the limit across pages', async () => {
    const { client, urls } = scripted([
      { items: [1, 2], next: `${LIST}?Page=1&PageToken=A` },
      { items: [3, 4], next: `${LIST}?Page=2&PageToken=B` },
    ]);
    const all = await client.listAllConversations({ chatServiceSid: SID, limit: 3, pageSize: 2 });
    expect(all.map((c) => c.sid)).toEqual([sid(1), sid(2), sid(3)]);
    expect(urls).toHaveLength(2);
  });

  it('repeats the same page URL when a page is retried mid-listing, so nothing is lost or repeated', async () => {
    const busy = () => new Response('{}', { status: 503, headers: { 'content-type': 'application/json' } });
    const { client, urls } = scripted([
      { items: [1], next: `${LIST}?Page=1&PageToken=A+b:c` },
      busy,
      { items: [2], next: null },
    ]);
    expect(await sids(client.iterateConversations({ chatServiceSid: SID }))).toEqual([sid(1), sid(2)]);
    expect(urls).toEqual([LIST, `${LIST}?Page=1&PageToken=A+b:c`, `${LIST}?Page=1&PageToken=A+b:c`]);
  });

  it('takes retry settings per call, overriding the client', async () => {
    const busy = () => new Response('{}', { status: 503 });
    const { client, urls } = scripted([busy, busy, busy], { maxRetries: 5 });
    await expect(client.listConversations({ chatServiceSid: SID }, { maxRetries: 1 })).rejects.toMatchObject({
      status: 503,
    });
    expect(urls).toHaveLength(2);
  });

  it('rejects bad per-call settings before sending', async () => {
    const { client, urls } = scripted([]);
    await expect(client.listConversations({ chatServiceSid: SID }, { maxRetries: -1 })).rejects.toThrow(
      RequestValidationError,
    );
    expect(urls).toHaveLength(0);
  });
});
