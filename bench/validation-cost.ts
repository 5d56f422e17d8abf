// Cost of checking one 1000-item page against the spec, next to the cost of JSON.parse of
// the same page, in one process (ratios, not absolute times, are the result).
// Run: make bench-validation
import { makeConversation, makePage } from '../test-support/fixtures';
import { createSpecValidators } from '../src/spec/validate';

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
  for (let i = 0; i < 30; i++) run(); // warm-up: compile and JIT
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

const full = createSpecValidators({ formats: 'full' });
const fast = createSpecValidators({ formats: 'fast' });
if (full.listResponse(body).length || fast.listResponse(body).length)
  throw new Error('the benchmark page must be valid');

console.log(`one page of ${ITEMS} conversations, ${(text.length / 1024).toFixed(0)} KiB, median of ${ROUNDS} rounds`);
const parse = median('JSON.parse', () => JSON.parse(text));
const f = median("validate (formats: 'full')", () => full.listResponse(body));
const q = median("validate (formats: 'fast', client)", () => fast.listResponse(body));
console.log(`ratio to JSON.parse: full ${(f / parse).toFixed(2)}x, fast ${(q / parse).toFixed(2)}x`);
console.log(
  `parse + validate vs parse alone: full ${((parse + f) / parse).toFixed(2)}x, fast ${((parse + q) / parse).toFixed(2)}x`,
);
