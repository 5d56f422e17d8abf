import { escapePointerToken, valueAtPointer } from './json-pointer';
import { spec } from './spec';
import { precompiledPointers, type Variant } from './validator-set';

/** One place where a value breaks its schema. */
export interface Violation {
  /** JSON pointer into the validated value ('' is the value itself). */
  pointer: string;
  /** The JSON Schema keyword that failed (pattern, type, required, ...). */
  rule: string;
  /** Human-readable description from the validator. */
  message: string;
  /** What the schema wanted, in words (e.g. `must be one of: inactive, active, closed`). */
  expected: string;
  /** Where the rule sits in the schema. */
  schemaPath: string;
  /** The offending value (for `required`, the object that lacks the property). */
  value: unknown;
}

export type Check = (value: unknown) => Violation[];

/** The shape of an ajv validation function, precompiled or not. */
interface Compiled {
  (data: unknown): boolean;
  errors?: ErrorLike[] | null;
}
interface ErrorLike {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  params: Record<string, any>;
  message?: string;
}

export interface ValidatorOptions {
  /** `full` checks formats such as `uri` completely; `fast` uses ajv-formats' quicker approximations. Default `full`. */
  formats?: 'full' | 'fast';
  /**
   * Treat every object schema that lists `properties` (and says nothing about others) as closed,
   * so properties the spec does not name are reported as `additionalProperties` violations.
   * The contract itself allows them; this is for reporting drift.
   */
  closed?: boolean;
  /** Another OpenAPI document to compile at run time (needs ajv, a development dependency). */
  document?: { components: unknown; paths?: unknown };
  /** Check the schemas against the JSON Schema meta-schema first (run-time compilation only; needs ajv). */
  checkSchemas?: boolean;
}

// Loaded on first use: each module is the standalone code ajv wrote at generate time.
function loadVariant(variant: Variant): Record<string, Compiled> {
  switch (variant) {
    case 'params':
      return require('../../generated/validators-params.cjs');
    case 'fast-open':
      return require('../../generated/validators-fast-open.cjs');
    case 'fast-closed':
      return require('../../generated/validators-fast-closed.cjs');
    case 'full-open':
      return require('../../generated/validators-full-open.cjs');
    case 'full-closed':
      return require('../../generated/validators-full-closed.cjs');
  }
}

/**
 * Validators for the spec's schemas. The ones the package uses are precompiled at generate
 * time (no ajv at run time, no start-up cost); any other schema of the spec, or another
 * document, is compiled with ajv on first use, which needs ajv installed.
 */
