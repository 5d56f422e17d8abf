import type { Client } from 'openapi-fetch';
import type * as Generated from '../../generated/conversations';
import type { Violation } from '../schema/validate';
import type { CredentialOptions } from './config';
import type { PaginationPolicy } from './paginate';
import type { ListParams } from './params';
import type { ResponseContext, ValidationMode } from './response-check';
import type { HttpEvent, RetryEvent, RetryPolicy, Timing } from './retry';
import type { ClientTracing } from './tracing-hooks';

/**
 * One conversation of a Conversations service, with the wire field names the API sends
 * (`sid`, `friendly_name`, `date_created`...), typed from the spec's `Conversation` schema.
 */
export interface Conversation extends Generated.Conversation {}

/** Paging information of one page: its own URL, the first, previous and next page URLs, its index and size. */
export interface Meta extends Generated.Meta {}

/** The openapi-fetch client for this operation, as `client.raw` exposes it. */
export type RawClient = Client<Generated.paths>;

/**
 * How a client is set up: credentials and host (each defaulting to its environment variable),
 * retries, timeouts, pagination, validation, hooks. Every option is optional.
 */
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
   * Told of each listing and of every attempt inside it, for tracing. `openTelemetryTracing()` from
   * `twilio-conversations-contract/opentelemetry` gives one that makes OpenTelemetry spans. Default: none.
   */
  tracing?: ClientTracing;
  /**
   * Product tokens appended to the User-Agent header, e.g. `['my-app/1.2.0']`. The header is always
   * `twilio-conversations-contract/<version> <runtime>/<version>` first (`node/24.21.0`, `bun/1.4.5`...).
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
  /** Pages fetched ahead of the one being consumed, for this listing (0: off). Default: the client's, 1. */
  readAhead?: number;
}

/** One page of the list, with the wire field names unchanged. */
export interface ConversationPage {
  /** The conversations of this page, in the order the API sent them. */
  conversations: Conversation[];
  /** `meta.next_page_url` is what a later listing resumes from (`resumeFrom`). */
  meta: Meta;
  /** In a listing by day (`concurrency` above 1): the UTC day, `YYYY-MM-DD`, this page belongs to. */
  day?: string;
}

export interface PageParams extends ListParams {
  /** Start from a page link saved earlier (a page's `meta.next_page_url` or `meta.url`) instead of the first page. */
  resumeFrom?: string;
  /**
   * Stop after the page that brings the count of conversations to this many. Pages stay whole (the
   * last one may hold more); no page beyond it is requested, read-ahead included.
   */
  limit?: number;
  /**
   * List this many days at once (1 to 16; default 1, one listing). Needs `startDate`; `endDate`
   * defaults to now. The window is cut into whole UTC days, each listed on its own, and the pages
   * come in the order one date-filtered listing gives (newest day first): same conversations, same
   * order, none twice. Days waiting their turn keep fetching into a buffer shared by all days (see
   * `bufferBytes`). Halved while the server answers 429. With a `limit`, days are listed one after
   * another (a day is fetched only once the newer ones hold too few). Each page's `meta` is its
   * day's, and `day` names the day; `resumeFrom` cannot be combined.
   */
  concurrency?: number;
  /**
   * With `concurrency` above 1: `listing` (default) hands pages on in the one listing's order;
   * `any` hands each page on as it arrives (every conversation still exactly once; `day` says where
   * a page belongs), so a slow day never holds up the others.
   */
  order?: 'listing' | 'any';
  /**
   * With `concurrency` above 1: the most bytes of response bodies held for the consumer, all days
   * together, before the days ahead stop fetching. On top of it: one page for each request under
   * way and the read-ahead of the day being handed on. Default 16 MiB; 0 fetches nothing ahead.
   */
  bufferBytes?: number;
}

export interface IterateParams extends PageParams {
  /** Stop after exactly this many conversations; no page beyond the one that reaches it is requested. */
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
