import { base64, base64url } from '../text/bytes';

/**
 * Removes credentials from anything that can leave the process: error messages and fields,
 * hook events, reports, log lines. A server (or a proxy) may echo what it was sent, so the
 * secret is looked for in every form it can travel in: as is, percent-encoded (once or
 * twice, `+` for spaces too), JSON-escaped, and base64 / base64url, alone or as the
 * `user:secret` pair of a Basic Authorization header.
 */

/** Removes every form of the known secrets from text and from values. */
export interface Scrubber {
  /** The text with every form of every secret replaced by `[REDACTED]`. */
  text(text: string): string;
  /**
   * Scrubs strings (and object keys) inside a value, in place, without recursion, so a deeply
   * nested body cannot overflow the stack. Returns the value (or the scrubbed string).
   */
  deep<T>(value: T): T;
  /** Scrubs an error's message, stack, fields and causes in place; returns it. */
  error<T>(error: T): T;
}

export const REDACTED = '[REDACTED]';

// Shorter strings would redact ordinary words; no real token or secret is this short.
const MIN_SECRET_LENGTH = 4;

/** Every spelling of `secret` (and of `user:secret`) worth looking for. */
export function secretForms(secret: string, user?: string): { exact: string[]; caseless: string[] } {
  const pair = user === undefined ? [] : [`${user}:${secret}`];
  const encoded = [secret, ...pair].flatMap((s) => [base64(s), base64(s).replace(/=+$/, ''), base64url(s)]);
  // Percent-encoding is case-insensitive in its hex digits, and so, harmlessly, is the match.
  const caseless = [
    secret,
    encodeURIComponent(secret),
    encodeURIComponent(encodeURIComponent(secret)),
    encodeURIComponent(secret).replace(/%20/g, '+'),
    JSON.stringify(secret).slice(1, -1),
    ...encoded.map((e) => encodeURIComponent(e)),
    ...pair.map((p) => encodeURIComponent(p)),
  ];
  return { exact: unique(encoded), caseless: unique(caseless) };
}

/** A scrubber for the given credentials; `user` is the Account SID or API key SID paired with the secret. */
export function createScrubber(credentials: { secret: string; user?: string }[]): Scrubber {
  const exact: string[] = [];
  const caseless: string[] = [];
  for (const { secret, user } of credentials) {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
    const forms = secretForms(secret, user);
    exact.push(...forms.exact);
    caseless.push(...forms.caseless);
  }
  const exactRe = alternation(exact, 'g');
  const caselessRe = alternation(caseless, 'gi');
  const text = (input: string): string => {
    if (typeof input !== 'string') return input;
    let out = input;
    if (caselessRe) out = out.replace(caselessRe, REDACTED);
    if (exactRe) out = out.replace(exactRe, REDACTED);
    return out;
  };
  const active = exactRe !== undefined || caselessRe !== undefined;
  const deep = <T>(value: T): T => (active ? scrubDeep(value, text) : value);
  return {
    text,
    deep,
    error: (error) => (active ? scrubError(error, text) : error),
  };
}

/** A scrubber that changes nothing (no credentials known). */
export const noScrubber: Scrubber = createScrubber([]);

/** One scrubber that applies `first`, then `second`. */
export function chainScrubbers(first: Scrubber, second: Scrubber): Scrubber {
  return {
    text: (text) => second.text(first.text(text)),
    deep: (value) => second.deep(first.deep(value)),
    error: (error) => second.error(first.error(error)),
  };
}

function alternation(forms: string[], flags: string): RegExp | undefined {
  const usable = unique(forms.filter((f) => f.length >= MIN_SECRET_LENGTH)).sort((a, b) => b.length - a.length);
  if (usable.length === 0) return undefined;
  return new RegExp(usable.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), flags);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function scrubDeep<T>(root: T, text: (s: string) => string): T {
  if (typeof root === 'string') return text(root) as T;
  if (root === null || typeof root !== 'object') return root;
  const seen = new Set<object>();
  const stack: object[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    for (const key of Object.keys(node)) {
      const record = node as Record<string, unknown>;
      const value = record[key];
      const cleanKey = text(key);
      if (cleanKey !== key && !Array.isArray(node)) {
        delete record[key];
        record[cleanKey] = value;
      }
      if (typeof value === 'string') record[cleanKey] = text(value);
      else if (value !== null && typeof value === 'object') stack.push(value);
    }
  }
  return root;
}

function scrubError<T>(error: T, text: (s: string) => string): T {
  for (
    let current: unknown = error, depth = 0;
    current instanceof Error && depth < 8;
    current = current.cause, depth++
  ) {
    const record = current as unknown as Record<string, unknown>;
    for (const key of Object.getOwnPropertyNames(current)) {
      if (key === 'cause') continue;
      const value = record[key];
      try {
        if (typeof value === 'string') record[key] = text(value);
        else if (value !== null && typeof value === 'object' && !(value instanceof Error)) scrubDeep(value, text);
      } catch {
        // A read-only property is left as it is; the ones this package sets are all writable.
      }
    }
  }
  return error;
}
