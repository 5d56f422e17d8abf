import { deref, listOperation, spec } from '../src/schema/spec';
import { createSpecValidators, formatViolations } from '../src/ajv';

// Suite 1: every named example in the spec validates against the schema it illustrates.
const validators = createSpecValidators({ checkSchemas: true });

interface ExampleCase {
  where: string;
  name: string;
  schema: unknown;
  value: unknown;
}

/** Walks the document and collects every (schema, example) pair: parameters, headers and media types. */
function collectExamples(node: unknown, where: string, out: ExampleCase[]): ExampleCase[] {
  if (node === null || typeof node !== 'object') return out;
  const obj = node as Record<string, unknown>;
  if (obj.schema && typeof obj.schema === 'object') {
    if ('example' in obj) out.push({ where, name: 'example', schema: obj.schema, value: obj.example });
    for (const [name, ex] of Object.entries((obj.examples as Record<string, unknown>) ?? {})) {
      out.push({ where, name, schema: obj.schema, value: deref<{ value: unknown }>(ex).value });
    }
  }
  for (const [key, child] of Object.entries(obj)) {
    if (key !== 'examples' && key !== 'example')
      collectExamples(child, `${where}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, out);
  }
  return out;
}

const cases = collectExamples(spec, '#', []);

describe('spec examples', () => {
  it('finds the examples to check (a walk that found none would prove nothing)', () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });

  it.each(cases.map((c) => [`${c.where} :: ${c.name}`, c] as const))('%s validates against its schema', (_label, c) => {
    const violations = validators.forSchema(c.schema)(c.value);
    if (violations.length)
      throw new Error(`example ${c.name} at ${c.where} breaks its schema:\n${formatViolations(violations)}`);
  });
});

describe('example coverage', () => {
  const responses = listOperation().responses as Record<string, unknown>;

  it.each(Object.keys(responses))('response %s has at least one named JSON example', (status) => {
    const response = deref<{ content?: Record<string, { examples?: Record<string, unknown> }> }>(responses[status]);
    const examples = response.content?.['application/json']?.examples ?? {};
    expect(Object.keys(examples).length).toBeGreaterThan(0);
  });

  it('the 200 response shows a last page, an empty page and a first page with a next link', () => {
    const ok = deref<{ content: Record<string, { examples: Record<string, { value: any }> }> }>(responses['200']);
    const values = Object.values(ok.content['application/json']!.examples).map((e) => e.value);
    expect(values.some((v) => v.conversations.length > 0 && v.meta.next_page_url === null)).toBe(true);
    expect(values.some((v) => v.conversations.length === 0)).toBe(true);
    expect(values.some((v) => v.conversations.length > 0 && typeof v.meta.next_page_url === 'string')).toBe(true);
  });

  it('declares 400, 401, 403, 404, 429 and a default response', () => {
    expect(Object.keys(responses).sort()).toEqual(['200', '400', '401', '403', '404', '429', 'default']);
  });
});
