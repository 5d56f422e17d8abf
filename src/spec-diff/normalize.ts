import { OPERATION_PATH } from '../schema/operation';
/**
 * Turns the list operation of an OpenAPI 3.0 or 3.1 document into one plain shape, so that
 * two versions can be compared by meaning rather than by spelling: references resolved,
 * `nullable: true` (3.0), `type: [x, 'null']` (3.1), `anyOf: [X, {type: 'null'}]` and a null
 * enum member all become a `null` type; numeric formats (int32/int64/float/double) are dropped
 * as annotations; descriptions, examples and other prose are ignored.
 */

import { valueAtPointer } from '../schema/json-pointer';
import { SpecSourceError } from './load';

export interface NormSchema {
  /** Sorted type names, `null` included when nullable; `any` when the schema does not constrain the type. */
  types: string[] | 'any';
  /** Allowed non-null values, JSON-encoded and sorted; undefined when unrestricted. */
  enum?: string[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  multipleOf?: number;
  pattern?: string;
  format?: string;
  properties?: Record<string, NormSchema>;
  required?: string[];
  items?: NormSchema;
  additionalProperties?: NormSchema | boolean;
  /**
   * Set when the schema is a construct the differ does not compare rule by rule (a union or
   * intersection of several schemas, a discriminator, a schema that contains itself): why, and the
   * schema's canonical JSON (prose left out, references expanded), so a change to it is still seen.
   */
  opaque?: { reason: string; source: string };
}

export interface NormParameter {
  in: string;
  name: string;
  required: boolean;
  schema: NormSchema;
  /** The schema's default, JSON-encoded; what a client that omits the parameter gets. */
  default?: string;
  /** How the value is written on the wire, defaults filled in (query: form, exploded; path: simple). */
  style: string;
  explode: boolean;
  deprecated: boolean;
}

export interface NormResponse {
  media: Record<string, NormSchema | undefined>;
  headers: Record<string, NormSchema>;
  /** Headers the response says are always present (lower case). */
  requiredHeaders: string[];
}

export interface NormOperation {
  /** The path as written, e.g. `/v1/Services/{ChatServiceSid}/Conversations`. */
  path: string;
  operationId: string | undefined;
  deprecated: boolean;
  /**
   * Who may call it: each alternative a sorted list of `scheme:type` names, all of which a client
   * must satisfy; `[]` as an alternative means no credentials are needed. Undefined: none declared.
   */
  security: string[][] | undefined;
  /** Keyed `in name`, e.g. `query PageSize`. */
  parameters: Record<string, NormParameter>;
  /** Keyed by status (`200`, `default`). */
  responses: Record<string, NormResponse>;
}

export const LIST_OPERATION = { path: OPERATION_PATH, method: 'get' } as const;

type Obj = Record<string, any>;
const NUMERIC_FORMATS = new Set(['int32', 'int64', 'float', 'double']);
const BOUNDS = [
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
] as const;

/**
 * Most schema nodes one document may normalise to. With each referenced schema normalised once
 * this is far above any real description; a document that fans references out past it (3 refs a
 * level, 20 levels: 3^20 paths) is refused instead of exhausting memory.
 */
export const MAX_SCHEMA_NODES = 50_000;

/** A document that cannot be normalised within the limits (too many nodes, a reference out of bounds). */
export class SpecTooComplexError extends SpecSourceError {}

// Per document: each schema object (reached by any number of references) is normalised once.
interface Context {
  doc: Obj;
  memo: Map<object, NormSchema>;
  inProgress: Set<object>;
  nodes: number;
}

/** A record with no prototype: a property called `constructor` or `__proto__` is just a key. */
export function record<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

const own = (value: unknown, key: string): unknown =>
  value !== null && typeof value === 'object' && Object.hasOwn(value, key) ? (value as Obj)[key] : undefined;

/** A path with its parameter names taken out: `/v1/Services/{}/Conversations`. Clients see only the shape. */
export const pathShape = (path: string) => path.replace(/\{[^}]*\}/g, '{}');

/**
 * Where the list operation is in a document, matched as oasdiff matches operations: by method and
 * path shape, so renaming `{ChatServiceSid}` finds it still. `moved` when only another version of
 * the path has it (`/v2/Services/{}/Conversations`). Undefined when the document has neither.
 */
