import fc from 'fast-check';
import { makeConversation, FIXTURE_SERVICE_SID } from '../../test-support/fixtures';
import { drain } from '../../test-support/turns';
import { startSimulator, type Simulator } from '../simulator';
import { createConversationsClient } from './client';
import { RequestValidationError, ResponseValidationError } from './errors';
import type { Conversation, ConversationPage, PageParams } from './types';
import { createWidth, dayShards } from './shards';

// Listing by day (concurrency above 1) against the stateful simulator, compared with the one
// date-filtered listing it stands in for.
const DAY = 86_400_000;
const FIRST_DAY = Date.UTC(2026, 2, 1);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** `perDay` conversations on each of `days` days from 2026-03-01, with ties and both ends of each day. */
function data(days: number, perDay: number): Conversation[] {
  const out: Conversation[] = [];
  for (let d = 0; d < days; d++) {
    for (let k = 0; k < perDay; k++) {
      const i = d * perDay + k;
      // First and last second of the day, a second shared by three conversations, then spread out.
      const second = [0, 86_399, 43_200, 43_200, 43_200][k] ?? (k * 7919) % 86_400;
      out.push({ ...makeConversation(i), date_created: iso(FIRST_DAY + d * DAY + second * 1000) });
    }
  }
  return out;
}

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ data: data(10, 23) });
});
afterAll(() => sim.close());

const clientFor = (s: Simulator, extra: Record<string, unknown> = {}) =>
  createConversationsClient({
    accountSid: s.accountSid,
    authToken: s.authToken,
    baseUrl: s.url,
    env: {},
    validation: 'strict',
    baseDelayMs: 1,
    ...extra,
  });

async function sids(s: Simulator, params: Omit<PageParams, 'chatServiceSid'>, extra?: Record<string, unknown>) {
  const out: string[] = [];
  for await (const c of clientFor(s, extra).iterateConversations({ chatServiceSid: FIXTURE_SERVICE_SID, ...params }))
    out.push(c.sid!);
  return out;
}

describe('dayShards', () => {
  it('cuts a window into UTC days, newest first, part days at both ends, every second once', () => {
    expect(dayShards('2026-03-01T12:00:00Z', '2026-03-03T06:30:00Z')).toEqual([
      { day: '2026-03-03', startDate: '2026-03-03T00:00:00Z', endDate: '2026-03-03T06:30:00Z' },
      { day: '2026-03-02', startDate: '2026-03-02T00:00:00Z', endDate: '2026-03-02T23:59:59Z' },
      { day: '2026-03-01', startDate: '2026-03-01T12:00:00Z', endDate: '2026-03-01T23:59:59Z' },
    ]);
    expect(dayShards('2026-03-01T00:00:00Z', '2026-03-01T23:59:59Z')).toHaveLength(1);
    expect(dayShards('2026-03-01T23:59:59Z', '2026-03-02T00:00:00Z')).toEqual([
      { day: '2026-03-02', startDate: '2026-03-02T00:00:00Z', endDate: '2026-03-02T00:00:00Z' },
      { day: '2026-03-01', startDate: '2026-03-01T23:59:59Z', endDate: '2026-03-01T23:59:59Z' },
    ]);
  });
});

