import { ConfigurationError } from '../client/errors';
import { escapePointerToken, valueAtPointer } from './json-pointer';
import { spec } from './spec';
import { precompiledPointers, type Variant } from './validator-set';

import type { Violation } from './violation';

export type { Violation } from './violation';

/** Checks a value against one schema; no violation (an empty array) means it passes. */
export type Check = (value: unknown) => Violation[];

/** The shape of an ajv validation function, precompiled or not. */
export interface Compiled {
  (data: unknown): boolean;
  /** The errors of the last call that failed, in ajv's form. */
  errors?: ErrorLike[] | null;
}

/** One error as ajv reports it (the part of ajv's ErrorObject this package reads). */
export interface ErrorLike {
  /** The keyword that failed (`pattern`, `required`...). */
  keyword: string;
  /** JSON pointer into the value. */
  instancePath: string;
  /** Where the keyword sits in the schema. */
  schemaPath: string;
  /** The keyword's details (`missingProperty`, `allowedValues`...). */
  params: Record<string, any>;
  /** ajv's message, when it wrote one. */
  message?: string;
}

/** An OpenAPI document as far as validation reads it: its components and, optionally, its paths. */
export interface OpenApiDocument {
  /** Holds `schemas`, `parameters`, `responses`... */
  components: unknown;
  /** Inline parameter schemas are reached through here. */
  paths?: unknown;
}

/** Which validators `createSpecValidators` makes. */
export interface ValidatorOptions {
  /**
   * `full` checks formats such as `uri` completely; `fast` uses ajv-formats' approximations (run-time
   * compilation: the `/ajv` entry point). Default `full`.
   */
  formats?: 'full' | 'fast';
  /**
   * Treat every object schema that lists `properties` (and says nothing about others) as closed,
   * so properties the spec does not name are reported as `additionalProperties` violations.
   * The contract itself allows them; this is for reporting drift.
   */
  closed?: boolean;
  /** Another OpenAPI document to compile at run time (needs the `/ajv` entry point). */
  document?: OpenApiDocument;
  /** Check the schemas against the JSON Schema meta-schema first (run-time compilation: the `/ajv` entry point). */
  checkSchemas?: boolean;
}

// Loaded on first use: each module is the standalone code ajv wrote at generate time.
function loadVariant(variant: Variant): Record<string, Compiled> {
  switch (variant) {
    case 'params':
      return require('../../generated/validators-params.cjs');
    case 'full-open':
      return require('../../generated/validators-full-open.cjs');
    case 'full-closed':
      return require('../../generated/validators-full-closed.cjs');
  }
}

/** What a run-time compiler is built from: the options above, defaults filled in. */
export interface RuntimeCompilerOptions {
  /** As ValidatorOptions.formats. */
  formats: 'fast' | 'full';
  /** As ValidatorOptions.closed. */
  closed: boolean;
  /** As ValidatorOptions.checkSchemas. */
  checkSchemas: boolean;
  /** The document to compile from: the given one, else the bundled spec. */
  document: OpenApiDocument;
}

/** Compiles schemas at run time (ajv). The `/ajv` entry point supplies one; the client never needs it. */
export type RuntimeCompiler = (options: RuntimeCompilerOptions) => {
  /** The validator of the schema at a local pointer of the document. */
  at(pointer: string): Compiled;
  /** Compiles a schema object whose local references point into the document. */
  compile(schema: unknown): Compiled;
};

const NEEDS_AJV =
  "import createSpecValidators from 'twilio-conversations-contract/ajv' instead (it needs ajv and ajv-formats installed, " +
  'and a runtime that allows code generation: not Cloudflare Workers)';

/**
 * Validators for the spec's schemas, precompiled at generate time: no ajv, no code generation and
 * no start-up cost, so they work on every runtime. Schemas the package does not precompile, another
 * document, `formats: 'fast'` and `checkSchemas` need run-time compilation: the `/ajv` entry point's
 * `createSpecValidators` takes the same options and does it.
 * @throws ConfigurationError when an option needs run-time compilation and none was given.
 */
// (Over 60 lines as one closure: each validator is a line or two over the modules loaded above.)
export function createSpecValidators(options: ValidatorOptions = {}, runtimeCompiler?: RuntimeCompiler) {
  const formats = options.formats ?? 'full';
  const useRuntime = options.document !== undefined || options.checkSchemas === true || formats === 'fast';
  if (useRuntime && !runtimeCompiler) {
    const option = options.document !== undefined ? 'document' : options.checkSchemas ? 'checkSchemas' : 'formats';
    throw new ConfigurationError(
      `createSpecValidators: ${option === 'formats' ? "formats: 'fast'" : option} compiles schemas at run time; ${NEEDS_AJV}.`,
      option,
    );
  }
  const variant: Variant = options.closed ? 'full-closed' : 'full-open';
  const names = new Map(Object.entries(precompiledPointers(spec)).map(([name, pointer]) => [pointer, name]));
  let precompiled: Record<string, Compiled> | undefined;
  let params: Record<string, Compiled> | undefined;
  let runtime: ReturnType<RuntimeCompiler> | undefined;
  const cache = new Map<string, Compiled>();

  function compiler(what: string) {
    if (!runtimeCompiler) throw new Error(`${what} is not precompiled; to compile it at run time, ${NEEDS_AJV}.`);
    runtime ??= runtimeCompiler({
      formats,
      closed: options.closed ?? false,
      checkSchemas: options.checkSchemas ?? false,
      document: options.document ?? spec,
    });
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
      fn ??= compiler(`the schema at ${pointer}`).at(pointer);
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
      fn ??= compiler('an inline schema').compile(schema);
      return fn(value) ? [] : toViolations(fn.errors ?? [], value);
    };
  }

  return {
    /** A validator for the schema at a local pointer such as `#/components/schemas/Meta`; loaded or compiled on first use. */
    at,
    /** A validator for a schema object taken from the spec (a `$ref` or an inline schema); compiled on first use. */
    forSchema,
    /** Checks a 200 body of the list operation. */
    listResponse: at('#/components/schemas/ListServiceConversationsResponse'),
    /** Checks one conversation. */
    conversation: at('#/components/schemas/Conversation'),
    /** Checks an error body against Twilio's error shape. */
    errorBody: at('#/components/schemas/TwilioError'),
  };
}

/** What `createSpecValidators` returns: `at`, `forSchema`, and the three checks the package uses most. */
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
