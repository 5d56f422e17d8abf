import { ResponseValidationError } from './errors';
import { createSpecValidators, type SpecValidators, type Violation } from '../schema/validate';

/**
 * What the client does with a 2xx body that breaks the spec: `off` does not check, `warn` reports each
 * distinct violation once and goes on, `strict` throws a ResponseValidationError.
 */
export type ValidationMode = 'off' | 'warn' | 'strict';
/** Every ValidationMode, for parsing a flag or a setting. */
export const VALIDATION_MODES: readonly ValidationMode[] = ['off', 'warn', 'strict'];

/** Where a finding came from. */
/** Which answer a violation was found in. */
export interface ResponseContext {
  /** The HTTP method of the request (`GET`). */
  method: string;
  /** The URL requested, scrubbed of any secret. */
  url: string;
  /** The answer's `Twilio-Request-Id` header, when it had one. */
  requestId: string | undefined;
}

export interface ResponseCheckOptions {
  mode: ValidationMode;
  /** Called once per distinct violation (same pointer shape and rule) in `warn` mode. */
  onWarning: (violation: Violation, context: ResponseContext) => void;
  /** When set, properties the spec does not name are reported here, once each; they never fail a request. */
  onUnknownProperty: ((violation: Violation, context: ResponseContext) => void) | undefined;
}

/**
 * Checks 2xx list bodies against the spec, every rule of it: the formats as ajv-formats checks them
 * in full, the `uri` one and the SID patterns by the quick checks of spec/quick-checks.ts (the same
 * verdicts, for a fraction of the cost). Validators are loaded on first use, once per client.
 */
export function createResponseCheck(options: ResponseCheckOptions) {
  let validators: SpecValidators | undefined;
  let closed: SpecValidators | undefined;
  const warned = new Set<string>();
  const unknownSeen = new Set<string>();

  return function check(body: unknown, context: ResponseContext): void {
    if (options.mode !== 'off') {
      validators ??= createSpecValidators();
      const violations = validators.listResponse(body);
      if (violations.length && options.mode === 'strict') {
        throw new ResponseValidationError(violations, context.method, context.url, context.requestId);
      }
      for (const v of violations) once(warned, v, () => options.onWarning(v, context));
    }
    if (options.onUnknownProperty) {
      closed ??= createSpecValidators({ closed: true });
      for (const v of closed.listResponse(body)) {
        if (v.rule === 'additionalProperties') once(unknownSeen, v, () => options.onUnknownProperty!(v, context));
      }
    }
  };
}

// Array indices are dropped from the key so that one drift repeated on every item is reported once.
function once(seen: Set<string>, v: Violation, report: () => void): void {
  const key = `${v.pointer.replace(/\/\d+(?=\/|$)/g, '/*')} ${v.rule}`;
  if (seen.has(key)) return;
  seen.add(key);
  report();
}

/** The default warning hook: one line on stderr per distinct violation. */
export function warnOnStderr(v: Violation, context: ResponseContext): void {
  console.warn(
    `[twilio-conversations-contract] response breaks the spec at ${v.pointer || '(root)'} (${v.rule}: ${v.message}); from ${context.method} ${context.url}`,
  );
}
