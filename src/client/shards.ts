/**
 * Parallel listing by date: a window of creation dates is cut into whole UTC days, each day is
 * listed on its own (StartDate and EndDate of that day), several days at once, and the pages are
 * handed on in the order one date-filtered listing of the whole window would give them: the newest
 * day first (Twilio lists a date-filtered query newest first), each day's pages in their own order.
 */

import { RequestValidationError } from './errors';
import { wireDateTime } from './params';

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

/** One day's part of the window, as the wire's StartDate and EndDate (inclusive, whole seconds). */
export interface DayShard {
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
        setImmediate(admit);
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

/**
 * Lists `count` shards through `open` (each a bounded read-ahead over its own pages), up to
 * `openAtOnce` of them at once, and yields their pages in shard order. A shard waiting for its turn holds only
 * what its read-ahead has fetched, so memory is bounded by `openAtOnce` and the read-ahead, not by the
 * listing. An error is delivered when its shard's turn comes, after every
 * page before it. With a `limit`, a day is opened only once the days before it are known to hold
 * fewer conversations than that, and is told how many are still wanted: nothing unneeded is fetched.
 * Stopping early (break, limit, error) calls `cancel`, which aborts every request in flight.
 */
export async function* inShardOrder<P extends { conversations: unknown[] }>(options: {
  count: number;
  open: (index: number, wanted: number | undefined) => AsyncGenerator<P, void, undefined>;
  /** Shards open at once (without a limit). */
  openAtOnce: number;
  limit?: number | undefined;
  cancel: () => void;
}): AsyncGenerator<P, void, undefined> {
  const { count, open, openAtOnce, limit } = options;
  const running: { pages: AsyncGenerator<P, void, undefined>; first: Promise<IteratorResult<P, void>> }[] = [];
  let opened = 0;
  let delivered = 0;
  const fill = () => {
    const most = limit === undefined ? openAtOnce : 1;
    while (opened < count && running.length < most) {
      const pages = open(opened++, limit === undefined ? undefined : limit - delivered);
      const first = pages.next();
      first.catch(() => undefined); // handled when this shard's turn comes
      running.push({ pages, first });
    }
  };
  try {
    fill();
    while (running.length > 0) {
      const head = running[0]!;
      for (let step = await head.first; !step.done; step = await head.pages.next()) {
        delivered += step.value.conversations.length;
        yield step.value;
        fill();
      }
      running.shift();
      if (limit !== undefined && delivered >= limit) return;
      fill();
    }
  } finally {
    options.cancel();
    for (const shard of running) void shard.pages.return().catch(() => undefined);
  }
}
