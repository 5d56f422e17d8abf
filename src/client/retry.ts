import { attemptOnce, sender, type Outgoing } from './attempt';
import { NetworkError, TimeoutError } from './errors';
import { DEFAULT_MAX_RESPONSE_BYTES } from './limits';
import { backoffMs, retryAfterMs, shouldRetry, type RetryPolicy } from './retry-policy';

export {
  backoffMs,
  DEFAULT_RETRY_POLICY,
  LISTING_THROTTLE_RETRIES,
  retryAfterMs,
  shouldRetry,
  type AttemptFailure,
  type RetryPolicy,
} from './retry-policy';

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
  | {
      /** The attempt is being sent. */
      type: 'request';
      /** The HTTP method (`GET`). */
      method: string;
      /** The URL, scrubbed of any secret. */
      url: string;
      /** 1 for the first attempt, 2 for the first retry... */
      attempt: number;
    }
  | {
      /** An answer arrived (any status). */
      type: 'response';
      /** The HTTP method (`GET`). */
      method: string;
      /** The URL, scrubbed of any secret. */
      url: string;
      /** 1 for the first attempt, 2 for the first retry... */
      attempt: number;
      /** The HTTP status. */
      status: number;
      /** From sending to the last byte of the body (to the headers for an answer that is retried). */
      durationMs: number;
      /** The `Twilio-Request-Id` header, to quote to Twilio support. */
      requestId: string | undefined;
    }
  | {
      /** The attempt got no answer (the connection failed, the timeout passed, the body was cut or too large). */
      type: 'failure';
      /** The HTTP method (`GET`). */
      method: string;
      /** The URL, scrubbed of any secret. */
      url: string;
      /** 1 for the first attempt, 2 for the first retry... */
      attempt: number;
      /** From sending to the failure. */
      durationMs: number;
      /** What went wrong, in words (scrubbed). */
      reason: string;
      /** True when the attempt's timeout passed. */
      timedOut: boolean;
      /** A short class of the failure for metrics and traces: `timeout`, or the error's name (`TypeError`, `AbortError`...). */
      errorType: string;
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

/** Runs one attempt when it may go (it must run it exactly once, or reject). */
export type AttemptGate = <T>(attempt: () => Promise<T>) => Promise<T>;

/** A fetch with the client's retries, timeouts and size cap: given a Request, or a URL and an init. */
export type RetryingFetch = (input: Outgoing, init?: RequestInit) => Promise<Response>;

/**
 * Wraps a fetch so that each GET is retried on 429/5xx answers and on network failures
 * (including a body cut short), with capped exponential backoff and jitter, honouring
 * Retry-After. Every body it returns, 2xx or not, is read inside the attempt, so that its
 * timeout, the caller's signal and the size cap cover the whole answer; the body is handed on
 * in a buffered Response (see buffered-response.ts). An abort of `signal` always wins.
 */
// (Over 60 lines: the retry loop is kept whole so that one attempt's path - answer, retryable
// status, failure - reads top to bottom; the rules are retry-policy.ts, the mechanics attempt.ts.)
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
  /** Runs each attempt (not the waits between them), e.g. once a place among concurrent requests is free. */
  gate?: AttemptGate | undefined;
}): RetryingFetch {
  const { policy, timing, signal, onRetry, onEvent, scrub, gate } = options;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const send = sender(options.fetch);
  const failureReason = (error: unknown, timedOut: boolean) =>
    timedOut ? `timed out after ${policy.timeoutMs} ms` : scrub(errorText(error));
  return async function retryingFetch(input, init) {
    // Errors and events name the URL; a next link could carry an echoed secret. Scrubbed only
    // when something names it: a listing with no event hook and no failure never needs it.
    const rawUrl = typeof input === 'string' ? input : input.url;
    let scrubbed: string | undefined;
    const url = () => (scrubbed ??= scrub(rawUrl));
    const method = typeof input === 'string' ? (init?.method ?? 'GET') : input.method;
    // With maxThrottleRetries set, 429s and other failures each have their own budget; without it,
    // every failure counts against maxRetries.
    const separate = policy.maxThrottleRetries !== undefined;
    let throttles = 0;
    let failures = 0;
    for (let attempt = 1; ; attempt++) {
      signal?.throwIfAborted();
      const keep = (status: number) =>
        !separate
          ? !shouldRetry({ status }, attempt, policy.maxRetries)
          : status === 429
            ? throttles >= policy.maxThrottleRetries!
            : !shouldRetry({ status }, failures + 1, policy.maxRetries);
      onEvent?.({ type: 'request', method, url: url(), attempt });
      const started = timing.now();
      const once = () =>
        attemptOnce(input, init, send, { method, timeoutMs: policy.timeoutMs, maxResponseBytes, signal, keep, url });
      // One failure event per attempt that got no answer, whether it is retried or ends the call.
      const tellFailure = (error: unknown, timedOut: boolean) => {
        if (!onEvent) return;
        const reason = failureReason(error, timedOut);
        const errorType = timedOut ? 'timeout' : error instanceof Error ? error.name : '_OTHER';
        onEvent({
          type: 'failure',
          method,
          url: url(),
          attempt,
          durationMs: timing.now() - started,
          reason,
          timedOut,
          errorType,
        });
      };
      const outcome = await (gate ? gate(once) : once()).catch((error: unknown) => {
        tellFailure(error, false); // an oversized body, the caller's abort
        throw error;
      });
      if (outcome.kind === 'failed') tellFailure(outcome.error, outcome.timedOut);
      else if (onEvent) {
        const { status, headers } = outcome.response;
        onEvent({
          type: 'response',
          method,
          url: url(),
          attempt,
          status,
          durationMs: timing.now() - started,
          requestId: headers.get('twilio-request-id') ?? undefined,
        });
      }
      if (outcome.kind === 'answer') return outcome.response;
      if (outcome.kind === 'status') {
        const { response } = outcome;
        if (response.status === 429) throttles++;
        else failures++;
        const delayMs = Math.min(
          retryAfterMs(response.headers.get('retry-after'), timing.now()) ?? backoffMs(attempt, policy, timing.random),
          policy.maxDelayMs,
        );
        onRetry?.({ attempt, delayMs, url: url(), status: response.status, reason: `HTTP ${response.status}` });
        await timing.sleep(delayMs, signal);
        continue;
      }
      if (!shouldRetry({ transport: true }, separate ? ++failures : attempt, policy.maxRetries)) {
        if (outcome.timedOut) throw new TimeoutError(method, url(), policy.timeoutMs, attempt);
        const detail = scrub(errorText(outcome.error));
        throw new NetworkError(
          `${method} ${url()} failed after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${detail}`,
          method,
          url(),
          attempt,
          scrubCause(outcome.error, scrub),
        );
      }
      const delayMs = Math.min(backoffMs(attempt, policy, timing.random), policy.maxDelayMs);
      const reason = failureReason(outcome.error, outcome.timedOut);
      onRetry?.({ attempt, delayMs, url: url(), reason });
      await timing.sleep(delayMs, signal);
    }
  };
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
