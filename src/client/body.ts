import { ResponseTooLargeError } from './errors';

import { ERROR_BODY_BYTES } from './limits';
import { concatBytes, utf8Text } from '../text/bytes';

export { DEFAULT_MAX_RESPONSE_BYTES, ERROR_BODY_BYTES } from './limits';

export interface ReadBodyOptions {
  /** Most bytes to take, counted after decompression (Node's fetch inflates gzip, deflate and br itself). */
  limit: number;
  /** `fail`: past the limit, stop and throw ResponseTooLargeError. `truncate`: keep the first `limit` bytes. */
  overLimit: 'fail' | 'truncate';
  /** Aborting stops the read at once, whatever the stream does. */
  signal?: AbortSignal | undefined;
  /** Named in a ResponseTooLargeError. */
  method: string;
  /** Named in a ResponseTooLargeError; a function when working it out costs something (scrubbing). */
  url: string | (() => string);
}

export interface ReadBody {
  bytes: Uint8Array;
  /** True when `overLimit: 'truncate'` dropped the rest of the body. */
  truncated: boolean;
}

/**
 * Reads a response body chunk by chunk, counting bytes as they arrive, so that neither an endless
 * body, a huge one nor a compression bomb costs more than `limit` bytes of memory. A body shorter
 * than its Content-Length (the connection cut it) fails as a transport error.
 */
export async function readBody(response: Response, options: ReadBodyOptions): Promise<ReadBody> {
  const { limit, signal } = options;
  const declared = declaredLength(response);
  const tooLarge = () =>
    new ResponseTooLargeError(options.method, typeof options.url === 'string' ? options.url : options.url(), limit);
  if (!response.body) return { bytes: new Uint8Array(0), truncated: false };
  if (declared !== undefined && declared > limit && options.overLimit === 'fail') {
    void response.body.cancel().catch(() => {});
    throw tooLarge();
  }
  signal?.throwIfAborted();
  const reader = response.body.getReader();
  const stop = () => void reader.cancel().catch(() => {});
  // One promise for the whole read, rejected on abort, raced with each chunk: a stream that
  // ignores cancellation still cannot hold the caller.
  let onAbort: (() => void) | undefined;
  const aborted = signal
    ? new Promise<never>((_, reject) => {
        onAbort = () => {
          stop();
          reject(signal.reason);
        };
        signal.addEventListener('abort', onAbort, { once: true });
      })
    : undefined;
  aborted?.catch(() => {});
  const chunks: Uint8Array[] = [];
  let total = 0;
  let truncated = false;
  try {
    for (;;) {
      const { done, value } = await (aborted ? Promise.race([reader.read(), aborted]) : reader.read());
      if (done) break;
      if (total + value.byteLength > limit) {
        stop();
        if (options.overLimit === 'fail') throw tooLarge();
        chunks.push(value.subarray(0, limit - total));
        total = limit;
        truncated = true;
        break;
      }
      chunks.push(value);
      total += value.byteLength;
    }
  } finally {
    if (onAbort) signal!.removeEventListener('abort', onAbort);
  }
  if (!truncated && declared !== undefined && total < declared) {
    throw new Error(`the body was cut short: ${total} of ${declared} bytes received`);
  }
  return {
    bytes: concatBytes(chunks, total),
    truncated,
  };
}

// Content-Length counts bytes on the wire; with a Content-Encoding it says nothing about the decoded size.
function declaredLength(response: Response): number | undefined {
  const header = response.headers.get('content-length');
  const encoding = response.headers.get('content-encoding');
  if (header === null || (encoding !== null && encoding.trim().toLowerCase() !== 'identity')) return undefined;
  const n = Number(header);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

export interface ReadAnswerOptions {
  maxResponseBytes: number;
  signal?: AbortSignal | undefined;
  method: string;
  url: ReadBodyOptions['url'];
}

/**
 * Reads an answer's body by the rule every reader here follows: a 2xx body whole up to
 * `maxResponseBytes` (past it, ResponseTooLargeError); any other body only quoted, so its first
 * 64 KiB (or less, under a smaller cap) are kept and the rest dropped.
 */
export function readAnswer(response: Response, options: ReadAnswerOptions): Promise<ReadBody> {
  const { maxResponseBytes, ...rest } = options;
  return readBody(response, { ...rest, ...answerLimit(response, maxResponseBytes) });
}

// The one rule for how much of an answer is taken: see readAnswer.
function answerLimit(response: Response, maxResponseBytes: number): Pick<ReadBodyOptions, 'limit' | 'overLimit'> {
  const ok = response.status >= 200 && response.status < 300;
  return ok
    ? { limit: maxResponseBytes, overLimit: 'fail' }
    : { limit: Math.min(ERROR_BODY_BYTES, maxResponseBytes), overLimit: 'truncate' };
}

/**
 * readAnswer, decoded as UTF-8 (a leading byte order mark dropped). `abortStopsStream` says that
 * aborting `signal` also fails the body's stream, as with Node's fetch given that signal: a body
 * whose declared length is within its limit is then read whole by the fetch implementation, which
 * costs a fraction of reading it chunk by chunk here. The caps still hold: Node's fetch takes no
 * byte past Content-Length and fails a body that falls short of it.
 */
export async function readAnswerText(
  response: Response,
  options: ReadAnswerOptions & { abortStopsStream: boolean },
): Promise<{ text: string; truncated: boolean }> {
  const { abortStopsStream, ...rest } = options;
  const declared = declaredLength(response);
  if (abortStopsStream && declared !== undefined && declared <= answerLimit(response, rest.maxResponseBytes).limit) {
    rest.signal?.throwIfAborted();
    return { text: await response.text(), truncated: false };
  }
  const { bytes, truncated } = await readAnswer(response, rest);
  const text = utf8Text(bytes);
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, truncated };
}
