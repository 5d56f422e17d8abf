import type createClientFn from 'openapi-fetch';
import type { paths } from '../../generated/conversations';
import { createSpecValidators } from '../spec/validate';
import { resolveConfig } from './config';
import { ConversationsError, RequestValidationError } from './errors';
import { iterateItems } from './items';
import { createPageFetcher } from './page';
import { nextPageQuery, walkPages } from './paginate';
import { createParamEncoder, pageSizeForLimit, type ListParams } from './params';
import { createResponseCheck } from './response-check';
import { createRetryingFetch } from './retry';
import { callPolicy, resolveSettings, responseHooks } from './settings';
import type {
  CallOptions,
  ClientOptions,
  Conversation,
  ConversationPage,
  ConversationsClient,
  IterateParams,
  PageParams,
  RawClient,
} from './types';

/**
 * Creates a client for `GET /v1/Services/{ChatServiceSid}/Conversations`. Credentials and the host come
 * from the options or the environment (`TWILIO_ACCOUNT_SID`, `TWILIO_AUTH_TOKEN` or `TWILIO_API_KEY` +
 * `TWILIO_API_SECRET`, `TWILIO_CONVERSATIONS_BASE_URL`).
 * @throws `ConfigurationError` naming the option (and variable) at fault.
 * @example const client = createConversationsClient({ validation: 'strict' });
 */
export function createConversationsClient(options: ClientOptions = {}): ConversationsClient {
  // Wiring only: each part lives in its own module.
  const { baseUrl, authorization, scrub } = resolveConfig(options);
  const settings = resolveSettings(options, authorization);
  const encode = createParamEncoder(createSpecValidators({ formats: 'fast' }));
  const checkResponse = createResponseCheck({ mode: options.validation ?? 'warn', ...responseHooks(options, scrub) });

  const fetchFor = (call: CallOptions = {}) => {
    const onRetry = call.onRetry ?? options.onRetry;
    const onEvent = options.onEvent;
    return createRetryingFetch({
      fetch: options.fetch,
      policy: callPolicy(settings, call),
      timing: settings.timing,
      signal: call.signal,
      // Hooks get scrubbed copies: a next link may carry an echoed secret.
      onRetry: onRetry && ((event) => onRetry(scrub.deep({ ...event }))),
      onEvent: onEvent && ((event) => onEvent(scrub.deep({ ...event }))),
      scrub: scrub.text,
      maxResponseBytes: settings.maxResponseBytes,
    });
  };
  const defaultFetch = fetchFor();
  // One retrying fetch per call (a whole listing shares it), not one per page.
  const fetchForCall = (call?: CallOptions) => (call && Object.keys(call).length ? fetchFor(call) : defaultFetch);

  // The openapi-fetch client is created on first use: creating it reads globalThis.Request,
  // which loads Node's fetch implementation (~20 ms), and a process that never sends a
  // request should not pay that.
  const createClient = (require('openapi-fetch') as { default: typeof createClientFn }).default;
  let rawClient: RawClient | undefined;
  // A redirect is reported as an error rather than followed somewhere unknown.
  const raw = () =>
    (rawClient ??= createClient<paths>({
      baseUrl,
      fetch: defaultFetch,
      headers: settings.headers,
      redirect: 'manual',
    }));
  const getPage = createPageFetcher({ raw, encode, checkResponse, baseUrl });

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
      const { resumeFrom, ...listParams } = params ?? ({} as PageParams);
      const startQuery = resumeFrom === undefined ? undefined : resumeQuery(resumeFrom, listParams);
      const fetch = fetchForCall(call);
      yield* walkPages({
        first: () => getPage(listParams.chatServiceSid, startQuery ?? listParams, fetch),
        fetchQuery: (query) => getPage(listParams.chatServiceSid, query, fetch),
        baseUrl,
        chatServiceSid: listParams.chatServiceSid,
        policy: settings.pagination,
      });
    } catch (error) {
      throw outward(error);
    }
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
    return nextPageQuery(resumeFrom, baseUrl, listParams.chatServiceSid, settings.pagination.foreignNextLinks);
  }

  function iterateConversations(params: IterateParams, call?: CallOptions): AsyncIterableIterator<Conversation> {
    const { limit, ...pageParams } = params ?? ({} as IterateParams);
    // Ask for no more than the limit when it is below the server's default page size.
    const sized =
      pageParams.pageSize === undefined && pageParams.resumeFrom === undefined
        ? { ...pageParams, pageSize: pageSizeForLimit(limit) }
        : pageParams;
    return iterateItems(() => iteratePages(sized, call), limit);
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

  return {
    listConversations,
    iteratePages,
    iterateConversations,
    listAllConversations,
    get raw() {
      return raw();
    },
    baseUrl,
  };
}
