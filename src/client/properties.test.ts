import fc from 'fast-check';
import { makeConversation, makePage } from '../../test-support/fixtures';
import { createConversationsClient } from './client';
import type { ClientOptions } from './types';
import { PaginationError, RequestValidationError } from './errors';
import { listParameters } from '../schema/spec';
import { createSpecValidators } from '../ajv';

const SID = 'IS0123456789abcdef0123456789abcdef';
const BASE = 'http://127.0.0.1:9';
const LIST = `/v1/Services/${SID}/Conversations`;

// The oracle: the spec's parameter schemas, compiled separately from the client's own copy,
// plus a hand-written rule for the one value that becomes part of the path.
const oracle = createSpecValidators();
const paramSchema = new Map([...listParameters()].map(([name, p]) => [name, oracle.forSchema(p.schema)]));
const SAFE_SID = /^IS[0-9a-fA-F]{32}$/;

function recordingClient(respond: (url: URL) => Response, options: Partial<ClientOptions> = {}) {
  const sent: URL[] = [];
  const client = createConversationsClient({
    accountSid: 'AC0123456789abcdef0123456789abcdef',
    authToken: 't',
    baseUrl: BASE,
    env: {},
    validation: 'off',
    maxRetries: 0,
    fetch: async (request) => {
      const url = new URL(request.url);
      sent.push(url);
      return respond(url);
    },
    ...options,
  });
  return { client, sent };
}

const emptyPage = () => Response.json(makePage({ items: [], page: 0, pageSize: 50, origin: BASE, serviceSid: SID }));

// Strings near the valid shapes are where bugs hide: SIDs with one odd character, look-alike digits, path tricks.
const oddChars = fc.constantFrom(
  '/',
  '.',
  '..',
  '%2F',
  '?',
  '#',
  '０',
  'а',
  'Ａ',
  ' ',
  '\u0000',
  '\n',
  'g',
  'G',
  '+',
  '%',
);
const nearSid = fc
  .tuple(
    fc.constantFrom('IS', 'is', 'CH', 'I S', ''),
    fc.array(fc.constantFrom(...'0123456789abcdefABCDEF'), { minLength: 30, maxLength: 34 }),
    fc.array(oddChars, { maxLength: 2 }),
    fc.nat(40),
  )
  .map(([prefix, hex, odd, at]) => {
    const body = hex.join('');
    const i = Math.min(at, body.length);
    return prefix + body.slice(0, i) + odd.join('') + body.slice(i);
  });
const anyValue = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.date({ noInvalidDate: false }),
  fc.constantFrom(
    'active',
    'inactive',
    'closed',
    'initializing',
    '2026-01-01T00:00:00Z',
    '2026-02-30T00:00:00Z',
    '1',
    '0',
    '-1',
    '1000',
    '1001',
  ),
);

const WIRE: Record<string, string> = {
  pageSize: 'PageSize',
  page: 'Page',
  pageToken: 'PageToken',
  state: 'State',
  startDate: 'StartDate',
  endDate: 'EndDate',
};

