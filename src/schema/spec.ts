import document from '../../generated/openapi.json';
import { valueAtPointer } from './json-pointer';

/** The OpenAPI document, as generated/openapi.json mirrors openapi/conversations.yaml. */
export const spec = document;

import { OPERATION_PATH } from './operation';

export { fromServicesOn, LIST_PATH_PATTERN, listPath, OPERATION_PATH } from './operation';

/** The spec's first server URL, the client's default base URL. */
export const DEFAULT_BASE_URL: string = spec.servers[0]!.url;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Reads a local JSON pointer (`#/a/b`) inside the spec. */
export function resolvePointer(pointer: string, root: unknown = spec): Json {
  if (!pointer.startsWith('#')) throw new Error(`only local references are supported, got ${pointer}`);
  const node = valueAtPointer(root, pointer);
  if (node === undefined) throw new Error(`reference ${pointer} does not exist in the spec`);
  return node as Json;
}

/** Follows `$ref` (repeatedly) until it reaches an object that is not a reference. */
export function deref<T = Record<string, Json>>(node: unknown): T {
  let current = node as Record<string, Json>;
  const seen = new Set<string>();
  while (current && typeof current === 'object' && typeof current.$ref === 'string') {
    const ref = current.$ref;
    if (seen.has(ref)) throw new Error(`circular reference ${ref}`);
    seen.add(ref);
    current = resolvePointer(ref) as Record<string, Json>;
  }
  return current as T;
}

/** The `get` operation object of the list endpoint. */
export function listOperation(): Record<string, Json> {
  return deref(spec.paths[OPERATION_PATH].get);
}

/** The spec's parameter objects for the list operation, references resolved, keyed by wire name. */
export function listParameters(): Map<string, { name: string; in: string; required?: boolean; schema: Json }> {
  const params = listOperation().parameters as Json[];
  const out = new Map<string, { name: string; in: string; required?: boolean; schema: Json }>();
  for (const p of params) {
    const param = deref<{ name: string; in: string; required?: boolean; schema: Json }>(p);
    out.set(param.name, param);
  }
  return out;
}

/** The example ChatServiceSid the spec gives; the one a mock of the spec answers for. */
export function exampleServiceSid(): string {
  const example = (listParameters().get('ChatServiceSid') as { example?: unknown } | undefined)?.example;
  if (typeof example !== 'string') throw new Error('the spec gives no string example for the ChatServiceSid parameter');
  return example;
}
