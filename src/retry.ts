import { DEFAULT_MAX_RESPONSE_BYTES, ERROR_BODY_BYTES, readBody } from './body';
import { bufferedResponse, toBody } from './buffered-response';
import { NetworkError, ResponseTooLargeError, TimeoutError } from './errors';

/** When and how often a GET is tried again. */
export interface RetryPolicy {
  /** Retries after the first attempt; 0 means exactly one attempt. Default 3. */
  maxRetries: number;
  /** Upper bound of the first backoff step, in ms; each retry doubles it. Default 500. */
  baseDelayMs: number;
  /** No wait is longer than this (ms), including one asked for by Retry-After. Default 30,000. */
  maxDelayMs: number;
  /** Limit for one attempt (ms), from sending the request to the last byte of the body, whatever the status. Default 30,000. */
  timeoutMs: number;
}

/** Told before each wait: which attempt failed, why, and how long the client will wait. */
export interface RetryEvent {
  /** The attempt that failed, from 1. */
  attempt: number;
  /** How long the client waits before the next attempt. */
  delayMs: number;
  /** The URL requested (scrubbed of any credential). */
  url: string;
  /** The HTTP status, when the failure was an answer (429, 5xx) rather than no answer. */
  status?: number;
  /** Why, in words: `HTTP 503`, `timed out after 30000 ms`, `fetch failed (ECONNRESET)`. */
  reason: string;
}

/**
 * What was sent and what came back, one `request` and one `response` (or `failure`) per attempt,
 * for logs and metrics. Never carries a header or a secret: the URL is scrubbed.
 */
export type HttpEvent =
  | { type: 'request'; method: string; url: string; attempt: number }
  | {
      type: 'response';
      method: string;
      url: string;
      attempt: number;
      status: number;
      /** From sending to the last byte of the body (to the headers for an answer that is retried). */
      durationMs: number;
      /** The `Twilio-Request-Id` header, to quote to Twilio support. */
      requestId: string | undefined;
    }
  | {
      type: 'failure';
      method: string;
      url: string;
      attempt: number;
      durationMs: number;
      reason: string;
      timedOut: boolean;
    };

/** The clock and the waiting, injectable so tests never really wait. */
export interface Timing {
  /** Waits `ms` between attempts; must reject with the signal's reason when it aborts. Default: a real timer. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** A number in [0, 1) for the backoff jitter. Default: Math.random. */
  random: () => number;
  /** The time in milliseconds, for Retry-After dates and event durations. Default: Date.now. */
  now: () => number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 3,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  timeoutMs: 30_000,
};

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

/** What went wrong with one attempt, as far as retrying is concerned. */
export type AttemptFailure = { status: number } | { transport: true };

/**
 * Whether a failed attempt is tried again. One rule a line:
 * - never past `maxRetries` retries;
 * - a 429 or a 500/502/503/504 answer is a passing state of the server: retry;
 * - any other status is the server's answer (400, 401, 403, 404...): do not retry;
 * - no complete answer (refused, reset, DNS, a body the connection cut short, a timeout):
 *   a GET is safe to repeat, so retry.
 */
export function shouldRetry(failure: AttemptFailure, attempt: number, maxRetries: number): boolean {
  if (attempt > maxRetries) return false;
  if ('status' in failure) return RETRY_STATUSES.has(failure.status);
  return true;
}

/**
 * Wraps a fetch so that each GET is retried on 429/5xx answers and on network failures
 * (including a body cut short), with capped exponential backoff and jitter, honouring
 * Retry-After. Every body it returns, 2xx or not, is read inside the attempt, so that its
 * timeout, the caller's signal and the size cap cover the whole answer; the body is handed on
 * in a buffered Response (see buffered-response.ts). An abort of `signal` always wins.
 */
