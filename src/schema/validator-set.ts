import { OPERATION_PATH } from './operation';
import { valueAtPointer } from './json-pointer';

/**
 * Which schemas are precompiled at generate time, by export name. The generator and the
 * run time both read this list, so they cannot disagree. Parameter schemas are taken from
 * the operation itself (wherever they are written), so a new parameter is picked up too.
 */
export const OPERATION_POINTER = '#/paths/~1v1~1Services~1{ChatServiceSid}~1Conversations/get';

export const SCHEMA_EXPORTS = {
  listResponse: '#/components/schemas/ListServiceConversationsResponse',
  conversation: '#/components/schemas/Conversation',
  errorBody: '#/components/schemas/TwilioError',
} as const;

/**
 * The precompiled variants, every one with full format checks: open or closed objects, plus
 * `params`: the parameter schemas alone, which the client needs on every call even with response
 * validation off. ajv-formats' `fast` approximations are compiled at run time when asked for.
 */
export const VARIANTS = ['params', 'full-open', 'full-closed'] as const;
export type Variant = (typeof VARIANTS)[number];

/** The export name of a parameter's precompiled schema. */
export const paramExport = (wireName: string) => `param_${wireName.replace(/[^A-Za-z0-9_]/g, '_')}`;

/** Export name -> JSON pointer of every precompiled schema, for a given OpenAPI document. */
export function precompiledPointers(doc: { paths: Record<string, any> }): Record<string, string> {
  const params: { $ref?: string; name?: string }[] = doc.paths[OPERATION_PATH]?.get?.parameters ?? [];
  const out: Record<string, string> = { ...SCHEMA_EXPORTS };
  params.forEach((p, i) => {
    const target = p.$ref ? lookup(doc, p.$ref) : { name: p.name ?? String(i) };
    out[paramExport(target.name)] = p.$ref ? `${p.$ref}/schema` : `${OPERATION_POINTER}/parameters/${i}/schema`;
  });
  return out;
}

function lookup(doc: unknown, ref: string): { name: string } {
  return valueAtPointer(doc, ref) as { name: string };
}
