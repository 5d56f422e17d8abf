import { printable } from '../text/printable';
import type { Violation } from '../schema/validate';
import { ConfigurationError, RequestValidationError } from './errors';
import { DEFAULT_MAX_RESPONSE_BYTES } from './limits';
import { DEFAULT_PAGINATION_POLICY, readAheadProblem, type PaginationPolicy } from './paginate';
import { warnOnStderr, type ResponseCheckOptions, type ResponseContext } from './response-check';
import { DEFAULT_RETRY_POLICY, realTiming, type RetryPolicy, type Timing } from './retry';
import type { Scrubber } from './secrets';
import type { CallOptions, ClientOptions } from './types';
import { packageVersion } from './version';
import { runtimeToken } from './runtime';

/** The client's settings: the options given, defaults for the rest, every one checked. */
export interface Settings {
  retry: RetryPolicy;
  pagination: PaginationPolicy;
  timing: Timing;
  maxResponseBytes: number;
  /** Sent with every request: the extra headers, User-Agent and Authorization. */
  headers: Record<string, string>;
}

/** Reads the client's options; a bad one is a ConfigurationError naming it. */
export function resolveSettings(options: ClientOptions, authorization: string): Settings {
  const retry = pick(DEFAULT_RETRY_POLICY, options);
  const pagination = pick(DEFAULT_PAGINATION_POLICY, options);
  checkPolicies(retry, pagination, 'client');
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  if (!(Number.isSafeInteger(maxResponseBytes) && maxResponseBytes >= 1)) {
    throw new ConfigurationError(
      `maxResponseBytes ${String(maxResponseBytes)} is invalid: must be a whole number of bytes >= 1.`,
      'maxResponseBytes',
    );
  }
  return {
    retry,
    pagination,
    timing: pick(realTiming, options),
    maxResponseBytes,
    headers: requestHeaders(options, authorization),
  };
}

/** The retry policy of one call: the client's, overridden by the call's options (a bad one is a RequestValidationError). */
export function callPolicy(settings: Settings, call: CallOptions): RetryPolicy {
  const policy = pick(settings.retry, call);
  checkPolicies(policy, settings.pagination, 'call');
  return policy;
}

/**
 * The response-check hooks. Every hook receives scrubbed copies: a body or a next link may echo
 * the credentials, and the violation's value may be part of the data handed back to the caller.
 */
export function responseHooks(options: ClientOptions, scrub: Scrubber): Omit<ResponseCheckOptions, 'mode'> {
  const scrubbed =
    (hook: (violation: Violation, context: ResponseContext) => void) =>
    (violation: Violation, context: ResponseContext) =>
      hook(scrub.deep({ ...violation, value: copyOf(violation.value) }), scrub.deep({ ...context }));
  return {
    onWarning: scrubbed(options.onValidationWarning ?? warnOnStderr),
    onUnknownProperty: options.onUnknownProperty && scrubbed(options.onUnknownProperty),
  };
}

function copyOf(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  try {
    return structuredClone(value);
  } catch {
    return '[value too deep to copy]';
  }
}

// Extra headers first, then the two this client owns: the credentials and who is calling.
function requestHeaders(options: ClientOptions, authorization: string): Record<string, string> {
  const extra = options.headers ?? {};
  if (extra === null || typeof extra !== 'object') {
    throw new ConfigurationError('headers must be an object of header names to values.', 'headers');
  }
  for (const [name, value] of Object.entries(extra)) {
    if (name.toLowerCase() === 'authorization') {
      throw new ConfigurationError(
        'headers cannot set Authorization: pass the credentials as options (or in the environment) instead.',
        'headers',
      );
    }
    // RFC 9110: a field name is a token; a value has no CR, LF or NUL (which would end it, or start another).
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) {
      throw new ConfigurationError(
        `headers: ${JSON.stringify(printable(name))} is not a header name (letters, digits and !#$%&'*+-.^_\`|~ only). Nothing was sent.`,
        'headers',
      );
    }
    if (typeof value !== 'string') throw new ConfigurationError(`headers.${name} must be a string.`, 'headers');
    const bad = /[\u0000-\u0008\u000a-\u001f\u007f]/.exec(value);
    if (bad) {
      throw new ConfigurationError(
        `headers.${name} contains ${bad[0] === '\n' || bad[0] === '\r' ? 'a line break (CR or LF)' : 'a control character'} ` +
          `at position ${bad.index + 1}: a header value is one line of text. Nothing was sent.`,
        'headers',
      );
    }
  }
  const tokens = options.userAgentExtensions ?? [];
  if (!Array.isArray(tokens) || tokens.some((t) => typeof t !== 'string' || !/^[\x21-\x7e][\x20-\x7e]*$/.test(t))) {
    throw new ConfigurationError(
      'userAgentExtensions must be an array of product tokens such as "my-app/1.2.0" (printable ASCII).',
      'userAgentExtensions',
    );
  }
  const userAgent = [`twilio-conversations-contract/${packageVersion()}`, runtimeToken(), ...tokens].join(' ');
  return {
    ...extra,
    'User-Agent': extra['User-Agent'] ?? extra['user-agent'] ?? userAgent,
    Authorization: authorization,
  };
}

/** The defaults, overridden by whichever of their keys `overrides` defines. */
function pick<T extends object>(defaults: T, overrides: object): T {
  const out = { ...defaults };
  for (const key of Object.keys(defaults) as (keyof T)[]) {
    const value = (overrides as Partial<T>)[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

// Bad settings given to the factory are a ConfigurationError; given to one call, a RequestValidationError.
function checkPolicies(retry: RetryPolicy, pagination: PaginationPolicy, where: 'client' | 'call'): void {
  const fail = (name: string, value: unknown, rule: string) => {
    throw where === 'client'
      ? new ConfigurationError(`${name} ${String(value)} is invalid: ${rule}.`, name)
      : new RequestValidationError(name, value, rule);
  };
  const whole = (name: string, value: number, min: number) => {
    if (!(Number.isInteger(value) && value >= min) && !(name === 'maxPages' && value === Infinity)) {
      fail(name, value, `must be a whole number >= ${min}`);
    }
  };
  whole('maxRetries', retry.maxRetries, 0);
  whole('timeoutMs', retry.timeoutMs, 1);
  whole('baseDelayMs', retry.baseDelayMs, 0);
  whole('maxDelayMs', retry.maxDelayMs, 0);
  whole('maxPages', pagination.maxPages, 1);
  const readAhead = readAheadProblem(pagination.readAhead);
  if (readAhead) fail('readAhead', pagination.readAhead, readAhead);
  if (pagination.foreignNextLinks !== 'rebase' && pagination.foreignNextLinks !== 'refuse') {
    fail('foreignNextLinks', pagination.foreignNextLinks, "must be 'rebase' or 'refuse'");
  }
}
