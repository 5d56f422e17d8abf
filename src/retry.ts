import { NetworkError, TimeoutError } from './errors';

/** When and how often a GET is tried again. */
export interface RetryPolicy {
  /** Retries after the first attempt; 0 means exactly one attempt. */
  maxRetries: number;
  /** Upper bound of the first backoff step; each retry doubles it. */
  baseDelayMs: number;
  /** No wait is longer than this, including one asked for by Retry-After. */
  maxDelayMs: number;
  /** Limit for one attempt, from sending the request to the last byte of the body. */
  timeoutMs: number;
}

/** Told before each wait: which attempt failed, why, and how long the client will wait. */
export interface RetryEvent {
  attempt: number;
  delayMs: number;
  url: string;
  status?: number;
  reason: string;
}

/** The clock and the waiting, injectable so tests never really wait. */
export interface Timing {
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
  now: () => number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 30_000, timeoutMs: 30_000 };

// 400, 401, 403, 404 and other client errors are answers, not faults: never retried.
const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);

export const realTiming: Timing = {
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal!.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
  random: Math.random,
  now: Date.now,
};

/**
 * Wraps a fetch so that each GET is retried on 429/5xx answers and on network failures
 * (including a body cut short), with capped exponential backoff and jitter, honouring
 * Retry-After. A 2xx body is read inside the attempt so that its timeout and retries
 * cover the whole transfer. An abort of `signal` stops the request and any wait at once.
 */
export function createRetryingFetch(options: {
  /** A custom fetch; by default the global fetch. */
  fetch?: ((request: Request) => Promise<Response>) | undefined;
  policy: RetryPolicy;
  timing: Timing;
  signal?: AbortSignal | undefined;
  onRetry?: ((event: RetryEvent) => void) | undefined;
  /** Removes secrets from text that may end up in an error. */
  scrub: (text: string) => string;
}): (request: Request) => Promise<Response> {
  const { policy, timing, signal, onRetry, scrub } = options;
  const send = sender(options.fetch);
  return async function retryingFetch(request) {
    const url = request.url;
    for (let attempt = 1; ; attempt++) {
      signal?.throwIfAborted();
      const outcome = await sendOnce(request, send, policy.timeoutMs, signal);
      const last = attempt > policy.maxRetries;
      if ('response' in outcome) {
        const { response } = outcome;
        if (!RETRY_STATUSES.has(response.status) || last) return response;
        await response.body?.cancel().catch(() => {});
        const delayMs = retryAfterMs(response.headers.get('retry-after'), timing.now()) ?? backoffMs(attempt, policy, timing.random);
        const capped = Math.min(delayMs, policy.maxDelayMs);
        onRetry?.({ attempt, delayMs: capped, url, status: response.status, reason: `HTTP ${response.status}` });
        await timing.sleep(capped, signal);
        continue;
      }
      if (signal?.aborted) throw signal.reason;
      if (last) {
        if (outcome.timedOut) throw new TimeoutError(request.method, url, policy.timeoutMs, attempt);
        const detail = scrub(errorText(outcome.error));
        throw new NetworkError(`${request.method} ${url} failed after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${detail}`, request.method, url, attempt, scrubCause(outcome.error, scrub));
      }
      const delayMs = Math.min(backoffMs(attempt, policy, timing.random), policy.maxDelayMs);
      const reason = outcome.timedOut ? `timed out after ${policy.timeoutMs} ms` : scrub(errorText(outcome.error));
      onRetry?.({ attempt, delayMs, url, reason });
      await timing.sleep(delayMs, signal);
    }
  };
}

type Outcome = { response: Response } | { error: unknown; timedOut: boolean };

interface Sender {
  (request: Request, signal: AbortSignal): Promise<Response>;
  /** Whether the fetch is known to stop, body included, when the signal aborts. */
  honoursAbort: boolean;
}

