import type createClientFn from 'openapi-fetch';
import type { ListServiceConversationsResponse, paths } from '../generated/conversations';
import type { Conversation, Meta, RawClient } from './types';
import { DEFAULT_MAX_RESPONSE_BYTES } from './limits';
import { bodyOf, type Body } from './buffered-response';
import { resolveConfig, type CredentialOptions } from './config';
import {
  cap,
  ConfigurationError,
  ConversationsError,
  RequestValidationError,
  ResponseValidationError,
  SNIPPET_LIMIT,
  TwilioApiError,
} from './errors';
import { DEFAULT_PAGINATION_POLICY, nextPageQuery, walkPages, type Fetched, type PaginationPolicy } from './paginate';
import { createParamEncoder, pageSizeForLimit, type ListParams } from './params';
import { createResponseCheck, warnOnStderr, type ResponseContext, type ValidationMode } from './response-check';
import {
  createRetryingFetch,
  DEFAULT_RETRY_POLICY,
  realTiming,
  type HttpEvent,
  type RetryEvent,
  type RetryPolicy,
  type Timing,
} from './retry';
import { packageVersion } from './version';
import type { Scrubber } from './secrets';
import { OPERATION_PATH } from './spec';
import { createSpecValidators, type Violation } from './validate';

export interface ClientOptions
  extends CredentialOptions, Partial<RetryPolicy>, Partial<PaginationPolicy>, Partial<Timing> {
  /** A fetch implementation (tests, proxies, instrumentation). Default: the global fetch. */
  fetch?: (request: Request) => Promise<Response>;
  /** Called before each retry wait: which attempt failed, why, and how long the client will wait. */
  onRetry?: (event: RetryEvent) => void;
  /**
   * Told of every attempt: a `request` event as it is sent, then a `response` (status, duration,
   * request id) or a `failure` (reason, timeout). For logs and metrics; no header or secret is ever in one.
   */
  onEvent?: (event: HttpEvent) => void;
  /**
   * Product tokens appended to the User-Agent header, e.g. `['my-app/1.2.0']`. The header is always
   * `twilio-conversations-contract/<version> node/<version>` first.
   */
  userAgentExtensions?: string[];
  /**
   * Extra headers sent with every request (a tracing id, a proxy's header). `Authorization` cannot be
   * set here: the credentials options own it.
   */
  headers?: Record<string, string>;
  /** What to do with a 2xx body that breaks the spec. Default `warn`. */
  validation?: ValidationMode;
  /** Receives each distinct violation once in `warn` mode. Default: one line on stderr. */
  onValidationWarning?: (violation: Violation, context: ResponseContext) => void;
  /** When given, properties the spec does not name are reported here, once each (they never fail). */
  onUnknownProperty?: (violation: Violation, context: ResponseContext) => void;
  /**
   * Largest response body accepted, in bytes after decompression, counted while it arrives.
   * A larger 2xx body stops with a ResponseTooLargeError. Default 32 MiB (a 1000-item page is ~1.2 MB).
   */
  maxResponseBytes?: number;
}

/** Per-call settings; each overrides the client's for that call only. */
export interface CallOptions {
  /** Aborting cancels the request in flight, the body being read and any retry wait; the call rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Limit for one attempt of this call, from sending to the last byte of the body. */
  timeoutMs?: number;
  /** Retries after the first attempt for this call (0: exactly one attempt). */
  maxRetries?: number;
  /** Called before each retry wait of this call, instead of the client's `onRetry`. */
  onRetry?: (event: RetryEvent) => void;
}

/** One page of the list, with the wire field names unchanged. */
export interface ConversationPage {
  /** The conversations of this page, in the order the API sent them. */
  conversations: Conversation[];
  /** `meta.next_page_url` is what a later listing resumes from (`resumeFrom`). */
  meta: Meta;
}

export interface PageParams extends ListParams {
  /** Start from a page link saved earlier (a page's `meta.next_page_url` or `meta.url`) instead of the first page. */
  resumeFrom?: string;
}

export interface IterateParams extends PageParams {
  /** Stop after this many conversations; no page beyond the one that reaches it is fetched. */
  limit?: number;
}