export function locateListOperation(doc: Obj): { path: string; moved: boolean } | undefined {
  const paths = own(doc, 'paths');
  if (paths === null || typeof paths !== 'object') return undefined;
  const keys = Object.keys(paths).filter((key) => own(own(paths, key), 'get') !== undefined);
  const wanted = pathShape(LIST_OPERATION.path);
  const exact = keys.find((key) => pathShape(key) === wanted);
  if (exact !== undefined) return { path: exact, moved: false };
  const tail = wanted.slice(wanted.indexOf('/Services/'));
  const elsewhere = keys.find((key) => pathShape(key).endsWith(tail));
  return elsewhere === undefined ? undefined : { path: elsewhere, moved: true };
}

/** Finds the list operation in a document and normalises it. */
export function normalizeOperation(
  doc: Obj,
  operation: { path: string; method: string } = LIST_OPERATION,
): NormOperation {
  const pathItem = own(own(doc, 'paths'), operation.path) as Obj | undefined;
  const op = own(pathItem, operation.method) as Obj | undefined;
  // Bad input, not a crash (exit 2). Comparing a removed or moved operation as a change is #28's.
  if (op === undefined)
    throw new SpecSourceError(`the document has no ${operation.method.toUpperCase()} ${operation.path} operation`);
  if (op === null || typeof op !== 'object' || Array.isArray(op))
    throw new SpecSourceError(
      `${operation.method.toUpperCase()} ${operation.path} in the document is not an operation object`,
    );
  const ctx: Context = { doc, memo: new Map(), inProgress: new Set(), nodes: 0 };
  const deref = (node: unknown) => resolve(doc, node);
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  const entries = (value: unknown): [string, unknown][] =>
    value !== null && typeof value === 'object' ? Object.entries(value) : [];

  const parameters = record<NormParameter>();
  for (const raw of [...list(pathItem!.parameters), ...list(op.parameters)]) {
    const p = deref(raw);
    const style = typeof p.style === 'string' ? p.style : p.in === 'query' || p.in === 'cookie' ? 'form' : 'simple';
    const schema = deref(p.schema);
    parameters[`${p.in} ${p.name}`] = {
      in: p.in,
      name: p.name,
      required: p.required === true,
      schema: normalizeNode(ctx, p.schema, 0),
      ...(schema.default !== undefined ? { default: JSON.stringify(schema.default) } : {}),
      style,
      explode: typeof p.explode === 'boolean' ? p.explode : style === 'form',
      deprecated: p.deprecated === true,
    };
  }

  const responses = record<NormResponse>();
  for (const [status, raw] of entries(op.responses)) {
    const r = deref(raw);
    const media = record<NormSchema | undefined>();
    for (const [type, m] of entries(r.content))
      media[type] = (m as Obj)?.schema ? normalizeNode(ctx, (m as Obj).schema, 0) : undefined;
    const headers = record<NormSchema>();
    const requiredHeaders: string[] = [];
    for (const [name, h] of entries(r.headers)) {
      headers[name.toLowerCase()] = normalizeNode(ctx, deref(h).schema, 0);
      if (deref(h).required === true) requiredHeaders.push(name.toLowerCase());
    }
    responses[status] = { media, headers, requiredHeaders: sorted(requiredHeaders) };
  }
  return {
    path: operation.path,
    operationId: op.operationId,
    deprecated: op.deprecated === true,
    security: securityOf(doc, op),
    parameters,
    responses,
  };
}

// The operation's own security, else the document's; each requirement as its schemes' names and types.
function securityOf(doc: Obj, op: Obj): string[][] | undefined {
  const requirements: unknown = Object.hasOwn(op, 'security') ? op.security : doc.security;
  if (!Array.isArray(requirements)) return undefined;
  const schemes = own(own(doc, 'components'), 'securitySchemes') as Obj | undefined;
  const typeOf = (name: string) => {
    const scheme = resolve(doc, own(schemes, name));
    return [scheme.type, scheme.scheme, scheme.in, scheme.name].filter((x) => typeof x === 'string').join('/');
  };
  return requirements
    .filter((r): r is Obj => r !== null && typeof r === 'object')
    .map((r) => sorted(Object.keys(r).map((name) => `${name}:${typeOf(name)}`)));
}

