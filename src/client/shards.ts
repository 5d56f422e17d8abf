/**
 * Parallel listing by date: a window of creation dates is cut into whole UTC days, each day is
 * listed on its own (StartDate and EndDate of that day), several days at once, and the pages are
 * handed on in the order one date-filtered listing of the whole window would give them: the newest
 * day first (Twilio lists a date-filtered query newest first), each day's pages in their own order.
 */

import { RequestValidationError } from './errors';
import { wireDateTime } from './params';
import { nextTurn } from './runtime';

/** The most days listed at once. */
export const MAX_CONCURRENCY = 16;

/**
 * Checks `concurrency` and what it needs: a whole number from 1 to 16 and, above 1, a start date
 * and nothing that belongs to a single listing (a resume link, Page, PageToken). Throws a
 * RequestValidationError naming the parameter, before anything is sent.
 */
export function checkConcurrency(
  concurrency: unknown,
  params: { startDate?: unknown; page?: unknown; pageToken?: unknown; resumeFrom?: unknown },
): void {
  if (concurrency === undefined) return;
  if (!(Number.isInteger(concurrency) && (concurrency as number) >= 1 && (concurrency as number) <= MAX_CONCURRENCY))
    throw new RequestValidationError('concurrency', concurrency, `must be a whole number from 1 to ${MAX_CONCURRENCY}`);
  if (concurrency === 1) return;
  for (const [name, value] of [
    ['resumeFrom', params.resumeFrom],
    ['Page', params.page],
    ['PageToken', params.pageToken],
  ] as const) {
    if (value !== undefined)
      throw new RequestValidationError(
        name,
        value,
        'cannot be combined with concurrency, which lists each day on its own',
      );
  }
  if (params.startDate === undefined) {
    const why =
      'is required with a concurrency above 1: the window from it to endDate (default now) is split into UTC days';
    throw new RequestValidationError('StartDate', undefined, why);
  }
}

/**
 * Checks the two settings of a listing by day that a single listing ignores: `order` (`listing`
 * or `any`) and `bufferBytes` (a whole number of bytes, 0 or more). Throws a RequestValidationError.
 */
export function checkDayOptions(options: { order?: unknown; bufferBytes?: unknown }): void {
  const { order, bufferBytes } = options;
  if (order !== undefined && !DAY_ORDERS.includes(order as DayOrder))
    throw new RequestValidationError('order', order, `must be one of ${DAY_ORDERS.map((o) => `'${o}'`).join(', ')}`);
  if (bufferBytes !== undefined && !(Number.isSafeInteger(bufferBytes) && (bufferBytes as number) >= 0))
    throw new RequestValidationError('bufferBytes', bufferBytes, 'must be a whole number of bytes, 0 or more');
}

/** One day's part of the window, as the wire's StartDate and EndDate (inclusive, whole seconds). */
export interface DayShard {
  /** The UTC day, `YYYY-MM-DD`. */
  day: string;
  startDate: string;
  endDate: string;
}

const DAY_MS = 86_400_000;

/**
 * The UTC days of [start, end] (wire date-times), newest first. Each day is cut to the window, so
 * the first and last may be part days; together they cover every second of it exactly once.
 */
export function dayShards(start: string, end: string): DayShard[] {
  const from = Date.parse(start);
  const to = Date.parse(end);
  const shards: DayShard[] = [];
  for (let day = Math.floor(to / DAY_MS) * DAY_MS; day + DAY_MS > from; day -= DAY_MS) {
    shards.push({
      day: new Date(day).toISOString().slice(0, 10),
      startDate: wireDateTime(Math.max(from, day)),
      endDate: wireDateTime(Math.min(to, day + DAY_MS - 1000)),
    });
  }
  return shards;
}

/**
 * How many of a listing's page requests are under way at once (retry waits included): `max` to
 * begin with, halved when the server answers 429 (once between two pages, as requests sent
 * together meet the same limit together), and raised by one after four times that many calm pages.
 * A free place goes to the waiting request with the lowest priority number: the day the consumer
 * will read first, so the days ahead never hold up the one being read.
 */
