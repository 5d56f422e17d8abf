import { expectListeners } from './runtime';
import type { AttemptGate, RetryingFetch } from './retry';
import type { Scrubber } from './secrets';
import { ConversationsError, RequestValidationError } from './errors';
import { iterateItems } from './items';
import type { GetPage } from './page';
import { nextPageQuery, readAheadProblem, walkPages, type Fetched, type PaginationPolicy } from './paginate';
import { readAhead } from './read-ahead';
import {
  checkConcurrency,
  checkDayOptions,
  createWidth,
  dayShards,
  DEFAULT_BUFFER_BYTES,
  scheduleDays,
  type DayOrder,
  type DayShard,
} from './shards';
import { pageSizeForLimit, type ListParams, type WireParams } from './params';
import type {
  CallOptions,
  Conversation,
  ConversationPage,
  ConversationsClient,
  IterateParams,
  PageParams,
} from './types';

/** What the four list methods are built from. */
export interface ListMethodParts {
  getPage: GetPage;
  /** The retrying fetch for a call (one per call: a whole listing, or one day of a listing by day, shares it). */
  fetchForCall: (call?: CallOptions, listing?: ListingHooks) => RetryingFetch;
  encode: (params: ListParams) => WireParams;
  baseUrl: string;
  pagination: PaginationPolicy;
  scrub: Scrubber;
}

/** What a listing by day adds to its retrying fetches: told of each 429, and a gate on each attempt. */
export interface ListingHooks {
  onThrottled: () => void;
  gate: AttemptGate;
}

/** The client's four list methods: one page, pages, items, and a bounded array of items. */
// (Over 60 lines as one closure: four short methods and the resume rule share the parts above.)
export function createListMethods({
  getPage,
  fetchForCall,
  encode,
  baseUrl,
  pagination,
  scrub,
}: ListMethodParts): Pick<
  ConversationsClient,
  'listConversations' | 'iteratePages' | 'iterateConversations' | 'listAllConversations'