export function createRetryingFetch(options: {
  /** A custom fetch; by default the global fetch. */
  fetch?: ((request: Request) => Promise<Response>) | undefined;
  policy: RetryPolicy;
  timing: Timing;
  signal?: AbortSignal | undefined;
  onRetry?: ((event: RetryEvent) => void) | undefined;
  /** Told of each attempt's request and its response or failure. */
  onEvent?: ((event: HttpEvent) => void) | undefined;
  /** Removes secrets from text that may end up in an error or an event. */
  scrub: (text: string) => string;
  /** Cap on a 2xx body, in decoded bytes. Default 32 MiB. */
  maxResponseBytes?: number | undefined;
}): (request: Request) => Promise<Response> {
  const { policy, timing, signal, onRetry, onEvent, scrub } = options;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const send = sender(options.fetch);
  return async function retryingFetch(request) {
    // Errors and events name the URL; a next link could carry an echoed secret.
    const url = scrub(request.url);
    const method = request.method;
    for (let attempt = 1; ; attempt++) {
      signal?.throwIfAborted();
      const keep = (status: number) => !shouldRetry({ status }, attempt, policy.maxRetries);
      onEvent?.({ type: 'request', method, url, attempt });
      const started = timing.now();
      const outcome = await attemptOnce(request, send, {
        timeoutMs: policy.timeoutMs,
        maxResponseBytes,
        signal,
        keep,
        url,
      });
      if (onEvent) {
        const durationMs = timing.now() - started;
        if (outcome.kind === 'failed') {
          const reason = outcome.timedOut ? `timed out after ${policy.timeoutMs} ms` : scrub(errorText(outcome.error));
          onEvent({ type: 'failure', method, url, attempt, durationMs, reason, timedOut: outcome.timedOut });
        } else {
          const { status, headers } = outcome.response;
          onEvent({
            type: 'response',
            method,
            url,
            attempt,
            status,
            durationMs,
            requestId: headers.get('twilio-request-id') ?? undefined,
          });
        }
      }
      if (outcome.kind === 'answer') return outcome.response;
      if (outcome.kind === 'status') {
        const { response } = outcome;
        const delayMs = Math.min(
          retryAfterMs(response.headers.get('retry-after'), timing.now()) ?? backoffMs(attempt, policy, timing.random),
          policy.maxDelayMs,
        );
        onRetry?.({ attempt, delayMs, url, status: response.status, reason: `HTTP ${response.status}` });
        await timing.sleep(delayMs, signal);
        continue;
      }
      if (!shouldRetry({ transport: true }, attempt, policy.maxRetries)) {
        if (outcome.timedOut) throw new TimeoutError(method, url, policy.timeoutMs, attempt);
        const detail = scrub(errorText(outcome.error));
        throw new NetworkError(
          `${method} ${url} failed after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${detail}`,
          method,
          url,
          attempt,
          scrubCause(outcome.error, scrub),
        );
      }
      const delayMs = Math.min(backoffMs(attempt, policy, timing.random), policy.maxDelayMs);
      const reason = outcome.timedOut ? `timed out after ${policy.timeoutMs} ms` : scrub(errorText(outcome.error));
      onRetry?.({ attempt, delayMs, url, reason });
      await timing.sleep(delayMs, signal);
    }
  };
}

type Outcome =
  /** The answer to return, its body read. */
  | { kind: 'answer'; response: Response }
  /** A status worth retrying; its body was dropped unread. */
  | { kind: 'status'; response: Response }
  /** No complete answer. */
  | { kind: 'failed'; error: unknown; timedOut: boolean };

interface Sender {
  (request: Request, signal: AbortSignal): Promise<Response>;
}

// The global fetch takes the attempt's signal in its init and honours it; a custom fetch gets
// a copy of the request carrying the signal, and is raced against it in case it ignores it.
function sender(custom: ((request: Request) => Promise<Response>) | undefined): Sender {
  if (!custom) return (request, signal) => globalThis.fetch(request, { signal });
  return (request, signal) => untilAborted(custom(new Request(request, { signal })), signal);
}

interface AttemptOptions {
  timeoutMs: number;
  maxResponseBytes: number;
  signal: AbortSignal | undefined;
  /** Whether an answer with this status is returned (its body read) rather than retried. */
  keep: (status: number) => boolean;
  /** The request URL, scrubbed, for errors. */
  url: string;
}

// One timer covers sending, the headers and the whole body; the caller's abort is passed on to
// the same controller, so it stops the body read too.
async function attemptOnce(request: Request, send: Sender, options: AttemptOptions): Promise<Outcome> {
  const { signal, timeoutMs } = options;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  const onAbort = () => controller.abort(signal!.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const response = await send(request, controller.signal);
    if (response.status < 200 || response.status > 599) {
      void response.body?.cancel().catch(() => {});
      return {
        kind: 'failed',
        error: new Error(`answered with an invalid HTTP status ${response.status}`),
        timedOut: false,
      };
    }
    if (!options.keep(response.status)) {
      void response.body?.cancel().catch(() => {});
      return { kind: 'status', response };
    }
    const ok = response.status >= 200 && response.status < 300;
    const read = await readBody(response, {
      // An error body is quoted, never used whole: its first 64 KiB are plenty.
      limit: ok ? options.maxResponseBytes : Math.min(ERROR_BODY_BYTES, options.maxResponseBytes),
      overLimit: ok ? 'fail' : 'truncate',
      signal: controller.signal,
      method: request.method,
      url: options.url,
    });
    const body = toBody(read.bytes, response.headers.get('content-type'), read.truncated);
    return { kind: 'answer', response: bufferedResponse(body, response, request.url) };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    // The same request would get the same oversized body: not worth another attempt.
    if (error instanceof ResponseTooLargeError) throw error;
    return { kind: 'failed', error, timedOut: controller.signal.aborted };
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

// RFC 9110 section 5.6.7: the one date form a server may send (IMF-fixdate).
const IMF_FIXDATE =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * Retry-After as milliseconds: whole delta-seconds or an IMF-fixdate HTTP date. Anything else
 * (`1.5`, `-5`, a date in another format) is undefined, so backoff applies: Date.parse would read
 * `-1` as a date in 2001 and make the client retry at once.
 */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!IMF_FIXDATE.test(text)) return undefined;
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
