import type { Violation } from '../schema/violation';

/** No error message is longer than this many characters: a server's text is quoted, never copied whole. */
export const MESSAGE_LIMIT = 2048;

/** Base class of every error this package throws; `instanceof ConversationsError` catches them all. */
export class ConversationsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(cap(message, MESSAGE_LIMIT), options);
    this.name = new.target.name;
  }
}

/** The text cut to `limit` characters, saying how much was left out. */
export function cap(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}... (${text.length - limit} more characters)`;
}

/**
 * Input broke a rule - an option, a parameter, a file, a command-line argument - and nothing was sent
 * or read further. The command line answers every one of these with exit status 2.
 */
export class InputError extends ConversationsError {}

/** The client was set up wrongly (missing credential, unusable base URL). Thrown at construction. */
export class ConfigurationError extends InputError {
  constructor(
    message: string,
    /** The option (or environment variable) at fault. */
    readonly option: string,
    /** `missing`: no value was given; `invalid`: the value given breaks a rule. */
    readonly problem: 'missing' | 'invalid' = 'invalid',
  ) {
    super(message);
  }
}

/** A parameter broke a rule of the spec; nothing was sent. */
export class RequestValidationError extends InputError {
  constructor(
    /** Wire name of the parameter (e.g. `PageSize`). */
    readonly parameter: string,
    /** The value given. */
    readonly value: unknown,
    /** The rule it broke, in the spec's terms (e.g. `maximum: must be <= 1000`). */
    readonly rule: string,
  ) {
    super(`${parameter} ${describe(value)} is invalid: ${rule}. Nothing was sent.`);
  }
}

/** A 2xx body broke the spec (thrown in `validation: 'strict'` mode). */
export class ResponseValidationError extends ConversationsError {
  constructor(
    /** Every violation found: JSON pointer, rule, message, value. */
    readonly violations: Violation[],
    /** The HTTP method of the request (`GET`). */
    readonly method: string,
    /** The URL requested, scrubbed of any secret (credentials travel in a header, never in it). */
    readonly url: string,
    /** The `Twilio-Request-Id` response header, to quote to Twilio support. */
    readonly requestId: string | undefined,
  ) {
    const first = violations.slice(0, 3).map((v) => `${v.pointer || '(root)'} ${v.rule}: ${v.message}`);
    const more = violations.length > 3 ? ` (and ${violations.length - 3} more)` : '';
    super(`${method} ${url} returned a body that breaks the spec: ${first.join('; ')}${more}`);
  }
}

/** Following `meta.next_page_url` would be unsafe or would never end. */
export class PaginationError extends ConversationsError {
  constructor(
    message: string,
    /** The next link at fault, as the server sent it. */
    readonly nextPageUrl: string | null,
  ) {
    super(message);
  }
}

/** The request never got a complete HTTP answer (refused, reset, DNS, cut-off body), even after retries. */
export class NetworkError extends ConversationsError {
  constructor(
    message: string,
    /** The HTTP method of the request (`GET`). */
    readonly method: string,
    /** The URL requested, scrubbed of any secret (credentials travel in a header, never in it). */
    readonly url: string,
    /** How many attempts were made. */
    readonly attempts: number,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
  }
}

/**
 * A response body was larger than `maxResponseBytes` (counted after decompression, while it
 * arrived; reading stopped there). Not retried: the same request would get the same body.
 */
export class ResponseTooLargeError extends ConversationsError {
  constructor(
    /** The HTTP method of the request (`GET`). */
    readonly method: string,
    /** The URL requested, scrubbed of any secret (credentials travel in a header, never in it). */
    readonly url: string,
    /** The cap that was exceeded, in bytes. */
    readonly maxResponseBytes: number,
  ) {
    super(
      `${method} ${url} answered with a body larger than maxResponseBytes (${maxResponseBytes} ` +
        `bytes); reading stopped there. Raise maxResponseBytes if such pages are expected.`,
    );
  }
}

/** An attempt took longer than `timeoutMs`, on every allowed try. */
export class TimeoutError extends ConversationsError {
  constructor(
    /** The HTTP method of the request (`GET`). */
    readonly method: string,
    /** The URL requested, scrubbed of any secret (credentials travel in a header, never in it). */
    readonly url: string,
    /** The limit each attempt had, from sending to the last byte of the answer. */
    readonly timeoutMs: number,
    /** How many attempts were made, the first included. */
    readonly attempts: number,
  ) {
    super(
      `${method} ${url} timed out after ${timeoutMs} ms (${attempts} attempt${attempts === 1 ? '' : 's'}); raise timeoutMs or retry later.`,
    );
  }
}

/** Fields a Twilio error body may carry. */
interface TwilioErrorFields {
  code?: unknown;
  message?: unknown;
  more_info?: unknown;
  detail?: unknown;
  details?: unknown;
}

/** The API answered with a non-2xx status. */
export class TwilioApiError extends ConversationsError {
  /** HTTP status of the response. */
  readonly status: number;
  /** Twilio's error code from the body, when the body had one. */
  readonly code: number | undefined;
  /** Link to Twilio's page about the error code. */
  readonly moreInfo: string | undefined;
  /** Extra detail from the body (`details`, else `detail`). */
  readonly details: unknown;
  /** The `Twilio-Request-Id` response header, to quote to Twilio support. */
  readonly requestId: string | undefined;
  /** The HTTP method of the request (`GET`). */
  readonly method: string;
  /** The URL requested (it never holds credentials: they travel in a header). */
  readonly url: string;
  /** The start of the body (at most 2 KB) when it was not Twilio's JSON error shape (an HTML page from a proxy, say). */
  readonly bodySnippet: string | undefined;

  constructor(init: {
    status: number;
    method: string;
    url: string;
    requestId?: string | null;
    body: unknown;
    /** The Location header of a 3xx answer, which is never followed. */
    location?: string | null;
  }) {
    const fields: TwilioErrorFields = init.body !== null && typeof init.body === 'object' ? init.body : {};
    const apiMessage = typeof fields.message === 'string' ? fields.message : undefined;
    const snippet = apiMessage === undefined ? snippetOf(init.body) : undefined;
    const code = typeof fields.code === 'number' ? fields.code : undefined;
    super(
      `${init.method} ${init.url} failed with HTTP ${init.status}` +
        (code !== undefined ? ` (Twilio error ${code})` : '') +
        (init.status >= 300 && init.status < 400 ? redirectNote(init.location, init.url) : '') +
        `: ${apiMessage === undefined ? describeBody(init.body, snippet) : cap(apiMessage, 1024)}` +
        (init.requestId ? ` [request ${init.requestId}]` : ''),
    );
    this.status = init.status;
    this.code = code;
    this.moreInfo = typeof fields.more_info === 'string' ? fields.more_info : undefined;
    this.details = fields.details ?? fields.detail;
    this.requestId = init.requestId ?? undefined;
    this.method = init.method;
    this.url = init.url;
    this.bodySnippet = snippet;
  }
}

// Only the target's origin is named: a Location's path or query may carry what it should not.
function redirectNote(location: string | null | undefined, from: string): string {
  let target = 'somewhere';
  try {
    if (location) target = new URL(location, from).origin;
  } catch {
    target = 'an invalid URL';
  }
  return `, a redirect to ${target} that is not followed (redirects never are, so the credentials go to the configured origin only)`;
}

function describeBody(body: unknown, snippet: string | undefined): string {
  if (snippet === undefined) return 'empty body';
  const start = cap(snippet, 200);
  return typeof body === 'string' ? `non-JSON body: ${start}` : `body is not a Twilio error: ${start}`;
}

/** Bodies are quoted up to this many characters. */
export const SNIPPET_LIMIT = 2048;

function snippetOf(body: unknown): string | undefined {
  if (body === undefined || body === null || body === '') return undefined;
  let text: string;
  try {
    text = typeof body === 'string' ? body.slice(0, SNIPPET_LIMIT * 4) : (JSON.stringify(body) ?? String(body));
  } catch {
    text = Object.prototype.toString.call(body); // too deep, or a cycle
  }
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > SNIPPET_LIMIT ? `${flat.slice(0, SNIPPET_LIMIT)}...` : flat;
}

function describe(value: unknown): string {
  if (value instanceof Date) return `Date(${Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()})`;
  let text: string;
  try {
    text =
      typeof value === 'string'
        ? JSON.stringify(value)
        : typeof value === 'object' && value !== null
          ? (JSON.stringify(value) ?? String(value))
          : String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > 60 ? `${text.slice(0, 60)}...` : text;
}