function resolve(doc: Obj, node: unknown, depth = 0): Obj {
  let current = node as Obj;
  for (let hops = 0; current && typeof current.$ref === 'string'; hops++) {
    if (hops > 20 || depth > 50) throw new Error(`reference loop at ${current.$ref}`);
    const ref: string = current.$ref;
    if (!ref.startsWith('#/')) throw new Error(`only local references are supported, got ${ref}`);
    current = valueAtPointer(doc, ref) as Obj;
    if (current === undefined) throw new Error(`reference ${ref} does not exist`);
  }
  return current ?? {};
}

/** Normalises one schema (references followed; a reference cycle, or nesting past 30 levels, reads as `any`). */
export function normalizeSchema(doc: Obj, node: unknown): NormSchema {
  return normalizeNode({ doc, memo: new Map(), inProgress: new Set(), nodes: 0 }, node, 0);
}

function normalizeNode(ctx: Context, node: unknown, depth: number): NormSchema {
  if (depth > 30) return { types: 'any' };
  const s: unknown = resolve(ctx.doc, node, depth);
  if (s === undefined || s === null || typeof s !== 'object') return { types: 'any' };
  const known = ctx.memo.get(s);
  if (known) return known;
  if (ctx.inProgress.has(s)) return opaque(ctx, s, 'a schema that contains itself');
  if (++ctx.nodes > MAX_SCHEMA_NODES)
    throw new SpecTooComplexError(
      `the operation's schemas expand to more than ${MAX_SCHEMA_NODES} nodes; refusing to compare it`,
    );
  ctx.inProgress.add(s);
  try {
    const out = normalizeObject(ctx, s, depth);
    ctx.memo.set(s, out);
    return out;
  } finally {
    ctx.inProgress.delete(s);
  }
}

function normalizeObject(ctx: Context, s: Obj, depth: number): NormSchema {
  const normalizeSchema = (_doc: Obj, node: unknown, d: number) => normalizeNode(ctx, node, d);
  const doc = ctx.doc;
  const reason = uncompared(ctx, s);
  if (reason) return opaque(ctx, s, reason);

  // anyOf/oneOf of one schema and null is how 3.1 writes a nullable reference.
  for (const key of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(s[key])) {
      const branches = s[key].map((b: unknown) => normalizeSchema(doc, b, depth + 1));
      const nonNull = branches.filter(
        (b: NormSchema) => !(Array.isArray(b.types) && b.types.length === 1 && b.types[0] === 'null'),
      );
      const merged = nonNull.length === 1 ? { ...nonNull[0]! } : mergeAll(nonNull);
      if (nonNull.length < branches.length)
        merged.types = merged.types === 'any' ? 'any' : sorted([...merged.types, 'null']);
      return merged;
    }
  }
  if (Array.isArray(s.allOf)) {
    const merged = mergeAll([
      normalizeSchema(doc, { ...s, allOf: undefined, nullable: undefined }, depth + 1),
      ...s.allOf.map((b: unknown) => normalizeSchema(doc, b, depth + 1)),
    ]);
    // 3.0 writes a nullable reference as `allOf: [{$ref}]` with `nullable: true` beside it.
    if (s.nullable === true && merged.types !== 'any') merged.types = sorted([...new Set([...merged.types, 'null'])]);
    return merged;
  }

  const out: NormSchema = { types: 'any' };
  let types: string[] | undefined =
    typeof s.type === 'string' ? [s.type] : Array.isArray(s.type) ? [...s.type] : undefined;
  if (Array.isArray(s.enum)) {
    const values = s.enum.filter((v: unknown) => v !== null);
    out.enum = sorted(values.map((v: unknown) => JSON.stringify(v)));
    if (values.length < s.enum.length) types = [...(types ?? inferTypes(values)), 'null'];
    types ??= inferTypes(values);
  }
  if (!types && (s.properties || s.additionalProperties !== undefined)) types = ['object'];
  if (!types && s.items) types = ['array'];
  if (types && s.nullable === true) types.push('null');
  if (types) out.types = sorted([...new Set(types)]);

  for (const b of BOUNDS) if (typeof s[b] === 'number') out[b] = s[b];
  if (typeof s.multipleOf === 'number') out.multipleOf = s.multipleOf;
  if (typeof s.pattern === 'string') out.pattern = s.pattern;
  if (typeof s.format === 'string' && !NUMERIC_FORMATS.has(s.format)) out.format = s.format;
  if (s.properties && typeof s.properties === 'object') {
    out.properties = record<NormSchema>();
    for (const [name, p] of Object.entries(s.properties)) out.properties[name] = normalizeSchema(doc, p, depth + 1);
  }
  if (Array.isArray(s.required))
    out.required = sorted(s.required.filter((r: unknown): r is string => typeof r === 'string'));
  if (s.items) out.items = normalizeSchema(doc, s.items, depth + 1);
  if (s.additionalProperties === false) out.additionalProperties = false;
  else if (s.additionalProperties && typeof s.additionalProperties === 'object')
    out.additionalProperties = normalizeSchema(doc, s.additionalProperties, depth + 1);
  return out;
}