> {
  // Errors leave the client through listConversations and iteratePages (the other two methods
  // use iteratePages): each is scrubbed there, as a server may echo the credentials into a body,
  // an error message or a next link.
  const outward = (error: unknown): unknown => (error instanceof ConversationsError ? scrub.error(error) : error);

  async function listConversations(params: ListParams, call?: CallOptions): Promise<ConversationPage> {
    try {
      const fetched = await getPage(params?.chatServiceSid, params, fetchForCall(call));
      fetched.check();
      return fetched.page;
    } catch (error) {
      throw outward(error);
    }
  }

  async function* iteratePages(
    params: PageParams,
    call?: CallOptions,
  ): AsyncGenerator<ConversationPage, void, undefined> {
    try {
      const { resumeFrom, limit, concurrency, order, bufferBytes, ...listParams } = params ?? ({} as PageParams);
      if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0))
        throw new RequestValidationError('limit', limit, 'must be a whole number >= 0');
      checkConcurrency(concurrency, { ...listParams, resumeFrom });
      checkDayOptions({ order, bufferBytes });
      const depth = readAheadOf(call);
      if (concurrency !== undefined && concurrency > 1) {
        const shards = dayShardsOf(listParams);
        if (limit === 0) return;
        const byDayOptions = {
          concurrency,
          limit,
          depth,
          order: order ?? 'listing',
          bufferBytes: bufferBytes ?? DEFAULT_BUFFER_BYTES,
        };
        yield* byDay(listParams, shards, byDayOptions, call);
        return;
      }
      if (limit === 0) return;
      const startQuery = resumeFrom === undefined ? undefined : resumeQuery(resumeFrom, listParams);
      // The listing's own signal: stopping early (break, a limit reached) cancels the page in flight.
      const stop = new AbortController();
      const fetch = fetchForCall({ ...call, signal: listingSignal(call, stop) });
      const pages = walk(listParams, startQuery ?? listParams, fetch);
      // Reading ahead stops at the page that reaches the limit.
      yield* checkedInTurn(readAhead(pages, depth, () => stop.abort(), wantUpTo(limit)));
    } catch (error) {
      throw outward(error);
    }
  }

  /** Each day of the window listed on its own, `concurrency` requests at once, pages in the order asked for. */
  async function* byDay(
    listParams: ListParams,
    shards: DayShard[],
    options: { concurrency: number; limit: number | undefined; depth: number; order: DayOrder; bufferBytes: number },
    call: CallOptions | undefined,
  ): AsyncGenerator<ConversationPage, void, undefined> {
    const stop = new AbortController();
    const width = createWidth(options.concurrency);
    const signal = listingSignal(call, stop);
    // Every open day listens to the listing's signal (a wait for a place, an attempt, a body being
    // read): more than Node's default of 10 is expected here, not a leak.
    expectListeners(8 * options.concurrency + 10, signal);
    const open = (index: number) => {
      const day = { ...listParams, startDate: shards[index]!.startDate, endDate: shards[index]!.endDate };
      // Each attempt of this day waits for a place (a 429 gives it up while the retry waits); the
      // days read sooner go first.
      const fetch = fetchForCall(
        { ...call, signal },
        { onThrottled: width.throttled, gate: (attempt) => width.run(index, signal, attempt) },
      );
      return tellEach(walk(listParams, day, fetch), width.answered);
    };
    const pages = scheduleDays({
      count: shards.length,
      open,
      // As many days open as requests at once: each has at most one request under way, and a day
      // that is done fetching (its pages held) leaves its place to the next.
      activeAtOnce: options.concurrency,
      order: options.order,
      bufferBytes: options.bufferBytes,
      readAhead: options.depth,
      sizeOf: (fetched) => fetched.size,
      countOf: (fetched) => fetched.page.conversations.length,
      limit: options.limit,
      cancel: () => stop.abort(),
    });
    // Each page is checked against the spec as it is handed on, as in a single listing.
    for await (const { item, day } of pages) {
      item.check();
      yield { ...item.page, day: shards[day]!.day };
    }
  }

  /** The days of a listing by day: from startDate to endDate (default now), which must not run backwards. */
  function dayShardsOf(listParams: ListParams): DayShard[] {
    const { query } = encode({ ...listParams, endDate: listParams.endDate ?? new Date() });
    if (Date.parse(query.StartDate!) > Date.parse(query.EndDate!))
      throw new RequestValidationError(
        'StartDate',
        listParams.startDate,
        `must not be after EndDate (${query.EndDate})`,
      );
    return dayShards(query.StartDate!, query.EndDate!);
  }

  function walk(listParams: ListParams, first: ListParams | string, fetch: RetryingFetch) {
    return walkPages({
      first: () => getPage(listParams.chatServiceSid, first, fetch),
      fetchQuery: (query) => getPage(listParams.chatServiceSid, query, fetch),
      baseUrl,
      chatServiceSid: listParams.chatServiceSid,
      policy: pagination,
    });
  }

  function readAheadOf(call: CallOptions | undefined): number {
    const depth = call?.readAhead ?? pagination.readAhead;
    const problem = readAheadProblem(depth);
    if (problem) throw new RequestValidationError('readAhead', depth, problem);
    return depth;
  }

  function resumeQuery(resumeFrom: string, listParams: ListParams): string {
    encode(listParams); // the service SID still has to be valid
    const extra = Object.keys(listParams).filter(
      (k) => k !== 'chatServiceSid' && listParams[k as keyof ListParams] !== undefined,
    );
    if (extra.length) {
      throw new RequestValidationError(
        'resumeFrom',
        resumeFrom,
        `carries its own filters and paging; do not also pass ${extra.join(', ')}`,
      );
    }
    if (typeof resumeFrom !== 'string')
      throw new RequestValidationError('resumeFrom', resumeFrom, 'must be a page URL string');
    return nextPageQuery(resumeFrom, baseUrl, listParams.chatServiceSid, pagination.foreignNextLinks);
  }

  function iterateConversations(params: IterateParams, call?: CallOptions): AsyncIterableIterator<Conversation> {
    const { limit, ...pageParams } = params ?? ({} as IterateParams);
    // Ask for no more than the limit when it is below the server's default page size.
    const sized =
      pageParams.pageSize === undefined && pageParams.resumeFrom === undefined
        ? { ...pageParams, pageSize: pageSizeForLimit(limit) }
        : pageParams;
    return iterateItems(() => iteratePages({ ...sized, limit }, call), limit);
  }

  async function listAllConversations(
    params: IterateParams & { limit: number },
    call?: CallOptions,
  ): Promise<Conversation[]> {
    if (params?.limit === undefined) {
      const why =
        'is required by listAllConversations, which holds every item in memory; use iterateConversations to stream';
      throw new RequestValidationError('limit', undefined, why);
    }
    const out: Conversation[] = [];
    for await (const c of iterateConversations(params, call)) out.push(c);
    return out;
  }

  return { listConversations, iteratePages, iterateConversations, listAllConversations };
}

function listingSignal(call: CallOptions | undefined, stop: AbortController): AbortSignal {
  return call?.signal ? AbortSignal.any([call.signal, stop.signal]) : stop.signal;
}

/** Asked of each page as it arrives: false once the pages so far hold `limit` conversations. */
function wantUpTo(limit: number | undefined): ((fetched: Fetched<ConversationPage>) => boolean) | undefined {
  if (limit === undefined) return undefined;
  let counted = 0;
  return ({ page }) => (counted += page.conversations.length) < limit;
}

/**
 * Checks each page against the spec as it is handed on, after the read-ahead has sent the next
 * page's request: strict validation then costs no time on the chain of requests. A page that fails
 * is not handed on; leaving the loop stops the read-ahead, which cancels the request in flight.
 */
async function* checkedInTurn(
  pages: AsyncGenerator<Fetched<ConversationPage>, void, undefined>,
): AsyncGenerator<ConversationPage, void, undefined> {
  for await (const fetched of pages) {
    fetched.check();
    yield fetched.page;
  }
}

/** Passes pages through, telling `answered` of each. */
async function* tellEach<P>(pages: AsyncGenerator<P, void, undefined>, answered: () => void) {
  for await (const page of pages) {
    answered();
    yield page;
  }
}
