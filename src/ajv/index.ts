/**
 * `createSpecValidators` with run-time compilation through ajv: any schema of the spec (not only
 * the precompiled ones), another OpenAPI document, ajv-formats' `fast` formats, and a meta-schema
 * check of the schemas. Needs `ajv` and `ajv-formats` installed, and a runtime that allows code
 * generation (Node, Bun, Deno; not Cloudflare Workers, which forbid `new Function`). The client and
 * the main entry point never load this module.
 */
import { createRuntimeCompiler } from '../schema/ajv-runtime';
import { createSpecValidators as createPrecompiled, type ValidatorOptions } from '../schema/validate';

export type { Check, SpecValidators, ValidatorOptions, Violation } from '../schema/validate';
export { formatViolations } from '../schema/validate';

/**
 * Validators for the spec's schemas, or another document's: precompiled where the package has them,
 * compiled with ajv on first use otherwise. Takes the same options as the main entry point's.
 * @example const { forSchema } = createSpecValidators({ checkSchemas: true });
 */
export function createSpecValidators(options: ValidatorOptions = {}) {
  return createPrecompiled(options, createRuntimeCompiler);
}