describe('properties', () => {
  it('random parameter values never produce a request unless every value is valid by the spec', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(nearSid, fc.string(), fc.constant(SID)),
        fc.record(
          {
            pageSize: anyValue,
            page: anyValue,
            pageToken: anyValue,
            state: anyValue,
            startDate: anyValue,
            endDate: anyValue,
          },
          { requiredKeys: [] },
        ),
        async (chatServiceSid, params) => {
          const { client, sent } = recordingClient(emptyPage);
          const outcome = await client.listConversations({ chatServiceSid, ...(params as object) }).then(
            () => 'sent',
            (e: unknown) => e,
          );
          if (outcome !== 'sent') {
            expect(outcome).toBeInstanceOf(RequestValidationError);
            expect(sent).toHaveLength(0);
            return;
          }
          expect(sent).toHaveLength(1);
          const url = sent[0]!;
          expect(SAFE_SID.test(chatServiceSid)).toBe(true);
          expect(url.pathname).toBe(`/v1/Services/${chatServiceSid}/Conversations`);
          for (const [name, value] of url.searchParams) {
            const check = paramSchema.get(name);
            expect(check).toBeDefined();
            const typed = name === 'PageSize' || name === 'Page' ? Number(value) : value;
            expect(check!(typed)).toEqual([]);
          }
          for (const [key, value] of Object.entries(params)) {
            if (value !== undefined) expect(url.searchParams.has(WIRE[key]!)).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  // A random list: each page has a few items and a next link that ends the list, goes to
  // another page (maybe one already seen), goes to a page on a foreign host, or leaves the list.
  type Next = null | { kind: 'page' | 'foreignHost'; target: number } | { kind: 'foreignPath' };
  const pageGraph = fc.integer({ min: 1, max: 8 }).chain((n) =>
    fc.record({
      pages: fc.array(
        fc.record({
          items: fc.integer({ min: 0, max: 3 }),
          next: fc.oneof(
            fc.constant(null as Next),
            fc.record({
              kind: fc.constantFrom('page' as const, 'foreignHost' as const),
              target: fc.integer({ min: 0, max: n - 1 }),
            }),
            fc.constant({ kind: 'foreignPath' }),
          ),
        }),
        { minLength: n, maxLength: n },
      ),
      maxPages: fc.integer({ min: 1, max: 10 }),
      foreign: fc.constantFrom('rebase' as const, 'refuse' as const),
    }),
  );

  it('random page sequences (empty pages, loops, foreign links) always end as the policy says', async () => {
    await fc.assert(
      fc.asyncProperty(pageGraph, async ({ pages, maxPages, foreign }) => {
        const query = (i: number) => (i === 0 ? 'PageSize=50&Page=0' : `PageSize=50&Page=${i}&PageToken=T${i}`);
        const itemsOf = (i: number) => Array.from({ length: pages[i]!.items }, (_, k) => makeConversation(i * 10 + k));
        const link = (next: Next) => {
          if (next === null) return null;
          if (next.kind === 'foreignPath') return `${BASE}/v1/Services/${SID}/Messages?Page=9`;
          const host = next.kind === 'foreignHost' ? 'https://elsewhere.example' : BASE;
          return `${host}${LIST}?${query(next.target)}`;
        };

        // The model: what a correct client must deliver and how it must stop.
        const expectedItems: string[] = [];
        const visited = new Set<number>();
        let expectedError: RegExp | null = null;
        for (let at = 0, fetched = 1; ; fetched++) {
          visited.add(at);
          expectedItems.push(...itemsOf(at).map((c) => c.sid!));
          const next = pages[at]!.next;
          if (next === null) break;
          if (next.kind === 'foreignPath') {
            expectedError = /not at this list/;
            break;
          }
          if (next.kind === 'foreignHost' && foreign === 'refuse') {
            expectedError = /refusing/;
            break;
          }
          if (visited.has(next.target)) {
            expectedError = /leads back/;
            break;
          }
          if (fetched >= maxPages) {
            expectedError = /stopped after/;
            break;
          }
          at = next.target;
        }

        const { client, sent } = recordingClient(
          (url) => {
            const token = url.searchParams.get('PageToken');
            const i = token ? Number(token.slice(1)) : 0;
            const body = makePage({
              items: itemsOf(i),
              page: i,
              pageSize: 50,
              origin: BASE,
              serviceSid: SID,
              selfQuery: query(i),
            });
            return Response.json({ ...body, meta: { ...body.meta, next_page_url: link(pages[i]!.next) } });
          },
          { maxPages, foreignNextLinks: foreign },
        );

        const delivered: string[] = [];
        const error = await (async () => {
          for await (const c of client.iterateConversations({ chatServiceSid: SID })) delivered.push(c.sid!);
        })().then(
          () => null,
          (e: unknown) => e,
        );

        expect(delivered).toEqual(expectedItems);
        // Each page fetched once, in order, and never from another host.
        expect(sent.map((u) => Number(u.searchParams.get('PageToken')?.slice(1) ?? 0))).toEqual([...visited]);
        expect(sent.every((u) => u.origin === BASE)).toBe(true);
        if (expectedError) {
          expect(error).toBeInstanceOf(PaginationError);
          expect((error as Error).message).toMatch(expectedError);
        } else {
          expect(error).toBeNull();
        }
      }),
      { numRuns: 500 },
    );
  });
});
