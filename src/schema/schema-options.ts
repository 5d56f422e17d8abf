/** The `$id` under which the spec's components are registered with ajv (build time and tests). */
export const SPEC_ID = 'https://twilio-conversations-contract.local/openapi.json';

// OpenAPI keywords that may sit next to schemas; declaring them keeps ajv's strict
// mode on for everything else (a typo such as `minLenght` still fails to compile).
export const OPENAPI_KEYWORDS = ['components', 'paths', 'example', 'discriminator', 'xml', 'externalDocs'];

/**
 * ajv's options for the validators precompiled at generate time (scripts/generate-validators.ts),
 * kept here so that a benchmark can compile the same checks. SIDs are ASCII and checked by
 * pattern, so lengths are counted as plain `.length` (no run-time helper from ajv).
 */
export const PRECOMPILED_OPTIONS = {
  strict: true,
  allErrors: true,
  allowUnionTypes: true,
  unicode: false,
  logger: false,
} as const;

/**
 * Marks every object schema that lists `properties` (and says nothing about others) as
 * closed, so that properties the spec does not name show up as `additionalProperties`
 * violations. The contract allows them; this is only for reporting drift.
 */
export function closeObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = closeObjects(value);
  if ('properties' in out && !('additionalProperties' in out)) out.additionalProperties = false;
  return out;
}
