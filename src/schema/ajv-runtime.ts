import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { closeObjects, OPENAPI_KEYWORDS, SPEC_ID } from './schema-options';
import type { Compiled, RuntimeCompiler, RuntimeCompilerOptions } from './validate';

/**
 * Compiles schemas at run time with ajv, for the `/ajv` entry point: schemas that are not
 * precompiled, other documents, `fast` formats. ajv is a development dependency of this package.
 */
export const createRuntimeCompiler: RuntimeCompiler = (options: RuntimeCompilerOptions) => {
  const ajv = new Ajv2020({
    strict: true,
    allErrors: true,
    allowUnionTypes: true,
    validateSchema: options.checkSchemas,
  });
  addFormats(ajv, { mode: options.formats });
  ajv.addVocabulary(OPENAPI_KEYWORDS);
  ajv.addSchema({
    $id: SPEC_ID,
    components: options.closed ? closeObjects(options.document.components) : options.document.components,
    paths: options.document.paths,
  });
  return {
    /** The compiled validator for a local pointer into the document. */
    at(pointer: string): Compiled {
      const fn = ajv.getSchema(SPEC_ID + pointer);
      if (!fn) throw new Error(`no schema at ${pointer} in the spec`);
      return fn as Compiled;
    },
    /** Compiles a schema object taken from the document; its local references point into the document. */
    compile(schema: unknown): Compiled {
      return ajv.compile(absolutize(schema) as object) as Compiled;
    },
  };
};

function absolutize(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(absolutize);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] =
      key === '$ref' && typeof value === 'string' && value.startsWith('#') ? SPEC_ID + value : absolutize(value);
  }
  return out;
}