// Composition the rules below cannot compare: more than one schema in anyOf/oneOf besides null,
// allOf of several schemas, a discriminator.
function uncompared(ctx: Context, s: Obj): string | undefined {
  if (s.discriminator !== undefined) return 'a discriminator';
  for (const key of ['anyOf', 'oneOf'] as const) {
    if (!Array.isArray(s[key])) continue;
    const others = (s[key] as unknown[]).filter((b) => {
      const r = resolve(ctx.doc, b);
      return !(r.type === 'null' || (Array.isArray(r.enum) && r.enum.length === 1 && r.enum[0] === null));
    });
    if (others.length > 1) return `${key} of ${others.length} schemas`;
  }
  if (Array.isArray(s.allOf) && s.allOf.length > 1) return `allOf of ${s.allOf.length} schemas`;
  return undefined;
}

const PROSE = new Set(['description', 'summary', 'title', 'example', 'examples', 'externalDocs', '$comment']);

// The schema as canonical JSON: keys sorted, prose dropped, local references expanded once each
// (a reference met again inside itself is written as {"$cycle": ref}).
function opaque(ctx: Context, s: Obj, reason: string): NormSchema {
  let budget = MAX_SCHEMA_NODES;
  const walk = (node: unknown, open: Set<string>): unknown => {
    if (--budget < 0) throw new SpecTooComplexError('a schema the differ does not compare is too large to fingerprint');
    if (Array.isArray(node)) return node.map((n) => walk(n, open));
    if (node === null || typeof node !== 'object') return node;
    const ref = (node as Obj).$ref;
    if (typeof ref === 'string') {
      if (open.has(ref)) return { $cycle: ref };
      return walk(resolve(ctx.doc, node), new Set([...open, ref]));
    }
    const out: Obj = {};
    for (const key of Object.keys(node).sort()) if (!PROSE.has(key)) out[key] = walk((node as Obj)[key], open);
    return out;
  };
  return { types: 'any', opaque: { reason, source: JSON.stringify(walk(s, new Set())) } };
}

function inferTypes(values: unknown[]): string[] {
  return [
    ...new Set(values.map((v) => (typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v))),
  ];
}

// allOf (and a union of unrelated branches) is approximated by merging: enough for the shapes this spec uses.
function mergeAll(parts: NormSchema[]): NormSchema {
  const out: NormSchema = { types: 'any' };
  for (const p of parts) {
    if (p.types !== 'any') out.types = out.types === 'any' ? p.types : sorted([...new Set([...out.types, ...p.types])]);
    for (const [k, v] of Object.entries(p)) {
      if (k === 'types' || v === undefined) continue;
      if (k === 'properties')
        out.properties = Object.assign(record<NormSchema>(), out.properties, v as Record<string, NormSchema>);
      else if (k === 'required') out.required = sorted([...new Set([...(out.required ?? []), ...(v as string[])])]);
      else (out as unknown as Record<string, unknown>)[k] = v;
    }
  }
  return out;
}

function sorted<T>(values: T[]): T[] {
  return [...values].sort();
}
