/**
 * Matchers for jest and vitest that check your own code's responses against the contract:
 * `expect(body).toBeValidConversationsPage()` and `expect(item).toBeValidConversation()`.
 *
 * Importing this module registers them wherever a global `expect` with `extend` exists (jest's
 * `setupFilesAfterEnv`, vitest with `globals: true`); elsewhere it does nothing and never throws.
 * With vitest's imported `expect`, call `expect.extend(matchers)` yourself.
 */
import { checkResponse } from '../conformance/verify';
import type { Finding } from '../conformance/types';
import { createSpecValidators, type Violation } from '../schema/validate';

export interface PageMatcherOptions {
  /** The URL that was requested: its PageSize and filters are then checked against the page's links. */
  url?: string;
  /** HTTP status of the answer (default 200). */
  status?: number;
  /** Unknown properties and enum values fail (by default they are tolerated, as the contract allows). */
  strict?: boolean;
}

export interface ItemMatcherOptions {
  /** Unknown properties and enum values fail (by default they are tolerated, as the contract allows). */
  strict?: boolean;
}

/** The matchers' signatures, as they appear on `expect(...)`. */
export interface ConversationsMatchers<R = unknown> {
  /** The value is a page of `GET /v1/Services/{ChatServiceSid}/Conversations`, by the named checks of `verify`. */
  toBeValidConversationsPage(options?: PageMatcherOptions): R;
  /** The value is one Conversation as the spec describes it. */
  toBeValidConversation(options?: ItemMatcherOptions): R;
}

// jest's expect learns the matchers here. vitest is ESM-only, so a CommonJS declaration cannot augment
// it; vitest users add one line to a .d.ts of theirs (see the README):
//   declare module 'vitest' { interface Assertion<T = any> extends ConversationsMatchers<T> {} }
declare global {
  namespace jest {
    interface Matchers<R> extends ConversationsMatchers<R> {}
  }
}

interface MatcherContext {
  isNot?: boolean;
}
interface MatcherResult {
  pass: boolean;
  message: () => string;
}

let validators: ReturnType<typeof createSpecValidators> | undefined;
let closedValidators: ReturnType<typeof createSpecValidators> | undefined;

/** The matchers, for `expect.extend(matchers)`. */
export const matchers = {
  toBeValidConversationsPage(this: MatcherContext, received: unknown, options: PageMatcherOptions = {}): MatcherResult {
    const verdict = checkResponse(
      { body: received, url: options.url, status: options.status ?? 200 },
      { strict: options.strict ?? false },
    );
    const failures = verdict.findings.filter((f) => f.severity === 'failure');
    return result(this, verdict.ok, 'a valid page of the list', failures);
  },

  toBeValidConversation(this: MatcherContext, received: unknown, options: ItemMatcherOptions = {}): MatcherResult {
    validators ??= createSpecValidators({ formats: 'full' });
    // Unknown enum values are drift, as in verify: a failure only in strict mode.
    const found = validators.conversation(received).filter((v) => options.strict || v.rule !== 'enum');
    if (options.strict) {
      closedValidators ??= createSpecValidators({ formats: 'full', closed: true });
      found.push(...closedValidators.conversation(received).filter((v) => v.rule === 'additionalProperties'));
    }
    return result(this, found.length === 0, 'a valid Conversation', found.map(fromViolation));
  },
};

function result(
  context: MatcherContext,
  pass: boolean,
  what: string,
  failures: Pick<Finding, 'pointer' | 'rule' | 'expected' | 'actual'>[],
): MatcherResult {
  return {
    pass,
    message: () =>
      context.isNot
        ? `expected the value not to be ${what}, but it is`
        : `expected the value to be ${what}; ${failures.length} violation${failures.length === 1 ? '' : 's'}:\n` +
          failures
            .map((f) => `  ${f.pointer || '(root)'} [${f.rule}] expected ${f.expected}, got ${f.actual}`)
            .join('\n'),
  };
}

function fromViolation(v: Violation): Pick<Finding, 'pointer' | 'rule' | 'expected' | 'actual'> {
  let actual: string;
  try {
    actual = v.rule === 'required' ? 'missing' : (JSON.stringify(v.value) ?? 'undefined');
  } catch {
    actual = String(v.value);
  }
  return {
    pointer: v.pointer,
    rule: v.rule,
    expected: v.expected,
    actual: actual.length > 80 ? `${actual.slice(0, 80)}...` : actual,
  };
}

// Registered where a global expect can take them (jest; vitest with globals); a no-op elsewhere.
const globalExpect = (globalThis as { expect?: { extend?: (m: object) => void } }).expect;
if (typeof globalExpect?.extend === 'function') globalExpect.extend(matchers);
