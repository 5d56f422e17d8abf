import { createRandom } from './random';

/** What the simulator can do to a request instead of answering it normally. */
export const FAULT_KINDS = ['429', '500', '503', 'reset', 'truncate', 'slow'] as const;
/** A fault: a status (`429`, `500`, `503`), a `reset` connection, a `truncate`d body, or a `slow` answer. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Rates per kind, each from 0 to 1, e.g. `{ '429': 0.1, reset: 0.02 }`. */
export type FaultRates = Partial<Record<FaultKind, number>>;

/** A fixed latency in ms, or a range `[min, max]`. */
export type Latency = number | [number, number];

/**
 * Reads `--faults`: `429=0.1,500=0.05,reset=0.02` (kinds: 429 with Retry-After, 500, 503, reset
 * the connection, truncate the body, slow answer). The rates add up to at most 1.
 */
export function parseFaults(text: string): FaultRates {
  const rates: FaultRates = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [kind, rate] = part.split('=');
    if (!(FAULT_KINDS as readonly string[]).includes(kind ?? ''))
      throw new Error(`unknown fault "${kind}"; known: ${FAULT_KINDS.join(', ')}`);
    const n = Number(rate);
    if (!(rate !== undefined && /^(0|1|0?\.\d+)$/.test(rate) && n >= 0 && n <= 1))
      throw new Error(`fault ${kind} needs a rate from 0 to 1, as in ${kind}=0.1`);
    rates[kind as FaultKind] = n;
  }
  const total = Object.values(rates).reduce((a, b) => a + b, 0);
  if (total > 1) throw new Error(`fault rates add up to ${total}, more than 1`);
  return rates;
}

/** Reads `--latency`: `20` (ms) or `10-50` (a range). */
export function parseLatency(text: string): Latency {
  const range = /^(\d+)-(\d+)$/.exec(text.trim());
  if (range) {
    const [min, max] = [Number(range[1]), Number(range[2])];
    if (min > max) throw new Error(`latency range ${text} runs backwards`);
    return [min, max];
  }
  if (!/^\d+$/.test(text.trim()))
    throw new Error(`latency must be milliseconds (20) or a range (10-50), not ${JSON.stringify(text)}`);
  return Number(text);
}

/**
 * The fault and latency of the n-th request, drawn from the seed and n alone: the same seed gives
 * the same sequence whatever the timing, so a failing run replays exactly.
 */
export function planFor(
  seed: number,
  index: number,
  rates: FaultRates,
  latency: Latency | undefined,
): { fault: FaultKind | undefined; delayMs: number } {
  const random = createRandom((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const roll = random.next();
  let fault: FaultKind | undefined;
  let edge = 0;
  for (const kind of FAULT_KINDS) {
    edge += rates[kind] ?? 0;
    if (roll < edge) {
      fault = kind;
      break;
    }
  }
  const delayMs =
    latency === undefined ? 0 : typeof latency === 'number' ? latency : random.int(latency[0], latency[1]);
  return { fault, delayMs };
}