describe('createWidth (page requests under way at once)', () => {
  it('halves on a 429 once between pages, and grows back by one after four times as many calm pages', () => {
    const width = createWidth(8);
    width.throttled();
    width.throttled(); // the same burst: no second cut
    expect(width.get()).toBe(4);
    width.answered();
    width.throttled();
    expect(width.get()).toBe(2);
    for (let i = 0; i < 7; i++) width.answered();
    expect(width.get()).toBe(2);
    width.answered();
    expect(width.get()).toBe(3);
    for (let i = 0; i < 3; i++) {
      width.throttled();
      width.answered();
    }
    expect(width.get()).toBe(1);
  });

  it('runs at most the width at once and gives a free place to the lowest priority number', async () => {
    const width = createWidth(2);
    const started: number[] = [];
    const finish = new Map<number, () => void>();
    const task = (n: number) => () =>
      new Promise<void>((resolve) => {
        started.push(n);
        finish.set(n, resolve);
      });
    const runs = [5, 1, 9, 3].map((n) => width.run(n, undefined, task(n)));
    await drain();
    expect(started).toEqual([5, 1]);
    width.throttled(); // now 1: two finish before the next may start
    finish.get(5)!();
    await drain();
    expect(started).toEqual([5, 1]);
    finish.get(1)!();
    await drain();
    expect(started).toEqual([5, 1, 3]);
    finish.get(3)!();
    await drain();
    finish.get(9)!();
    await Promise.all(runs);
    expect(started).toEqual([5, 1, 3, 9]);
  });

  it('lets a waiting request go when its signal aborts', async () => {
    const width = createWidth(1);
    let release!: () => void;
    const busy = width.run(0, undefined, () => new Promise<void>((r) => (release = r)));
    const stop = new AbortController();
    const waiting = width.run(1, stop.signal, () => Promise.resolve('ran'));
    stop.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
    release();
    await busy;
    await expect(width.run(2, undefined, () => Promise.resolve('next'))).resolves.toBe('next');
  });
});

