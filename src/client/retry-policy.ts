/** The retry rules, apart from the attempt mechanics: pure functions of what happened. */

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
  /**
   * Retries after 429 answers, counted apart from other failures. Default: `maxRetries`. A listing
   * by day sets it to at least 8 (when `maxRetries` is above 0): it also lists fewer days at once
   * after each 429, and the days still running would otherwise take the whole storm on their own.
   */
  maxThrottleRetries?: number;
}

/** The most retries after 429s a listing by day allows a request (when retries are on at all). */
export const LISTING_THROTTLE_RETRIES = 8;

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 3,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  timeoutMs: 30_000,
};

// 400, 401, 403, 404 and other client errors are answers, not faults: never retried.
const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);

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
