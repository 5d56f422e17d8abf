import { readAnswerText } from './body';
import { bufferedResponse, toBody } from './buffered-response';
import { ResponseTooLargeError } from './errors';

/** How one attempt ended. */
export type Outcome =
  /** The answer to return, its body read. */
  | { kind: 'answer'; response: Response }
  /** A status worth retrying; its body was dropped unread. */
  | { kind: 'status'; response: Response }
  /** No complete answer. */
  | { kind: 'failed'; error: unknown; timedOut: boolean };

/** What a request is made of: a Request (openapi-fetch builds one), or a URL with its init (the lean path). */
export type Outgoing = Request | string;

export interface Sender {
  (input: Outgoing, init: RequestInit | undefined, signal: AbortSignal): Promise<Response>;
  /** Whether aborting the signal also fails the answer's body stream (true of Node's fetch). */
  abortStopsStream: boolean;
}

// The global fetch takes the attempt's signal in its init and honours it. Given a URL string and
// an init, it builds no Request object of ours: that is the follow-up pages' lean path, where
// undici's cost for a Request plus an init was measured at ~165 us a request. A custom fetch
// takes a Request (its documented signature), carrying the signal, and is raced against the
// signal in case it ignores it.
export function sender(custom: ((request: Request) => Promise<Response>) | undefined): Sender {
  if (!custom) {
    const send = (input: Outgoing, init: RequestInit | undefined, signal: AbortSignal) =>
      globalThis.fetch(input, init ? { ...init, signal } : { signal });
    return Object.assign(send, { abortStopsStream: true });
  }
  const send = (input: Outgoing, init: RequestInit | undefined, signal: AbortSignal) =>
    untilAborted(custom(new Request(input, { ...init, signal })), signal);
  return Object.assign(send, { abortStopsStream: false });
}

export interface AttemptOptions {
  method: string;
  timeoutMs: number;
  maxResponseBytes: number;
  signal: AbortSignal | undefined;
  /** Whether an answer with this status is returned (its body read) rather than retried. */
  keep: (status: number) => boolean;
  /** The request URL, scrubbed, for errors: worked out only when one is made. */
  url: () => string;
}

// One timer covers sending, the headers and the whole body; the caller's abort is passed on to
// the same controller, so it stops the body read too.
export async function attemptOnce(
  input: Outgoing,
  init: RequestInit | undefined,
  send: Sender,
  options: AttemptOptions,
): Promise<Outcome> {
  const { signal, timeoutMs } = options;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  const onAbort = () => controller.abort(signal!.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const response = await send(input, init, controller.signal);
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
    const read = await readAnswerText(response, {
      maxResponseBytes: options.maxResponseBytes,
      signal: controller.signal,
      method: options.method,
      url: options.url,
      abortStopsStream: send.abortStopsStream,
    });
    const body = toBody(read.text, response.headers.get('content-type'), read.truncated);
    return {
      kind: 'answer',
      response: bufferedResponse(body, response, typeof input === 'string' ? input : input.url),
    };
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
