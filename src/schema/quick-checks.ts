// Quick ways to reach the same verdict as the costly checks of the spec: the `uri` and `date-time`
// formats as ajv-formats checks them in full, and the patterns (the SIDs). The precompiled validators
// use them (scripts/generate-validators.ts wires them in, through generated/checked-formats.cjs and
// ajv's regExp option); nothing here changes what is accepted. Each quick check says "yes" only to
// strings the full check accepts, and otherwise leaves the verdict to the full check. The property
// tests in quick-checks.test.ts compare both on generated strings, weighted toward near-misses.
//
// Where the time goes on a page of 1,000 conversations (bench/validation-cost.ts): five URLs, four
// SIDs and three date-times each. The SIDs stay the spec's expressions (V8's compiled expression is
// as quick as any hand-written scan of 34 characters), but two of them are the same on every item
// (the account, the service), so a pattern remembers the last string it accepted. A conversation's
// links are its own URL plus a path, so `uri` checks only the rest of a URL that extends the last
// one it accepted.
// No imports: the generated validators load this module as it is, in every runtime.

/**
 * `scheme://host[:port][/path][?query][#fragment]` with a plain host name (no user info, no
 * `[IPv6]`) and no percent-escape, in ASCII. Each part is one of the ways through ajv-formats' URI
 * expression (the path as segments of `pchar`, which here are run together with the `/` between
 * them), so every match is a URI by the full rule, and holds the `:` its other test wants. Without
 * the alternatives (IPv6, IPv4, escapes) it cannot backtrack: one pass over the string.
 */
const PLAIN_URI = new RegExp(
  [
    "^[a-zA-Z][a-zA-Z0-9+.-]*:\\/\\/[a-zA-Z0-9\\-._~!$&'()*+,;=]*", // scheme://host
    '(?::[0-9]*)?', // :port
    "(?:\\/[a-zA-Z0-9\\-._~!$&'()*+,;=:@/]*)?", // /path
    "(?:\\?[a-zA-Z0-9\\-._~!$&'()*+,;=:@/?]*)?", // ?query
    "(?:#[a-zA-Z0-9\\-._~!$&'()*+,;=:@/?]*)?$", // #fragment
  ].join(''),
);

/**
 * What may follow a PLAIN_URI that has no query or fragment, so that the two together are one:
 * more path (from a `/`), a query, a fragment. Sticky: it is run from where the known part ends.
 */
const PLAIN_URI_REST =
  /(?:\/[a-zA-Z0-9\-._~!$&'()*+,;=:@/]*)?(?:\?[a-zA-Z0-9\-._~!$&'()*+,;=:@/?]*)?(?:#[a-zA-Z0-9\-._~!$&'()*+,;=:@/?]*)?$/y;

// The last string quickUri accepted that has no query or fragment ('' for none yet).
let lastPlain = '';

/** True only for a URI the full `uri` check accepts; false means "ask the full check". */
export function quickUri(text: string): boolean {
  const known = lastPlain.length;
  // (substring and ===, not startsWith: measured several times quicker here.)
  if (known !== 0 && text.length >= known && text.substring(0, known) === lastPlain) {
    PLAIN_URI_REST.lastIndex = known;
    if (PLAIN_URI_REST.test(text)) return true;
  }
  if (!PLAIN_URI.test(text)) return false;
  if (text.indexOf('?') === -1 && text.indexOf('#') === -1) lastPlain = text;
  return true;
}

const ZERO = 0x30;
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// The number written by the ASCII digits at text[from..to), or -1 if one is not a digit.
function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * True only for a date-time the full `date-time` check accepts: `YYYY-MM-DDTHH:MM:SS[.fraction]Z`
 * (capital T and Z, UTC), a real calendar day, hours to 23, minutes and seconds to 59. Anything else
 * (offsets, lower case, a space for T, a leap second) is left to the full check.
 */
export function quickDateTime(text: string): boolean {
  const n = text.length;
  if (n < 20 || text.charCodeAt(n - 1) !== 0x5a /* Z */) return false;
  if (text.charCodeAt(4) !== 0x2d || text.charCodeAt(7) !== 0x2d || text.charCodeAt(10) !== 0x54) return false;
  if (text.charCodeAt(13) !== 0x3a || text.charCodeAt(16) !== 0x3a) return false;
  if (n > 20 && (text.charCodeAt(19) !== 0x2e /* . */ || n === 21 || digits(text, 20, n - 1) < 0)) return false;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  const hour = digits(text, 11, 13);
  const minute = digits(text, 14, 16);
  const second = digits(text, 17, 19);
  if (year < 0 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : DAYS[month]!)) return false;
  return hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59;
}

/** What ajv needs of a compiled pattern: a test, and its text (ajv tells patterns apart by it). */
export interface PatternTester {
  test(text: string): boolean;
  toString(): string;
}

/**
 * A pattern of the spec compiled for ajv (its `code.regExp` option): the RegExp ajv would build,
 * remembering the last string it accepted. A non-global expression answers the same for the same
 * string, so the memory changes no verdict.
 */
export function quickPattern(pattern: string, flags: string): PatternTester {
  return new RememberingPattern(new RegExp(pattern, flags));
}

// A class, not a closure per pattern: one `test` for all of them keeps the validators' call sites
// simple for V8 (measured: closures made the whole page check several times slower).
class RememberingPattern implements PatternTester {
  private lastAccepted: string | undefined = undefined;

  constructor(private readonly expression: RegExp) {}

  test(text: string): boolean {
    if (text === this.lastAccepted) return true;
    if (!this.expression.test(text)) return false;
    this.lastAccepted = text;
    return true;
  }

  toString(): string {
    return String(this.expression);
  }
}

/** A format's full check, as a function of the string. */
export type FormatCheck = (text: string) => boolean;

// One wrapper each (not one shared): each call site inside then sees a single quick check, which
// V8 can inline.
const quickThenFullUri =
  (full: FormatCheck): FormatCheck =>
  (text) =>
    quickUri(text) || full(text);
const quickThenFullDateTime =
  (full: FormatCheck): FormatCheck =>
  (text) =>
    quickDateTime(text) || full(text);

/**
 * ajv-formats' full formats, with `uri` and `date-time` taking their quick paths: the formats the
 * precompiled validators check with (generated/checked-formats.cjs builds them with this).
 */
export function withQuickChecks<F extends object>(full: F): F {
  const formats = full as Record<string, unknown>;
  const dateTime = formats['date-time'] as { validate: FormatCheck; compare?: unknown };
  return {
    ...formats,
    uri: quickThenFullUri(formats['uri'] as FormatCheck),
    'date-time': { ...dateTime, validate: quickThenFullDateTime(dateTime.validate) },
  } as F;
}