// The global fetch takes the attempt's signal in its init and honours it; a custom fetch gets
// a copy of the request carrying the signal, and is raced against it in case it ignores it.
function sender(custom: ((request: Request) => Promise<Response>) | undefined): Sender {
  if (!custom) return Object.assign((request: Request, signal: AbortSignal) => globalThis.fetch(request, { signal }), { honoursAbort: true });
  return Object.assign((request: Request, signal: AbortSignal) => untilAborted(custom(new Request(request, { signal })), signal), { honoursAbort: false });
}

async function sendOnce(request: Request, send: Sender, timeoutMs: number, signal?: AbortSignal): Promise<Outcome> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  const onAbort = () => controller.abort(signal!.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const response = await send(request, controller.signal);
    if (!response.ok) return { response: withUrl(response, request.url) };
    const body = buffered(response);
    return { response: withUrl(await (send.honoursAbort ? body : untilAborted(body, controller.signal)), response.url || request.url) };
  } catch (error) {
    return { error, timedOut: controller.signal.aborted && !signal?.aborted };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

// Reads and parses a 2xx JSON body inside the attempt, so that a cut-off transfer (a read
// error, or JSON that ends early) is retried here rather than failing later. The answer is
// handed on with json() and text() serving what was already read: parsing twice would cost
// as much again as the whole of a raw fetch loop's own work.
async function buffered(response: Response): Promise<Response> {
  if (!(response.headers.get('content-type') ?? '').includes('json')) {
    const body = await response.arrayBuffer();
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  }
  const text = await response.text();
  let data: unknown;
  try {
    data = text === '' ? undefined : JSON.parse(text);
  } catch {
    throw new Error(`the JSON body was cut short or is not JSON (${text.length} characters received)`);
  }
  return parsedResponse(data, response);
}

// Defined on first use: naming the global Response at import time would load Node's fetch
// implementation (~20 ms) in every process that merely imports this package.
let ParsedResponse: (new (data: unknown, from: Response) => Response) | undefined;
const PARSED = Symbol('parsed body');

/**
 * A 2xx answer whose JSON body was already read and parsed. json() serves the parsed value and
 * text() its serialisation; headers, url and status are the original answer's (not copied).
 */
function parsedResponse(data: unknown, from: Response): Response {
  ParsedResponse ??= class extends Response {
    readonly [PARSED]: unknown;
    readonly #from: Response;

    constructor(data: unknown, original: Response) {
      super(null, { status: original.status, statusText: original.statusText });
      this[PARSED] = data;
      this.#from = original;
    }

    override get url(): string {
      return this.#from.url;
    }

    override get headers(): Headers {
      return this.#from.headers;
    }

    override json(): Promise<any> {
      return Promise.resolve(this[PARSED]);
    }

    override text(): Promise<string> {
      return Promise.resolve(this[PARSED] === undefined ? '' : JSON.stringify(this[PARSED]));
    }
  };
  return new ParsedResponse(data, from);
}

/** Marks an answer whose body the retrying fetch did not parse (not JSON). */
export const NOT_PARSED = Symbol('not parsed');

/** The body a retrying fetch already parsed, or `NOT_PARSED`. */
export function parsedBody(response: Response): unknown {
  return PARSED in response ? (response as unknown as Record<typeof PARSED, unknown>)[PARSED] : NOT_PARSED;
}

// Responses built by hand (the buffered copy above, or a test's fetch) have an empty url;
// errors and reports need to say which URL answered.
function withUrl(response: Response, url: string): Response {
  if (response.url !== url) Object.defineProperty(response, 'url', { value: url });
  return response;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Capped exponential backoff with "equal jitter": between half and all of the step. */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}

function scrubCause(error: unknown, scrub: (t: string) => string, depth = 0): unknown {
  if (!(error instanceof Error) || depth > 3) return undefined;
  const copy = new Error(scrub(error.message));
  copy.name = error.name;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') (copy as Error & { code?: unknown }).code = code;
  const inner = scrubCause(error.cause, scrub, depth + 1);
  if (inner) copy.cause = inner;
  return copy;
}