// (Over 60 lines as one closure: the queue, the count and the width are shared by its four methods.)
export function createWidth(max: number) {
  let width = max;
  let busy = 0;
  let calm = 0;
  let cutSincePage = false;
  const waiting: { priority: number; go: () => void }[] = [];
  const admit = () => {
    while (busy < width && waiting.length > 0) {
      let first = 0;
      for (let i = 1; i < waiting.length; i++) if (waiting[i]!.priority < waiting[first]!.priority) first = i;
      busy++;
      waiting.splice(first, 1)[0]!.go();
    }
  };
  const place = (priority: number, signal: AbortSignal | undefined) =>
    new Promise<void>((resolve, reject) => {
      signal?.throwIfAborted();
      const entry = { priority, go: () => (signal?.removeEventListener('abort', leave), resolve()) };
      const leave = () => {
        waiting.splice(waiting.indexOf(entry), 1);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', leave, { once: true });
      waiting.push(entry);
      admit();
    });
  return {
    get: () => width,
    /** Runs `task` once a place is free. */
    async run<T>(priority: number, signal: AbortSignal | undefined, task: () => Promise<T>): Promise<T> {
      await place(priority, signal);
      try {
        return await task();
      } finally {
        busy--;
        // Admitted on the next turn, not now: the day whose attempt just ended asks for its next
        // page within this turn (no I/O between), and should compete for the place it left.
        nextTurn(admit);
      }
    },
    throttled(): void {
      if (cutSincePage) return;
      width = Math.max(1, Math.ceil(width / 2));
      calm = 0;
      cutSincePage = true;
    },
    answered(): void {
      cutSincePage = false;
      if (width < max && ++calm >= 4 * width) {
        width++;
        calm = 0;
        admit();
      }
    },
  };
}

/** The bytes of pages a listing by day holds ahead of its consumer, by default (see `bufferBytes`). */
export const DEFAULT_BUFFER_BYTES = 16 * 1024 * 1024;

/** The orders a listing by day can hand its pages on in. */
export const DAY_ORDERS = ['listing', 'any'] as const;
export type DayOrder = (typeof DAY_ORDERS)[number];

export interface DaySchedule<T> {
  /** Days in the window, 0 the first handed on in `listing` order. */
  count: number;
  /** A day's pages (with a limit, the scheduler stops pulling once it holds what is still wanted). */
  open: (index: number) => AsyncIterator<T, void, undefined>;
  /** Days fetching at once (without a limit; with one, a day at a time). */
  activeAtOnce: number;
  order: DayOrder;
  /** Bytes of pages held for the consumer, all days together, before a day stops fetching ahead. */
  bufferBytes: number;
  /** Pages the day being handed on fetches ahead whatever the buffer holds (`listing` order). */
  readAhead: number;
  sizeOf: (item: T) => number;
  /** Conversations in an item, counted against `limit`. */
  countOf: (item: T) => number;
  limit?: number | undefined;
  /** Aborts every request in flight; called once the consumer stops or the listing ends. */
  cancel: () => void;
}

type Slot<T> = { item: T; size: number } | { error: unknown } | { end: true };
interface OpenDay<T> {
  index: number;
  pages: AsyncIterator<T, void, undefined>;
  queue: Slot<T>[];
  wake: (() => void) | undefined;
}

/**
 * Lists the days of a window through `open`, several at once, and hands their pages on in the one
 * listing's order (`listing`: day 0 first, each day's pages in turn) or as they arrive (`any`), each
 * with the day it belongs to. Every open day keeps fetching while the pages held for the consumer,
 * all days together, come to less than `bufferBytes`; past that only the day being handed on fetches,
 * up to its read-ahead (in `any` order: a day, when nothing at all is held). So at most `bufferBytes`
 * are held, plus one page for each request under way and the read-ahead of the day being handed on.
 * An error reaches the consumer in its place: in `listing` order after every page of the days
 * before; in `any` after the pages that arrived before it. With a `limit`, a day is opened only once
 * the days before it have been fetched and hold fewer conversations, and is pulled only until it
 * holds the rest: nothing unneeded is fetched. Stopping early (break, limit, error) calls `cancel`.
 */
// (Over 60 lines as one closure: the producers and the consumer share the days, the byte count and the wake-ups.)
export async function* scheduleDays<T>(options: DaySchedule<T>): AsyncGenerator<{ item: T; day: number }, void> {
  const { count, limit, order } = options;
  const days: OpenDay<T>[] = []; // opened and not yet handed on to the end, in index order
  const arrivals: OpenDay<T>[] = []; // `any` order: whose slot came next
  let opened = 0;
  let fetching = 0;
  let fetched = 0; // conversations fetched (with a limit)
  let held = 0; // bytes of pages waiting for the consumer
  let heldPages = 0;
  let stopped = false;
  let consumerWaiting = false;
  let wakeConsumer: (() => void) | undefined;
  const wakeAll = () => {
    for (const day of days) day.wake?.();
  };
  const mayFetch = (day: OpenDay<T>): boolean => {
    if (held < options.bufferBytes) return true;
    if (order === 'any') return heldPages === 0 && consumerWaiting;
    if (day !== days[0]) return false;
    return day.queue.length < options.readAhead || (day.queue.length === 0 && consumerWaiting);
  };
  const push = (day: OpenDay<T>, slot: Slot<T>) => {
    day.queue.push(slot);
    if ('item' in slot) {
      held += slot.size;
      heldPages++;
    }
    if (order === 'any') arrivals.push(day);
    wakeConsumer?.();
  };
  const produce = async (day: OpenDay<T>, wanted: number | undefined) => {
    let got = 0;
    try {
      for (;;) {
        while (!stopped && !mayFetch(day)) await new Promise<void>((resolve) => (day.wake = resolve));
        day.wake = undefined;
        if (stopped) return;
        const step = await day.pages.next();
        if (stopped) return;
        if (step.done) return push(day, { end: true });
        push(day, { item: step.value, size: options.sizeOf(step.value) });
        const n = options.countOf(step.value);
        got += n;
        fetched += n;
        if (wanted !== undefined && got >= wanted) return push(day, { end: true });
      }
    } catch (error) {
      if (!stopped) push(day, { error });
    } finally {
      fetching--;
      fill();
    }
  };
  function fill(): void {
    if (stopped) return;
    const most = limit === undefined ? options.activeAtOnce : 1;
    while (opened < count && fetching < most) {
      const wanted = limit === undefined ? undefined : limit - fetched;
      if (wanted !== undefined && wanted <= 0) return;
      const day: OpenDay<T> = { index: opened, pages: options.open(opened), queue: [], wake: undefined };
      opened++;
      fetching++;
      days.push(day);
      void produce(day, wanted);
    }
    wakeConsumer?.();
  }
  // The next slot for the consumer, and its day; undefined while none has arrived.
  const next = (): [OpenDay<T>, Slot<T>] | undefined => {
    const day = order === 'any' ? arrivals[0] : days[0];
    if (!day || day.queue.length === 0) return undefined;
    if (order === 'any') arrivals.shift();
    return [day, day.queue.shift()!];
  };

  try {
    fill();
    let delivered = 0;
    while (days.length > 0 || opened < count) {
      const taken = next();
      if (!taken) {
        if (days.length === 0) return; // a limit was met by what was fetched: nothing left to open
        consumerWaiting = true;
        wakeAll();
        await new Promise<void>((resolve) => (wakeConsumer = resolve));
        wakeConsumer = undefined;
        consumerWaiting = false;
        continue;
      }
      const [day, slot] = taken;
      if ('error' in slot) throw slot.error;
      if ('end' in slot) {
        days.splice(days.indexOf(day), 1);
        wakeAll();
        continue;
      }
      held -= slot.size;
      heldPages--;
      wakeAll();
      delivered += options.countOf(slot.item);
      yield { item: slot.item, day: day.index };
      if (limit !== undefined && delivered >= limit) return;
    }
  } finally {
    stopped = true;
    wakeAll();
    options.cancel();
    for (const day of days) void day.pages.return?.().catch(() => undefined);
  }
}
