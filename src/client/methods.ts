import type { RetryingFetch } from './retry';
import type { Scrubber } from './secrets';
import { ConversationsError, RequestValidationError } from './errors';
import { iterateItems } from './items';
import type { GetPage } from './page';
import { nextPageQuery, readAheadProblem, walkPages, type PaginationPolicy } from './paginate';
import { readAhead } from './read-ahead';
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
  /** The retrying fetch for a call (one per call: a whole listing shares it). */
  fetchForCall: (call?: CallOptions) => RetryingFetch;
  encode: (params: ListParams) => WireParams;
  baseUrl: string;
  pagination: PaginationPolicy;
  scrub: Scrubber;
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
      return (await getPage(params?.chatServiceSid, params, fetchForCall(call))).page;
    } catch (error) {
      throw outward(error);
    }
  }

  async function* iteratePages(
    params: PageParams,
    call?: CallOptions,
  ): AsyncGenerator<ConversationPage, void, undefined> {
    try {
      const { resumeFrom, limit, ...listParams } = params ?? ({} as PageParams);
      if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0))
        throw new RequestValidationError('limit', limit, 'must be a whole number >= 0');
      if (limit === 0) return;
      // Asked of each page as it arrives: reading ahead stops at the page that reaches the limit.
      let counted = 0;
      const wantMore =
        limit === undefined ? undefined : (page: ConversationPage) => (counted += page.conversations.length) < limit;
      const startQuery = resumeFrom === undefined ? undefined : resumeQuery(resumeFrom, listParams);
      const depth = readAheadOf(call);
      // The listing's own signal: stopping early (break, a limit reached) cancels the page in flight.
      const stop = new AbortController();
      const signal = call?.signal ? AbortSignal.any([call.signal, stop.signal]) : stop.signal;
      const fetch = fetchForCall({ ...call, signal });
      const pages = walkPages({
        first: () => getPage(listParams.chatServiceSid, startQuery ?? listParams, fetch),
        fetchQuery: (query) => getPage(listParams.chatServiceSid, query, fetch),
        baseUrl,
        chatServiceSid: listParams.chatServiceSid,
        policy: pagination,
      });
      yield* readAhead(pages, depth, () => stop.abort(), wantMore);
    } catch (error) {
      throw outward(error);
    }
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