/** A client for `GET /v1/Services/{ChatServiceSid}/Conversations`, made by `createConversationsClient`. */
export interface ConversationsClient {
  /**
   * Fetches one page of a service's conversations.
   * @throws `RequestValidationError` for a bad parameter (nothing is sent), `TwilioApiError` for a non-2xx
   * answer, `ResponseValidationError`, `NetworkError`, `TimeoutError`, `ResponseTooLargeError`.
   * @example const { conversations, meta } = await client.listConversations({ chatServiceSid: 'IS...', state: 'active' });
   */
  listConversations(params: ListParams, call?: CallOptions): Promise<ConversationPage>;
  /**
   * Yields whole pages, following each page's `meta.next_page_url` (on the configured host only) until
   * the last page. Stops with a `PaginationError` on a loop, a link to another list, or `maxPages`.
   * `resumeFrom` starts at a page link saved earlier.
   * @example for await (const page of client.iteratePages({ chatServiceSid: 'IS...', pageSize: 1000 })) save(page.conversations);
   */
  iteratePages(params: PageParams, call?: CallOptions): AsyncGenerator<ConversationPage, void, undefined>;
  /**
   * Yields conversations one by one across pages. With `limit`, stops after that many and fetches no
   * page beyond the one that reaches it (a limit below 50 asks for a page of that size).
   * @example for await (const c of client.iterateConversations({ chatServiceSid: 'IS...', limit: 500 })) console.log(c.sid);
   */
  iterateConversations(params: IterateParams, call?: CallOptions): AsyncIterableIterator<Conversation>;
  /**
   * Collects up to `limit` conversations into an array. `limit` is required: an unbounded list held in
   * memory could exhaust it (use `iterateConversations` to stream).
   */
  listAllConversations(params: IterateParams & { limit: number }, call?: CallOptions): Promise<Conversation[]>;
  /**
   * The underlying openapi-fetch client, with the same retries, timeouts, size cap and headers:
   * `{ data, error, response }`, no throwing on HTTP errors. `raw.use(middleware)` adds openapi-fetch
   * middleware to it (it does not affect the four methods above).
   */
  readonly raw: RawClient;
  /** The API root every request goes to, without a trailing slash. */
  readonly baseUrl: string;
}

/**
 * Creates a client for `GET /v1/Services/{ChatServiceSid}/Conversations`. Credentials and the host come
 * from the options or the environment (`TWILIO_ACCOUNT_SID`, `TWILIO_AUTH_TOKEN` or `TWILIO_API_KEY` +
 * `TWILIO_API_SECRET`, `TWILIO_CONVERSATIONS_BASE_URL`).
 * @throws `ConfigurationError` naming the option (and variable) at fault.
 * @example const client = createConversationsClient({ validation: 'strict' });
 */
