// The HAR log itself, with no file behind it: entries built from exchanges (credentials dropped,
// secrets scrubbed) and written in order to whatever sink is given. Portable: it runs wherever the
// client runs. har.ts gives it a file.
import { readAnswer } from '../client/body';
import { createScrubber, noScrubber, type Scrubber } from '../client/secrets';
import { packageVersion } from '../client/version';
import { fromBase64, utf8Text } from '../text/bytes';

/** One exchange to write: what was sent (its credentials are never written) and what came back. */
export interface HarExchange {
  /** The request as sent (its headers are the ones written, less the credentials). */
  request: Request;
  /** The answer; its body is `body`, already read. */
  response: Response;
  /** The body as received (decoded). */
  body: Uint8Array;
  /** When the request was sent. */
  startedAt: Date;
  /** Milliseconds from sending to the last byte. */
  timeMs: number;
}

/**
 * Writes a HAR 1.2 file entry by entry, so a recording of any length costs the memory of one
 * entry. The file appears under its name only when `close` completes: an interrupted run leaves
 * `FILE.partial`, never a truncated file that looks whole.
 *
 * Nothing secret is written. Request headers that carry credentials (Authorization, Cookie,
 * Proxy-Authorization) and Set-Cookie are dropped; user info in a URL is removed; and every
 * secret known - given in `secrets`, or read from a dropped Basic or Bearer Authorization
 * header - is replaced by `[REDACTED]` in every form the scrubber knows, wherever it appears
 * (an API may echo what it was sent). Account and service SIDs are kept: a replay needs them.
 */
export interface HarWriter {
  /** Writes one entry (after those added before it); resolves once it is written. */
  add(exchange: HarExchange): Promise<void>;
  /** Entries written so far. */
  readonly entries: number;
  /** Ends the log and moves the file into place. */
  close(): Promise<void>;
}

const DROPPED_REQUEST_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);
const DROPPED_RESPONSE_HEADERS = new Set(['set-cookie', 'set-cookie2']);

/** Where a HAR log is written: text in order, then kept (`commit`) or thrown away (`abort`). */
export interface HarSink {
  write(text: string): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** A HarWriter over any sink; `createHarWriter` (in har.ts) gives it a file. */
export function createHarLog(out: HarSink, options: { secrets?: string[] } = {}): HarWriter {
  const secrets = secretBook(options.secrets ?? []);
  let entries = 0;
  let closed = false;
  // The first write that failed (a full disk, a file too large): later entries are dropped, the
  // traffic itself goes on, and close() reports it.
  let failure: unknown;
  const write = (text: string) =>
    failure === undefined ? out.write(text).catch((error: unknown) => void (failure = error)) : Promise.resolve();
  // One write at a time, in the order `add` was called.
  let queue: Promise<void> = write(
    `{"log":{"version":"1.2","creator":{"name":"twilio-conversations-contract","version":${JSON.stringify(packageVersion())}},"entries":[\n`,
  );
  return {
    get entries() {
      return entries;
    },
    add(exchange) {
      if (closed) return Promise.reject(new Error('the HAR file is already closed'));
      const auth = exchange.request.headers.get('authorization');
      if (auth) secrets.learn(auth);
      const text = JSON.stringify(secrets.scrubber().deep(entry(exchange)));
      const separator = entries++ === 0 ? '' : ',\n';
      queue = queue.then(() => write(separator + text));
      return queue;
    },
    async close() {
      if (closed) return queue;
      closed = true;
      await queue;
      await write('\n]}}\n');
      if (failure === undefined) {
        try {
          return await out.commit();
        } catch (error) {
          failure = error;
        }
      }
      await out.abort();
      throw failure;
    },
  };
}

/** The secrets seen so far, and a scrubber for them (rebuilt only when a new one appears). */
function secretBook(initial: string[]) {
  const known = new Map<string, { secret: string; user?: string }>();
  let scrubber: Scrubber = noScrubber;
  const add = (secret: string, user?: string) => {
    const key = `${user ?? ''}\u0000${secret}`;
    if (known.has(key)) return;
    known.set(key, user === undefined ? { secret } : { secret, user });
    scrubber = createScrubber([...known.values()]);
  };
  for (const s of initial) add(s);
  return {
    learn(authorization: string) {
      const [scheme, value = ''] = authorization.trim().split(/\s+/, 2);
      if (/^basic$/i.test(scheme ?? '')) {
        const pair = fromBase64(value);
        const colon = pair.indexOf(':');
        if (colon > 0) add(pair.slice(colon + 1), pair.slice(0, colon));
      } else if (value) add(value);
    },
    scrubber: () => scrubber,
  };
}

function entry({ request, response, body, startedAt, timeMs }: HarExchange) {
  const url = new URL(request.url);
  url.username = '';
  url.password = '';
  return {
    startedDateTime: startedAt.toISOString(),
    time: timeMs,
    request: {
      method: request.method,
      url: url.href,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: headerList(request.headers, DROPPED_REQUEST_HEADERS),
      queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: response.status,
      statusText: response.statusText,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: headerList(response.headers, DROPPED_RESPONSE_HEADERS),
      content: {
        size: body.byteLength,
        mimeType: response.headers.get('content-type') ?? '',
        text: utf8Text(body),
      },
      redirectURL: response.headers.get('location') ?? '',
      headersSize: -1,
      bodySize: body.byteLength,
    },
    cache: {},
    timings: { send: 0, wait: timeMs, receive: 0 },
  };
}

function headerList(headers: Headers, dropped: Set<string>): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  headers.forEach((value, name) => {
    if (!dropped.has(name.toLowerCase())) out.push({ name, value });
  });
  return out;
}

/**
 * Sends a request and reads the answer whole (capped by the client's rule, under the request's
 * signal), timing it; returns the bytes, the original answer, and a fresh Response holding the
 * same bytes for whoever reads it next.
 */
export async function fetchThrough(
  send: (request: Request) => Promise<Response>,
  request: Request,
  maxResponseBytes: number,
): Promise<{
  bytes: Uint8Array;
  truncated: boolean;
  original: Response;
  response: Response;
  startedAt: Date;
  timeMs: number;
}> {
  const startedAt = new Date();
  const started = performance.now();
  const original = await send(request);
  const read = await readAnswer(original, {
    maxResponseBytes,
    signal: request.signal,
    method: request.method,
    url: request.url,
  });
  const timeMs = Math.round(performance.now() - started);
  const nullBody = [101, 204, 205, 304].includes(original.status);
  const init = { status: original.status, statusText: original.statusText, headers: original.headers };
  const response = new Response(nullBody ? null : (read.bytes as unknown as BodyInit), init);
  return { ...read, original, response, startedAt, timeMs };
}
