/**
 * The hand-off between the retrying fetch and the client. The retrying fetch reads every body
 * it returns inside the attempt (so the attempt's timeout, the caller's signal and the size cap
 * cover it) and parses a JSON body once. What it read travels on in a Response whose json() and
 * text() serve it, so openapi-fetch (or a `client.raw` caller) works as with any Response, and
 * the client takes the parsed value with `bodyOf` instead of parsing again.
 */
import { utf8Bytes } from '../text/bytes';

/** A body as the retrying fetch read it. */
export type Body =
  /** A JSON body, parsed (`undefined` for an empty one), and its length in characters as read. */
  | { kind: 'json'; value: unknown; size: number }
  /** A body not labelled JSON, or an error body cut at its size limit (`truncated`). */
  | { kind: 'text'; text: string; truncated: boolean }
  /** A complete body labelled JSON that does not parse. */
  | { kind: 'invalid-json'; text: string; reason: string };

const BODY = Symbol('buffered body');

// Defined on first use: naming the global Response at import time would load Node's fetch
// implementation (~20 ms) in every process that merely imports this package.
let BufferedResponse: (new (body: Body, from: Response, url: string) => Response) | undefined;

/** Turns what was read into a Body: JSON when the answer says it is JSON. */
export function toBody(text: string, contentType: string | null, truncated: boolean): Body {
  if (truncated || !(contentType ?? '').toLowerCase().includes('json')) return { kind: 'text', text, truncated };
  if (text === '') return { kind: 'json', value: undefined, size: 0 };
  try {
    return { kind: 'json', value: JSON.parse(text), size: text.length };
  } catch (error) {
    return { kind: 'invalid-json', text, reason: (error as Error).message };
  }
}

/** An answer whose body was already read: status, headers and url are the original's (not copied). */
export function bufferedResponse(body: Body, from: Response, url: string): Response {
  BufferedResponse ??= class extends Response {
    readonly [BODY]: Body;
    readonly #from: Response;
    readonly #url: string;

    constructor(body: Body, original: Response, url: string) {
      super(null, { status: original.status, statusText: original.statusText });
      this[BODY] = body;
      this.#from = original;
      this.#url = url;
    }

    override get url(): string {
      return this.#from.url || this.#url;
    }

    override get headers(): Headers {
      return this.#from.headers;
    }

    override json(): Promise<any> {
      const body = this[BODY];
      if (body.kind === 'json') return Promise.resolve(body.value);
      return new Promise((resolve) => resolve(JSON.parse(body.text)));
    }

    override text(): Promise<string> {
      const body = this[BODY];
      if (body.kind !== 'json') return Promise.resolve(body.text);
      return Promise.resolve(body.value === undefined ? '' : JSON.stringify(body.value));
    }

    override async arrayBuffer(): Promise<ArrayBuffer> {
      const bytes = utf8Bytes(await this.text());
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    }

    override async blob(): Promise<Blob> {
      return new Blob([await this.text()], { type: this.headers.get('content-type') ?? '' });
    }
  };
  return new BufferedResponse(body, from, url);
}

/** The body the retrying fetch read, or undefined for a Response that did not come from it. */
export function bodyOf(response: Response): Body | undefined {
  return (response as unknown as { [BODY]?: Body })[BODY];
}
