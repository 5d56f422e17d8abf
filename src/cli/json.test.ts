import fc from 'fast-check';
import { makeConversation } from '../../test-support/fixtures';
import { stringify, stringifyDeep } from './json';
import { createFormatter } from './output';

function deeplyNested(levels: number): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let node = root;
  for (let i = 0; i < levels; i++) node = node.a = {};
  node.leaf = [1, 'two', null];
  return root;
}

describe('stringify', () => {
  it('writes exactly what JSON.stringify writes, compact and indented', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(0, 2), (value, indent) => {
        expect(stringifyDeep(value, indent)).toBe(JSON.stringify(value, null, indent));
      }),
      { numRuns: 500 },
    );
  });

  it('writes a value 100,000 levels deep, where JSON.stringify overflows the stack', () => {
    const deep = deeplyNested(100_000);
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    const text = stringify(deep);
    expect(text.startsWith('{"a":{"a":')).toBe(true);
    expect(text.endsWith('"leaf":[1,"two",null]' + '}'.repeat(100_001))).toBe(true);
    expect(JSON.parse(text)).toBeTruthy();
  });

  it.each(['json', 'ndjson', 'csv'] as const)(
    'the %s writer prints a conversation the client accepted however deep its objects go',
    (format) => {
      const conversation = { ...makeConversation(1), bindings: deeplyNested(50_000) };
      const formatter = createFormatter(format, { color: false });
      const text = formatter.begin() + formatter.item(conversation, 0) + formatter.end(1);
      expect(text).toMatch(/""?a""?:/); // CSV doubles the quotes
      expect(text.length).toBeGreaterThan(50_000 * 5);
    },
  );
});