// (Over 60 lines as one closure: each validator is a line or two over the modules loaded above.)
export function createSpecValidators(options: ValidatorOptions = {}) {
  const formats = options.formats ?? 'full';
  const variant: Variant = `${formats}-${options.closed ? 'closed' : 'open'}`;
  const useRuntime = options.document !== undefined || options.checkSchemas === true;
  const names = new Map(Object.entries(precompiledPointers(spec)).map(([name, pointer]) => [pointer, name]));
  let precompiled: Record<string, Compiled> | undefined;
  let params: Record<string, Compiled> | undefined;
  let runtime: ReturnType<typeof import('./ajv-runtime').createRuntimeCompiler> | undefined;
  const cache = new Map<string, Compiled>();

  function compiler() {
    if (!runtime) {
      let create: typeof import('./ajv-runtime').createRuntimeCompiler;
      try {
        create = (require('./ajv-runtime') as typeof import('./ajv-runtime')).createRuntimeCompiler;
      } catch (error) {
        throw new Error(
          `compiling schemas at run time needs ajv and ajv-formats (npm install -D ajv ajv-formats): ${(error as Error).message}`,
        );
      }
      runtime = create({
        formats,
        closed: options.closed ?? false,
        checkSchemas: options.checkSchemas ?? false,
        document: options.document ?? spec,
      });
    }
    return runtime;
  }

  function compiledAt(pointer: string): Compiled {
    let fn = cache.get(pointer);
    if (!fn) {
      const name = useRuntime ? undefined : names.get(pointer);
      // Parameter schemas have one precompiled form (full formats, open), whatever the options.
      if (name?.startsWith('param_')) {
        params ??= loadVariant('params');
        fn = params[name];
      } else if (name) {
        precompiled ??= loadVariant(variant);
        fn = precompiled[name];
      }
      fn ??= compiler().at(pointer) as Compiled;
      cache.set(pointer, fn);
    }
    return fn;
  }

  /** A validator for the schema at a local pointer such as `#/components/schemas/Meta`; loaded or compiled on first use. */
  function at(pointer: string): Check {
    return (value) => {
      const fn = compiledAt(pointer);
      return fn(value) ? [] : toViolations(fn.errors ?? [], value);
    };
  }

  /** A validator for a schema object taken from the spec (a `$ref` or an inline schema); compiled on first use. */
  function forSchema(schema: unknown): Check {
    const ref = (schema as { $ref?: unknown })?.$ref;
    if (typeof ref === 'string' && ref.startsWith('#/')) return at(ref);
    let fn: Compiled | undefined;
    return (value) => {
      fn ??= compiler().compile(schema) as Compiled;
      return fn(value) ? [] : toViolations(fn.errors ?? [], value);
    };
  }

  return {
    at,
    forSchema,
    /** Checks a 200 body of the list operation. */
    listResponse: at('#/components/schemas/ListServiceConversationsResponse'),
    /** Checks one conversation. */
    conversation: at('#/components/schemas/Conversation'),
    /** Checks an error body against Twilio's error shape. */
    errorBody: at('#/components/schemas/TwilioError'),
  };
}

export type SpecValidators = ReturnType<typeof createSpecValidators>;

function toViolations(errors: ErrorLike[], root: unknown): Violation[] {
  return simplify(errors).map((e) => {
    const key =
      e.keyword === 'required'
        ? e.params.missingProperty
        : e.keyword === 'additionalProperties'
          ? e.params.additionalProperty
          : undefined;
    const pointer = key === undefined ? e.instancePath : `${e.instancePath}/${escapePointerToken(String(key))}`;
    return {
      pointer,
      rule: e.keyword,
      message: e.message ?? e.keyword,
      expected:
        e.keyword === 'enum'
          ? `must be one of: ${(e.params.allowedValues as unknown[]).map(String).join(', ')}`
          : (e.message ?? e.keyword),
      schemaPath: e.schemaPath,
      // For a missing property the parent object is the useful value; otherwise the value at the pointer.
      value: valueAtPointer(root, e.keyword === 'required' ? e.instancePath : pointer),
    };
  });
}

// A nullable reference is written `anyOf: [{$ref}, {type: 'null'}]`; a bad value there makes
// ajv report the real failure (say `enum`) plus "must be null" plus "must match a schema in
// anyOf". Only the first says what is wrong, so the other two are dropped.
function simplify(errors: ErrorLike[]): ErrorLike[] {
  const anyOfAt = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  if (anyOfAt.size === 0) return errors;
  const nullBranch = (e: ErrorLike) =>
    e.keyword === 'type' && e.params.type === 'null' && /\/anyOf\/\d+\/type$/.test(e.schemaPath);
  const kept = errors.filter((e) => !(anyOfAt.has(e.instancePath) && nullBranch(e)));
  return kept.filter((e) => e.keyword !== 'anyOf' || !kept.some((o) => o !== e && o.instancePath === e.instancePath));
}

/** Formats violations one per line: `pointer rule: message (value)`. */
export function formatViolations(violations: Violation[]): string {
  return violations
    .map((v) => `${v.pointer || '(root)'} ${v.rule}: ${v.message} (got ${JSON.stringify(v.value)?.slice(0, 80)})`)
    .join('\n');
}
