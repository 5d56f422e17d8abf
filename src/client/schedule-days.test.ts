import fc from 'fast-check';
import { scheduleDays, type DayOrder } from './shards';

// The scheduler of a listing by day, driven by hand: every page request is a promise the test
// settles when it chooses, and the consumer takes a page only when told to. No timers: each step
// waits for the event loop to run dry of what that step set off.

interface Page {
  day: number;
  n: number;
  size: number;
}

const drain = async () => {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

/** Days of pages (each its size), and a run of the scheduler over them driven by `choices`. */
async function drive(options: {
  days: number[][];
  order: DayOrder;
  bufferBytes: number;
  readAhead: number;
  activeAtOnce: number;
  choices: number[];
  failAt?: { day: number; page: number } | undefined;
}) {
  const pending: { resolve: () => void }[] = [];
  let inFlight = 0;
  let peakInFlight = 0;
  let fetchedBytes = 0;
  let deliveredBytes = 0;
  let worstHeld = 0;
  const requested: number[] = [];
  const open = (index: number) => {
    let n = 0;
    return {
      next: () =>
        new Promise<IteratorResult<Page, void>>((resolve, reject) => {
          requested.push(index);
          inFlight++;
          peakInFlight = Math.max(peakInFlight, inFlight);
          pending.push({
            resolve: () => {
              inFlight--;
              const sizes = options.days[index]!;
              if (options.failAt?.day === index && options.failAt.page === n) return reject(new Error(`day ${index}`));
              if (n >= sizes.length) return resolve({ done: true, value: undefined });
              const page = { day: index, n, size: sizes[n]! };
              n++;
              fetchedBytes += page.size;
              resolve({ done: false, value: page });
            },
          });
        }),
      return: () => Promise.resolve({ done: true as const, value: undefined }),
    };
  };
  let cancelled = 0;
  const pages = scheduleDays<Page>({
    count: options.days.length,
    open,
    activeAtOnce: options.activeAtOnce,
    order: options.order,
    bufferBytes: options.bufferBytes,
    readAhead: options.readAhead,
    sizeOf: (p) => p.size,
    countOf: () => 1,
    cancel: () => cancelled++,
  });
  const got: Page[] = [];
  let error: unknown;
  let done = false;
  let take: (() => void) | undefined;
  const consumer = (async () => {
    try {
      for await (const { item, day } of pages) {
        expect(day).toBe(item.day);
        got.push(item);
        deliveredBytes += item.size;
        await new Promise<void>((resolve) => (take = resolve));
      }
    } catch (e) {
      error = e;
    } finally {
      done = true;
    }
  })();
  const largest = Math.max(1, ...options.days.flat());
  for (let step = 0; !done; step++) {
    await drain();
    worstHeld = Math.max(worstHeld, fetchedBytes - deliveredBytes);
    // The documented bound: bufferBytes, plus a page for each request under way and the read-ahead
    // of the day being handed on (at least one page: it fetches when the consumer waits on it).
    const bound = options.bufferBytes + (options.activeAtOnce + Math.max(options.readAhead, 1)) * largest;
    expect(fetchedBytes - deliveredBytes).toBeLessThanOrEqual(bound);
    if (done) break;
    const choice = options.choices[step % options.choices.length]!;
    const canTake = take !== undefined;
    if (pending.length === 0 && !canTake) throw new Error('stuck: nothing under way and the consumer holds nothing');
    if (canTake && (pending.length === 0 || choice % 3 === 0)) {
      const t = take!;
      take = undefined;
      t();
    } else {
      pending.splice(choice % pending.length, 1)[0]!.resolve();
    }
  }
  await consumer;
  return { got, error, peakInFlight, requested, cancelled, worstHeld };
}

const shape = fc.record({
  days: fc.array(fc.array(fc.integer({ min: 1, max: 100 }), { maxLength: 6 }), { minLength: 1, maxLength: 7 }),
  bufferBytes: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 400 }), fc.constant(1e9)),
  readAhead: fc.integer({ min: 0, max: 3 }),
  activeAtOnce: fc.integer({ min: 1, max: 5 }),
  choices: fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
});

const key = (p: Page) => `${p.day}/${p.n}`;
const everyPage = (days: number[][]) => days.flatMap((sizes, day) => sizes.map((_, n) => `${day}/${n}`));

describe('scheduleDays (property, driven by hand)', () => {
  it("listing order: every page once, in the one listing's order, the buffer within its bound, never stuck", async () => {
    await fc.assert(
      fc.asyncProperty(shape, async (s) => {
        const run = await drive({ ...s, order: 'listing' });
        expect(run.error).toBeUndefined();
        expect(run.got.map(key)).toEqual(everyPage(s.days));
        expect(run.peakInFlight).toBeLessThanOrEqual(s.activeAtOnce);
        expect(run.cancelled).toBe(1);
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it("any order: every page exactly once, each day's pages in their own order, the buffer within its bound", async () => {
    await fc.assert(
      fc.asyncProperty(shape, async (s) => {
        const run = await drive({ ...s, order: 'any' });
        expect(run.error).toBeUndefined();
        const got = run.got.map(key);
        expect([...got].sort()).toEqual(everyPage(s.days).sort());
        expect(new Set(got).size).toBe(got.length);
        for (let day = 0; day < s.days.length; day++) {
          expect(run.got.filter((p) => p.day === day).map((p) => p.n)).toEqual(s.days[day]!.map((_, n) => n));
        }
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('an error reaches the consumer in its place: after every page before it, in listing order', async () => {
    await fc.assert(
      fc.asyncProperty(
        shape.chain((s) =>
          fc.record({
            s: fc.constant(s),
            day: fc.integer({ min: 0, max: s.days.length - 1 }),
            page: fc.nat({ max: 6 }),
          }),
        ),
        async ({ s, day, page }) => {
          const failAt = { day, page: Math.min(page, s.days[day]!.length) };
          const run = await drive({ ...s, order: 'listing', failAt });
          expect(run.error).toEqual(new Error(`day ${day}`));
          const before = everyPage(s.days.slice(0, day)).concat(
            s.days[day]!.slice(0, failAt.page).map((_, n) => `${day}/${n}`),
          );
          expect(run.got.map(key)).toEqual(before);
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000);
});

describe('scheduleDays: what waiting days fetch', () => {
  it('with room in the buffer, the days after the one being read keep fetching (not only a read-ahead)', async () => {
    // Three days of four pages; the consumer takes nothing until every request has been answered.
    const run = await drive({
      days: [
        [10, 10, 10, 10],
        [10, 10, 10, 10],
        [10, 10, 10, 10],
      ],
      order: 'listing',
      bufferBytes: 1000,
      readAhead: 1,
      activeAtOnce: 3,
      choices: [1], // never 0 mod 3 while requests are pending: answer them all first
    });
    // Everything but the page the consumer holds (handed on as soon as it came) was fetched ahead.
    expect(run.worstHeld).toBe(110);
    expect(run.got).toHaveLength(12);
  });

  it('with bufferBytes 0, the days ahead send nothing; the day being read fetches only its read-ahead', async () => {
    const run = await drive({
      days: [
        [10, 10, 10],
        [10, 10, 10],
      ],
      order: 'listing',
      bufferBytes: 0,
      readAhead: 1,
      activeAtOnce: 2,
      choices: [1],
    });
    // Day 1 asks for its first page only once day 0 is done and handed on.
    expect(run.requested.slice(0, 4)).toEqual([0, 0, 0, 0]);
    expect(run.worstHeld).toBeLessThanOrEqual(20);
    expect(run.got).toHaveLength(6);
  });
});