describe('iterateConversations with concurrency', () => {
  it('yields exactly what the one date-filtered listing yields, in its order, none twice (property)', async () => {
    // A window from a moment (or its whole day) to a later one, from a day before the data to a day after it.
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          from: fc.integer({ min: -DAY, max: 10 * DAY }),
          span: fc.integer({ min: 0, max: 11 * DAY }),
          bare: fc.boolean(),
          concurrency: fc.integer({ min: 2, max: 6 }),
          pageSize: fc.integer({ min: 1, max: 9 }),
          readAhead: fc.integer({ min: 0, max: 3 }),
          state: fc.option(fc.constantFrom('active' as const, 'closed' as const), { nil: undefined }),
        }),
        async ({ from, span, bare, concurrency, pageSize, readAhead, state }) => {
          const at = (ms: number) => (bare ? iso(ms).slice(0, 10) : iso(ms));
          const first = FIRST_DAY + Math.floor(from / 1000) * 1000;
          const window = { startDate: at(first), endDate: at(first + Math.floor(span / 1000) * 1000), pageSize, state };
          const one = await sids(sim, window);
          const byDay = await sids(sim, { ...window, concurrency }, { readAhead });
          expect(byDay).toEqual(one);
          expect(new Set(byDay).size).toBe(byDay.length);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('lists the days at the same time, up to the concurrency, and fetches nothing past a limit', async () => {
    let peak = 0;
    const slow: Simulator = await startSimulator({
      data: data(8, 5),
      latency: 30,
      // On each arrival: how many requests are being answered, this one included.
      hooks: { fault: () => void (peak = Math.max(peak, slow.requests.filter((r) => r.status === 0).length + 1)) },
    });
    try {
      const window = { startDate: '2026-03-01', endDate: '2026-03-08', pageSize: 5 };
      expect(await sids(slow, { ...window, concurrency: 4 })).toHaveLength(40);
      expect(peak).toBe(4);
      expect(slow.requests).toHaveLength(8); // one page a day

      // 7 conversations: the newest day (5) and the next (the page that brings the count to 7).
      peak = 0;
      expect(await sids(slow, { ...window, concurrency: 4, limit: 7 })).toHaveLength(7);
      const asked = slow.requests.slice(8).map((r) => new URL(r.url, slow.url).searchParams.get('StartDate'));
      expect(asked).toEqual(['2026-03-08T00:00:00Z', '2026-03-07T00:00:00Z']);
      expect(peak).toBe(1);
    } finally {
      await slow.close();
    }
  });

  it('keeps the days ahead fetching while the consumer waits, up to bufferBytes plus a page a request and the read-ahead', async () => {
    const many = await startSimulator({ data: data(9, 40) });
    try {
      // Counts what the client has been answered, and what is under way, as the client reads it.
      let inFlight = 0;
      let answered = 0;
      let largest = 0;
      const fetch = async (request: Request) => {
        inFlight++;
        try {
          const response = await globalThis.fetch(request);
          const size = (await response.clone().text()).length;
          answered += size;
          largest = Math.max(largest, size);
          return response;
        } finally {
          inFlight--;
        }
      };
      // Until nothing is under way for twenty turns of the event loop: fetching has stopped.
      const quiet = async () => {
        for (let calm = 0; calm < 20; calm = inFlight === 0 ? calm + 1 : 0)
          await new Promise<void>((resolve) => setImmediate(resolve));
      };
      const bufferBytes = 100_000; // ~18 pages of 4; a read-ahead per day would hold 6 to 12
      const window = { startDate: '2026-03-01', endDate: '2026-03-09', pageSize: 4 };
      const listing = clientFor(many, { readAhead: 1, fetch }).iteratePages({
        chatServiceSid: FIXTURE_SERVICE_SID,
        ...window,
        concurrency: 3,
        bufferBytes,
      });
      const first = await listing.next(); // held: everything else can only be fetched ahead
      await quiet();
      const held = answered - JSON.stringify(first.value).length;
      expect(held).toBeGreaterThanOrEqual(bufferBytes);
      expect(held).toBeLessThanOrEqual(bufferBytes + (3 + 1) * largest);
      const rest: ConversationPage[] = [];
      for await (const page of listing) rest.push(page);
      const pages = [first.value as ConversationPage, ...rest];
      expect(pages.flatMap((p) => p.conversations.map((c) => c.sid))).toEqual(await sids(many, window));
      for (const page of pages) for (const c of page.conversations) expect(c.date_created!.slice(0, 10)).toBe(page.day);
    } finally {
      await many.close();
    }
  });

  it("order 'any': every conversation exactly once, each page naming its day, each day's pages in their order", async () => {
    const window = { startDate: '2026-03-01', endDate: '2026-03-10', pageSize: 4 };
    const one = await sids(sim, window);
    const pages: ConversationPage[] = [];
    for await (const page of clientFor(sim).iteratePages({
      chatServiceSid: FIXTURE_SERVICE_SID,
      ...window,
      concurrency: 4,
      order: 'any',
    }))
      pages.push(page);
    const got = pages.flatMap((p) => p.conversations.map((c) => c.sid!));
    expect([...got].sort()).toEqual([...one].sort());
    expect(new Set(got).size).toBe(got.length);
    for (const page of pages) for (const c of page.conversations) expect(c.date_created!.slice(0, 10)).toBe(page.day);
    for (const day of new Set(pages.map((p) => p.day))) {
      const ofDay = pages.filter((p) => p.day === day).flatMap((p) => p.conversations.map((c) => c.sid!));
      expect(ofDay).toEqual(one.filter((sid) => ofDay.includes(sid)));
    }
  });

  it('cancels every day in flight when the consumer stops early', async () => {
    // The newest day answers at once; the three listed beside it are held back for an hour, so only
    // the client leaving can end them. The test waits for the server to see those three connections end.
    let left!: () => void;
    const allLeft = new Promise<void>((resolve) => (left = resolve));
    const ended: number[] = [];
    const held = await startSimulator({
      data: data(8, 5),
      hooks: {
        fault: (i) => (i === 0 ? undefined : { delayMs: 3_600_000 }),
        closed: (request) => {
          ended.push(request.status);
          if (ended.length === 4) left();
        },
      },
    });
    try {
      const window = { startDate: '2026-03-01', endDate: '2026-03-08', pageSize: 5, concurrency: 4 };
      for await (const c of clientFor(held).iterateConversations({ chatServiceSid: FIXTURE_SERVICE_SID, ...window })) {
        expect(c.sid).toBeDefined();
        break;
      }
      await allLeft; // were they not cancelled, this would never resolve and jest's timeout would fail the test
      // The three held requests were dropped by the client, so the server never answered them.
      expect(held.requests.map((r) => r.status)).toEqual([200, 0, 0, 0]);
      expect(ended.sort()).toEqual([0, 0, 0, 200]);
    } finally {
      await held.close();
    }
  });

  it('lists fewer days at once when the server answers 429, and still yields everything in order', async () => {
    const limited = await startSimulator({ data: data(40, 3), latency: 15, maxConcurrent: 2 });
    try {
      const window = { startDate: '2026-03-01', endDate: '2026-04-09', pageSize: 3 };
      const one = await sids(limited, window);
      const retried: number[] = [];
      const byDay = await sids(
        limited,
        { ...window, concurrency: 8 },
        { baseDelayMs: 20, maxRetries: 6, onRetry: (e: { status?: number }) => retried.push(e.status ?? 0) },
      );
      expect(byDay).toEqual(one);
      // Forty one-page days. Eight attempts at once against a limit of two: with the width held at
      // eight, 75-85 refusals; halving it leaves the first burst and a probe now and then (17-25).
      const refused = limited.requests.filter((r) => r.status === 429).length;
      expect(refused).toBeGreaterThan(0);
      expect(refused).toBeLessThanOrEqual(40);
      expect(retried.filter((s) => s === 429)).toHaveLength(refused); // the caller's onRetry still hears of each
    } finally {
      await limited.close();
    }
  });

  it("delivers a failing day's error in its turn, after every conversation of the newer days", async () => {
    const bad = makeConversation(5).sid; // on the oldest of the four days, listed last
    const broken = await startSimulator({
      data: data(4, 10),
      hooks: {
        page: (body) => {
          for (const c of body.conversations) if (c.sid === bad) c.sid = 42;
          return body;
        },
      },
    });
    try {
      const got: string[] = [];
      const listing = clientFor(broken).iterateConversations({
        chatServiceSid: FIXTURE_SERVICE_SID,
        startDate: '2026-03-01',
        endDate: '2026-03-04',
        pageSize: 10,
        concurrency: 4,
      });
      const error = await (async () => {
        for await (const c of listing) got.push(c.sid!);
      })().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResponseValidationError);
      expect(got).toEqual(await sids(broken, { startDate: '2026-03-02', endDate: '2026-03-04' }));
      expect(got).toHaveLength(30);
    } finally {
      await broken.close();
    }
  });

  it.each([
    [{ concurrency: 0 }, 'concurrency', 'must be a whole number from 1 to 16'],
    [{ concurrency: 17 }, 'concurrency', 'must be a whole number from 1 to 16'],
    [{ concurrency: 2.5 }, 'concurrency', 'must be a whole number from 1 to 16'],
    [{ concurrency: 2 }, 'StartDate', 'is required with a concurrency above 1'],
    [{ concurrency: 2, startDate: '2026-03-05', endDate: '2026-03-01' }, 'StartDate', 'must not be after EndDate'],
    [{ concurrency: 2, startDate: '2026-03-01', page: 2 }, 'Page', 'cannot be combined with concurrency'],
    [{ concurrency: 2, startDate: '2026-03-01', pageToken: 'PT1' }, 'PageToken', 'cannot be combined'],
    [{ concurrency: 2, startDate: 'yesterday' }, 'StartDate', 'ISO 8601'],
    [{ concurrency: 2, startDate: '2026-03-01', order: 'random' }, 'order', "must be one of 'listing', 'any'"],
    [{ concurrency: 2, startDate: '2026-03-01', bufferBytes: -1 }, 'bufferBytes', 'must be a whole number of bytes'],
    [{ concurrency: 2, startDate: '2026-03-01', bufferBytes: 1.5 }, 'bufferBytes', 'must be a whole number of bytes'],
  ])('refuses %j before sending anything (%s)', async (params, parameter, rule) => {
    const before = sim.requests.length;
    const error = await sids(sim, params as Omit<PageParams, 'chatServiceSid'>).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error).toMatchObject({ parameter });
    expect((error as Error).message).toContain(rule);
    expect(sim.requests.length).toBe(before);
  });

  it('refuses resumeFrom with concurrency, as a resume link belongs to one day', async () => {
    const error = await sids(sim, {
      concurrency: 3,
      startDate: '2026-03-01',
      resumeFrom: `${sim.url}/v1/Services/${FIXTURE_SERVICE_SID}/Conversations?PageSize=5&Page=1&PageToken=x`,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ parameter: 'resumeFrom' });
  });
});
