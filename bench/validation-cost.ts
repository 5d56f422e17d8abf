// Cost of checking one 1000-item page against the spec, next to the cost of JSON.parse of the same
// page, in one process (ratios, not absolute times, are the result): the client's check (every rule,
// `uri` and `date-time` by the quick checks), the same rules checked by ajv-formats
// and plain regular expressions (the reference), and ajv-formats' `fast` approximations; then what
// each kind of rule costs of the client's check, by compiling the spec again without it.
// Run: make bench-validation
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats';
import { makeConversation, makePage } from '../test-support/fixtures';
import { OPENAPI_KEYWORDS, PRECOMPILED_OPTIONS, SPEC_ID } from '../src/schema/schema-options';
import { withQuickChecks } from '../src/schema/quick-checks';
import { spec } from '../src/schema/spec';
import { createSpecValidators } from '../src/schema/validate';
import { createSpecValidators as createCompiledValidators } from '../src/ajv';

const ITEMS = 1000;
const ROUNDS = Number(process.env.ROUNDS ?? 300);
const text = JSON.stringify(
  makePage({
    items: Array.from({ length: ITEMS }, (_, i) => makeConversation(i)),
    page: 0,
    pageSize: ITEMS,
    origin: 'https://conversations.twilio.com',
  }),
);
const body = JSON.parse(text);

function median(label: string, run: () => unknown): number {
  for (let i = 0; i < Math.min(30, ROUNDS); i++) run(); // warm-up: compile and JIT
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    run();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  const m = samples[Math.floor(samples.length / 2)]!;
  console.log(`${label.padEnd(34)} ${m.toFixed(3)} ms`);
  return m;
}

const client = createSpecValidators();
const fast = createCompiledValidators({ formats: 'fast' });
const reference = compiled({ quick: false });
if (client.listResponse(body).length || fast.listResponse(body).length || !reference(body))
  throw new Error('the benchmark page must be valid');

console.log(`one page of ${ITEMS} conversations, ${(text.length / 1024).toFixed(0)} KiB, median of ${ROUNDS} rounds`);
const parse = median('JSON.parse', () => JSON.parse(text));
const c = median('validate, client (all rules, quick)', () => client.listResponse(body));
const r = median('validate, reference (all rules)', () => reference(body));
const q = median("validate, ajv-formats 'fast'", () => fast.listResponse(body));
const ratio = (ms: number) => (ms / parse).toFixed(2);
console.log(`ratio to JSON.parse: client ${ratio(c)}x, reference ${ratio(r)}x, fast ${ratio(q)}x`);
console.log(
  `parse + validate vs parse alone: client ${((parse + c) / parse).toFixed(2)}x, reference ${((parse + r) / parse).toFixed(2)}x`,
);

// The list check compiled at run time from the spec, without the rules `drop` names ((keyword,
// value) pairs that go): with the quick checks as the generated validators use them, or (quick:
// false) with ajv-formats' full checks alone.
function compiled(options: {
  quick: boolean;
  drop?: (keyword: string, value: unknown) => boolean;
}): (value: unknown) => boolean {
  const drop = options.drop ?? (() => false);
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (node === null || typeof node !== 'object') return node;
    return Object.fromEntries(
      Object.entries(node)
        .filter(([k, v]) => !drop(k, v))
        .map(([k, v]) => [k, strip(v)]),
    );
  };
  const ajv = new Ajv2020({ ...PRECOMPILED_OPTIONS });
  addFormats(ajv, { mode: 'full' });
  if (options.quick) {
    const checked = withQuickChecks(fullFormats);
    ajv.addFormat('uri', checked.uri);
    ajv.addFormat('date-time', checked['date-time']);
  }
  ajv.addVocabulary(OPENAPI_KEYWORDS);
  ajv.addSchema({ $id: SPEC_ID, components: strip(spec.components) });
  const check = ajv.getSchema(`${SPEC_ID}#/components/schemas/ListServiceConversationsResponse`)!;
  if (!check(body)) throw new Error('the benchmark page must be valid');
  return check;
}
const rules: [string, (keyword: string, value: unknown) => boolean][] = [
  ['format: uri (url, links)', (k, v) => k === 'format' && v === 'uri'],
  ['format: date-time', (k, v) => k === 'format' && v === 'date-time'],
  ['pattern (SIDs)', (k) => k === 'pattern'],
];
console.log(`\nof the client's check, by kind of rule (the same check compiled again without it):`);
const all = compiled({ quick: true });
const runtime = median('  all rules', () => all(body));
for (const [label, drop] of rules) {
  const checker = compiled({ quick: true, drop });
  const rest = median(`  without ${label}`, () => checker(body));
  console.log(
    `  -> ${label}: ${(runtime - rest).toFixed(3)} ms, ${(((runtime - rest) / parse) * 100).toFixed(0)}% of JSON.parse`,
  );
}
const bare = compiled({ quick: true, drop: (k) => k === 'format' || k === 'pattern' });
const structure = median('  types, required, enums, lengths only', () => bare(body));
console.log(`  -> the rest: ${structure.toFixed(3)} ms, ${((structure / parse) * 100).toFixed(0)}% of JSON.parse`);