export function createConversationsClient(options: ClientOptions = {}): ConversationsClient {
  const { baseUrl, authorization, scrub } = resolveConfig(options);
  const retryPolicy = pick(DEFAULT_RETRY_POLICY, options);
  const pagination = pick(DEFAULT_PAGINATION_POLICY, options);
  const timing = pick(realTiming, options);
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  checkPolicies(retryPolicy, pagination, 'client');
  if (!(Number.isSafeInteger(maxResponseBytes) && maxResponseBytes >= 1)) {
    throw new ConfigurationError(
      `maxResponseBytes ${String(maxResponseBytes)} is invalid: must be a whole number of bytes >= 1.`,
      'maxResponseBytes',
    );
  }
  const encode = createParamEncoder(createSpecValidators({ formats: 'fast' }));
  // Every hook receives scrubbed values: a body or a next link may echo the credentials.
  const checkResponse = createResponseCheck({
    mode: options.validation ?? 'warn',
    onWarning: scrubbedHook(options.onValidationWarning ?? warnOnStderr, scrub),
    onUnknownProperty: options.onUnknownProperty && scrubbedHook(options.onUnknownProperty, scrub),
  });

  const fetchFor = (call: CallOptions = {}) => {
    const policy = pick(retryPolicy, call);
    checkPolicies(policy, pagination, 'call');
    const onRetry = call.onRetry ?? options.onRetry;
    const onEvent = options.onEvent;
    return createRetryingFetch({
      fetch: options.fetch,
      policy,
      timing,
      signal: call.signal,
      onRetry: onRetry && ((event) => onRetry(scrub.deep({ ...event }))),
      onEvent: onEvent && ((event) => onEvent(scrub.deep({ ...event }))),
      scrub: scrub.text,
      maxResponseBytes,
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
  const headers = requestHeaders(options, authorization);
  const raw = () =>
    (rawClient ??= createClient<paths>({
      baseUrl,
      fetch: defaultFetch,
      headers,
      // A redirect is reported as an error rather than followed somewhere unknown.
      redirect: 'manual',
    }));

  async function getPage(
    chatServiceSid: string,
    query: ListParams | string,
    fetch: (request: Request) => Promise<Response>,
  ): Promise<Fetched<ConversationPage>> {
    const init =
      typeof query === 'string'
        ? { params: { path: { ChatServiceSid: chatServiceSid } }, querySerializer: () => query }
        : { params: encode(query) };
    // parseAs 'stream' keeps openapi-fetch from reading the body: the retrying fetch already read
    // it (inside the attempt, so timeouts and the size cap cover it) and hands it over in `bodyOf`.
    const { response } = await raw().GET(OPERATION_PATH, { ...init, fetch, parseAs: 'stream' });
    const requestUrl = response.url || `${baseUrl}${OPERATION_PATH}`;
    const context = {
      method: 'GET',
      url: requestUrl,
      requestId: response.headers.get('twilio-request-id') ?? undefined,
    };
    const body: Body = bodyOf(response) ?? { kind: 'text', text: await response.text(), truncated: false };
    if (!response.ok)
      throw new TwilioApiError({
        status: response.status,
        body: body.kind === 'json' ? body.value : body.text,
        ...context,
      });
    const shapeError = (rule: string, message: string, expected: string, value: unknown) =>
      new ResponseValidationError(
        [{ pointer: '', rule, message, expected, schemaPath: '', value }],
        context.method,
        context.url,
        context.requestId,
      );
    // 201, 204, 206...: the spec declares 200 for this list, and nothing else is a whole page.
    if (response.status !== 200)
      throw shapeError('status', `HTTP ${response.status} is not a page of this list`, 'HTTP 200', response.status);
    if (body.kind !== 'json') {
      const why =
        body.kind === 'invalid-json'
          ? body.reason
          : `Content-Type is ${JSON.stringify(response.headers.get('content-type'))}`;
      throw shapeError('json', `body is not JSON (${why})`, 'a JSON body', cap(body.text, SNIPPET_LIMIT));
    }
    const data = body.value as ListServiceConversationsResponse | undefined;
    checkResponse(data, context);
    // Even with validation off, a body without a conversations array and a meta object cannot be paged through.
    if (!data || !Array.isArray(data.conversations) || data.meta === null || typeof data.meta !== 'object') {
      throw shapeError(
        'shape',
        'must have a conversations array and a meta object',
        'an object with a conversations array and a meta object',
        data,
      );
    }
    return { page: { conversations: data.conversations, meta: data.meta }, requestUrl };
  }

  // Errors leave the client through listConversations and iteratePages (the other two methods
  // use iteratePages): each is scrubbed there, as a server may echo the credentials into a body,
  // an error message or a next link.
  const outward = (error: unknown): unknown => (error instanceof ConversationsError ? scrub.error(error) : error);

  /** Fetches one page. Throws `RequestValidationError` (nothing sent), `TwilioApiError`, `NetworkError`, `TimeoutError`. */
  async function listConversations(params: ListParams, call?: CallOptions): Promise<ConversationPage> {
    try {
      return (await getPage(params?.chatServiceSid, params, fetchForCall(call))).page;
    } catch (error) {
      throw outward(error);
    }
  }

  /** Yields whole pages, following `meta.next_page_url` on the configured host only. */
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
        policy: pagination,
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
    if (extra.length)
      throw new RequestValidationError(
        'resumeFrom',
        resumeFrom,
        `carries its own filters and paging; do not also pass ${extra.join(', ')}`,
      );
    if (typeof resumeFrom !== 'string')
      throw new RequestValidationError('resumeFrom', resumeFrom, 'must be a page URL string');
    return nextPageQuery(resumeFrom, baseUrl, listParams.chatServiceSid, pagination.foreignNextLinks);
  }

  /** Yields conversations one by one across pages, up to `limit` when given. */
  function iterateConversations(params: IterateParams, call?: CallOptions): AsyncIterableIterator<Conversation> {
    const { limit, ...pageParams } = params ?? ({} as IterateParams);
    let pages: AsyncGenerator<ConversationPage, void, undefined> | undefined;
    let items: Conversation[] = [];
    let index = 0;
    let delivered = 0;
    let finished = false;
    const done = (): IteratorResult<Conversation> => {
      finished = true;
      return { value: undefined, done: true };
    };

    // A plain iterator rather than an async generator, and no async function while the current
    // page still has items: per item, only the one promise that for-await needs is made.
    function next(): Promise<IteratorResult<Conversation>> {
      if (!finished && index < items.length && (limit === undefined || delivered < limit)) {
        delivered++;
        return Promise.resolve({ value: items[index++]!, done: false });
      }
      return nextPage();
    }

    async function nextPage(): Promise<IteratorResult<Conversation>> {
      if (finished) return done();
      if (!pages) {
        if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) {
          finished = true;
          throw new RequestValidationError('limit', limit, 'must be a whole number >= 0');
        }
        // Ask for no more than the limit when it is below the server's default page size.
        if (pageParams.pageSize === undefined && pageParams.resumeFrom === undefined)
          pageParams.pageSize = pageSizeForLimit(limit);
        pages = iteratePages(pageParams, call);
      }
      if (limit !== undefined && delivered >= limit) return stop();
      while (index >= items.length) {
        let page: IteratorResult<ConversationPage, void>;
        try {
          page = await pages.next();
        } catch (error) {
          finished = true;
          throw error;
        }
        if (page.done) return done();
        items = page.value.conversations;
        index = 0;
      }
      delivered++;
      return { value: items[index++]!, done: false };
    }

    async function stop(): Promise<IteratorResult<Conversation>> {
      await pages?.return();
      return done();
    }

    return {
      next,
      return: stop,
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  /** Collects up to `limit` conversations into an array. The limit is required: an unbounded list could exhaust memory. */
  async function listAllConversations(
    params: IterateParams & { limit: number },
    call?: CallOptions,
  ): Promise<Conversation[]> {
    if (params?.limit === undefined) {
      throw new RequestValidationError(
        'limit',
        undefined,
        'is required by listAllConversations, which holds every item in memory; use iterateConversations to stream',
      );
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
    /** The underlying openapi-fetch client (with retries and timeouts): `{ data, error, response }`, no throwing on HTTP errors. */
    get raw() {
      return raw();
    },
    /** The API root every request goes to. */
    baseUrl,
  };
}

// Extra headers first, then the two this client owns: the credentials and who is calling.
function requestHeaders(options: ClientOptions, authorization: string): Record<string, string> {
  const extra = options.headers ?? {};
  if (extra === null || typeof extra !== 'object')
    throw new ConfigurationError('headers must be an object of header names to values.', 'headers');
  for (const [name, value] of Object.entries(extra)) {
    if (name.toLowerCase() === 'authorization')
      throw new ConfigurationError(
        'headers cannot set Authorization: pass the credentials as options (or in the environment) instead.',
        'headers',
      );
    if (typeof value !== 'string') throw new ConfigurationError(`headers.${name} must be a string.`, 'headers');
  }
  const tokens = options.userAgentExtensions ?? [];
  if (!Array.isArray(tokens) || tokens.some((t) => typeof t !== 'string' || !/^[\x21-\x7e][\x20-\x7e]*$/.test(t))) {
    throw new ConfigurationError(
      'userAgentExtensions must be an array of product tokens such as "my-app/1.2.0" (printable ASCII).',
      'userAgentExtensions',
    );
  }
  const userAgent = [
    `twilio-conversations-contract/${packageVersion()}`,
    `node/${process.versions.node}`,
    ...tokens,
  ].join(' ');
  return {
    ...extra,
    'User-Agent': extra['User-Agent'] ?? extra['user-agent'] ?? userAgent,
    Authorization: authorization,
  };
}

/** A hook that is given copies of the violation and context with every secret removed. */
function scrubbedHook(hook: (violation: Violation, context: ResponseContext) => void, scrub: Scrubber) {
  return (violation: Violation, context: ResponseContext) =>
    hook(scrub.deep({ ...violation, value: copyOf(violation.value) }), scrub.deep({ ...context }));
}

// The violation's value may be part of the data handed back to the caller: scrub a copy, never the original.
function copyOf(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  try {
    return structuredClone(value);
  } catch {
    return '[value too deep to copy]';
  }
}

/** The defaults, overridden by whichever of their keys `overrides` defines. */
function pick<T extends object>(defaults: T, overrides: object): T {
  const out = { ...defaults };
  for (const key of Object.keys(defaults) as (keyof T)[]) {
    const value = (overrides as Partial<T>)[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

// Bad settings given to the factory are a ConfigurationError; given to one call, a RequestValidationError.
function checkPolicies(retry: RetryPolicy, pagination: PaginationPolicy, where: 'client' | 'call'): void {
  const fail = (name: string, value: unknown, rule: string) => {
    throw where === 'client'
      ? new ConfigurationError(`${name} ${String(value)} is invalid: ${rule}.`, name)
      : new RequestValidationError(name, value, rule);
  };
  const whole = (name: string, value: number, min: number) => {
    if (!(Number.isInteger(value) && value >= min) && !(name === 'maxPages' && value === Infinity))
      fail(name, value, `must be a whole number >= ${min}`);
  };
  whole('maxRetries', retry.maxRetries, 0);
  whole('timeoutMs', retry.timeoutMs, 1);
  whole('baseDelayMs', retry.baseDelayMs, 0);
  whole('maxDelayMs', retry.maxDelayMs, 0);
  whole('maxPages', pagination.maxPages, 1);
  if (pagination.foreignNextLinks !== 'rebase' && pagination.foreignNextLinks !== 'refuse') {
    fail('foreignNextLinks', pagination.foreignNextLinks, "must be 'rebase' or 'refuse'");
  }
}
