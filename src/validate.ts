import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { spec } from './spec';

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

const SPEC_ID = 'https://twilio-conversations-contract.local/openapi.json';

// OpenAPI keywords that may sit next to schemas; declaring them keeps ajv's strict
// mode on for everything else (a typo such as `minLenght` still fails to compile).
const OPENAPI_KEYWORDS = ['components', 'example', 'discriminator', 'xml', 'externalDocs'];

export interface ValidatorOptions {
  /** `full` checks formats such as `uri` completely; `fast` uses ajv-formats' quicker approximations. Default `full`. */
  formats?: 'full' | 'fast';
  /**
   * Treat every object schema that lists `properties` (and says nothing about others) as closed,
   * so properties the spec does not name are reported as `additionalProperties` violations.
   * The contract itself allows them; this is for reporting drift.
   */
  closed?: boolean;
  /** The OpenAPI document (default: this package's spec). */
  document?: { components: unknown };
  /**
   * Check the schemas themselves against the JSON Schema 2020-12 meta-schema first. Off by
   * default: it costs ~20 ms per instance, and the bundled spec is already linted in CI.
   */
  checkSchemas?: boolean;
}

/**
 * Builds validators straight from the OpenAPI document: every schema is compiled
 * from the spec itself, never copied. Schemas compile on first use and are kept,
 * so create this once and reuse it.
 */
export function createSpecValidators(options: ValidatorOptions = {}) {
  const document = options.document ?? spec;
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true, validateSchema: options.checkSchemas ?? false });
  addFormats(ajv, { mode: options.formats ?? 'full' });
  ajv.addVocabulary(OPENAPI_KEYWORDS);
  ajv.addSchema({ $id: SPEC_ID, components: options.closed ? closeObjects(document.components) : document.components });
  const cache = new Map<string, ValidateFunction>();

  /** A validator for the schema at a local pointer such as `#/components/schemas/Meta`; compiled on first use. */
  function at(pointer: string): Check {
    return (value) => {
      let compiled = cache.get(pointer);
      if (!compiled) {
        compiled = ajv.getSchema(SPEC_ID + pointer);
        if (!compiled) throw new Error(`no schema at ${pointer} in the spec`);
        cache.set(pointer, compiled);
      }
      return compiled(value) ? [] : toViolations(compiled.errors ?? [], value);
    };
  }

  /** A validator for a schema object taken from the spec (a `$ref` or an inline schema); compiled on first use. */
  function forSchema(schema: unknown): Check {
    const ref = (schema as { $ref?: unknown })?.$ref;
    if (typeof ref === 'string' && ref.startsWith('#/components/')) return at(ref);
    let compiled: ValidateFunction | undefined;
    return (value) => {
      compiled ??= ajv.compile(absolutize(schema) as object);
      return compiled(value) ? [] : toViolations(compiled.errors ?? [], value);
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

// An inline schema is compiled on its own, so its local `#/components/...` references
// must be pointed at the registered spec document.
function absolutize(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(absolutize);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = key === '$ref' && typeof value === 'string' && value.startsWith('#') ? SPEC_ID + value : absolutize(value);
  }
  return out;
}

function closeObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = closeObjects(value);
  if ('properties' in out && !('additionalProperties' in out)) out.additionalProperties = false;
  return out;
}

function toViolations(errors: ErrorObject[], root: unknown): Violation[] {
  return simplify(errors).map((e) => {
    const key = e.keyword === 'required' ? e.params.missingProperty : e.keyword === 'additionalProperties' ? e.params.additionalProperty : undefined;
    const pointer = key === undefined ? e.instancePath : `${e.instancePath}/${escapePointer(String(key))}`;
    return {
      pointer,
      rule: e.keyword,
      message: e.message ?? e.keyword,
      expected: e.keyword === 'enum' ? `must be one of: ${(e.params.allowedValues as unknown[]).map(String).join(', ')}` : (e.message ?? e.keyword),
      schemaPath: e.schemaPath,
      // For a missing property the parent object is the useful value; otherwise the value at the pointer.
      value: valueAt(root, e.keyword === 'required' ? e.instancePath : pointer),
    };
  });
}

// A nullable reference is written `anyOf: [{$ref}, {type: 'null'}]`; a bad value there makes
// ajv report the real failure (say `enum`) plus "must be null" plus "must match a schema in
// anyOf". Only the first says what is wrong, so the other two are dropped.
function simplify(errors: ErrorObject[]): ErrorObject[] {
  const anyOfAt = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  if (anyOfAt.size === 0) return errors;
  const nullBranch = (e: ErrorObject) => e.keyword === 'type' && e.params.type === 'null' && /\/anyOf\/\d+\/type$/.test(e.schemaPath);
  const kept = errors.filter((e) => !(anyOfAt.has(e.instancePath) && nullBranch(e)));
  return kept.filter((e) => e.keyword !== 'anyOf' || !kept.some((o) => o !== e && o.instancePath === e.instancePath));
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const raw of pointer.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

/** Formats violations one per line: `pointer rule: message (value)`. */
export function formatViolations(violations: Violation[]): string {
  return violations
    .map((v) => `${v.pointer || '(root)'} ${v.rule}: ${v.message} (got ${JSON.stringify(v.value)?.slice(0, 80)})`)
    .join('\n');
}
