import fc from 'fast-check';
import { createConversationsClient } from '../client/client';
import { TwilioApiError } from '../client/errors';
import type { Conversation } from '../client/types';
import { createSpecValidators } from '../schema/validate';
import { planFor, parseFaults, parseLatency } from './faults';
import { startSimulator, type Simulator } from './index';

// The simulator over real HTTP on 127.0.0.1, judged by the spec's own validators (strict: full
// formats, no unknown properties) and by the client.

const strict = createSpecValidators({ formats: 'full', closed: true });
const basic = (sim: Simulator, secret = sim.authToken) =>
  `Basic ${Buffer.from(`${sim.accountSid}:${secret}`).toString('base64')}`;
const list = (sim: Simulator, query = '', sid = sim.serviceSid) =>
  `${sim.url}/v1/Services/${sid}/Conversations${query ? `?${query}` : ''}`;
const get = (sim: Simulator, url: string, secret?: string) =>
  fetch(url, { headers: { Authorization: basic(sim, secret) } });
const clientOf = (sim: Simulator) =>
  createConversationsClient({
    baseUrl: sim.url,
    accountSid: sim.accountSid,
    authToken: sim.authToken,
    env: {},
    validation: 'strict',
  });
const created = (c: Conversation) => Date.parse(c.date_created!);

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('the simulator', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ conversations: 230, seed: 42 });
  });
  afterAll(() => sim.close());

  it('generates varied data from the spec: every state, nulls where nullable, each timers form, valid by the spec', () => {
    const data = sim.conversations();
    expect(data).toHaveLength(230);
    expect(new Set(data.map((c) => c.state))).toEqual(new Set(['inactive', 'active', 'closed']));
    expect(data.some((c) => c.friendly_name === null) && data.some((c) => c.unique_name === null)).toBe(true);
    const timerForms = new Set(
      data.map((c) =>
        c.timers === null
          ? 'null'
          : Object.values(c.timers)
              .map((v) => (v === null ? 'n' : 'd'))
              .join(''),
      ),
    );
    expect(timerForms).toEqual(new Set(['null', '', 'dd', 'dn']));
    expect(data.some((c) => /[^\x00-\x7f]/.test(c.friendly_name ?? ''))).toBe(true);
    const months = new Set(data.map((c) => c.date_created!.slice(0, 7)));
    expect(months.size).toBeGreaterThanOrEqual(10);
    for (const c of data) expect(strict.conversation(c)).toEqual([]);
  });

  it('is repeatable: the same seed gives the same data', async () => {
    const again = await startSimulator({ conversations: 230, seed: 42 });
    try {
      expect(again.conversations().map((c) => c.sid)).toEqual(sim.conversations().map((c) => c.sid));
    } finally {
      await again.close();
    }
  });

  it('pages through everything once, oldest first, with a request id on every answer, every body strictly valid', async () => {
    const pages = await all(clientOf(sim).iteratePages({ chatServiceSid: sim.serviceSid }));
    expect(pages.map((p) => p.conversations.length)).toEqual([50, 50, 50, 50, 30]);
    const items = pages.flatMap((p) => p.conversations);
    expect(items).toEqual(sim.conversations());
    for (let i = 1; i < items.length; i++) expect(created(items[i]!)).toBeGreaterThanOrEqual(created(items[i - 1]!));
    expect(pages.map((p) => p.meta.page)).toEqual([0, 1, 2, 3, 4]);
    expect(pages[4]!.meta.next_page_url).toBeNull();
    expect(pages[0]!.meta.previous_page_url).toBeNull();
    for (const p of pages) expect(strict.listResponse(p)).toEqual([]);
    const answer = await get(sim, list(sim, 'PageSize=1000'));
    expect(answer.headers.get('twilio-request-id')).toMatch(/^RQ[0-9a-f]{32}$/);
    expect(answer.headers.get('content-type')).toBe('application/json');
  });

  it('hands out PageTokens holding + and :, and refuses one that comes back re-encoded', async () => {
    const first = (await (await get(sim, list(sim, 'PageSize=10'))).json()) as { meta: { next_page_url: string } };
    const next = first.meta.next_page_url;
    expect(next).toMatch(/PageToken=PT\d+:[0-9a-f]+\+$/);
    expect((await get(sim, next)).status).toBe(200);
    for (const mangled of [
      next.replace('+', '%2B'),
      next.replace(/PT(\d+):/, 'PT$1%3A'),
      next.replace('PageSize=10', 'PageSize=11'),
    ]) {
      const answer = await get(sim, mangled);
      expect(answer.status).toBe(400);
      expect(strict.errorBody(await answer.json())).toEqual([]);
    }
  });

  it('filters by State exactly, keeping the unfiltered order, and the links keep the filter', async () => {
    const pages = await all(
      clientOf(sim).iteratePages({ chatServiceSid: sim.serviceSid, state: 'closed', pageSize: 20 }),
    );
    const items = pages.flatMap((p) => p.conversations);
    expect(items).toEqual(sim.conversations().filter((c) => c.state === 'closed'));
    for (const p of pages)
      for (const link of [p.meta.url, p.meta.first_page_url, p.meta.next_page_url])
        if (link) expect(link).toContain('State=closed');
  });

  it('filters by date_created, inclusive, a bare date meaning the whole day, newest first', async () => {
    const day = sim.conversations()[100]!.date_created!.slice(0, 10);
    const items = await all(
      clientOf(sim).iterateConversations({ chatServiceSid: sim.serviceSid, startDate: day, endDate: day }),
    );
    const expected = sim
      .conversations()
      .filter((c) => c.date_created!.startsWith(day))
      .reverse();
    expect(items).toEqual(expected);
    expect(items.length).toBeGreaterThan(0);
    for (let i = 1; i < items.length; i++) expect(created(items[i]!)).toBeLessThanOrEqual(created(items[i - 1]!));
  });

  it('answers bad requests as Twilio does, each body valid by the spec', async () => {
    const cases: [string, string | undefined, number, RegExp][] = [
      [list(sim), 'wrong-token', 401, /Authenticate/],
      [list(sim, '', `IS${'0'.repeat(32)}`), undefined, 404, /not found/],
      [`${sim.url}/v1/Services/${sim.serviceSid}/Participants`, undefined, 404, /not found/],
      [list(sim, 'PageSize=1001'), undefined, 400, /Invalid PageSize: must be a whole number from 1 to 1000/],
      [list(sim, 'State=archived'), undefined, 400, /Invalid State: must be one of/],
      [list(sim, 'StartDate=yesterday'), undefined, 400, /Invalid StartDate/],
    ];
    for (const [url, secret, status, message] of cases) {
      const answer = await get(sim, url, secret);
      const body = (await answer.json()) as { message: string; status: number };
      expect([url, answer.status]).toEqual([url, status]);
      expect(body.message).toMatch(message);
      expect(body.status).toBe(status);
      expect(strict.errorBody(body)).toEqual([]);
    }
    const error = await clientOf(sim)
      .listConversations({ chatServiceSid: `IS${'0'.repeat(32)}` })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TwilioApiError);
  });

  it('accepts an API key and its secret', async () => {
    const keyed = await startSimulator({
      conversations: 3,
      apiKeys: [{ sid: `SK${'1'.repeat(32)}`, secret: 'key-secret' }],
    });
    try {
      const client = createConversationsClient({
        baseUrl: keyed.url,
        accountSid: keyed.accountSid,
        apiKey: `SK${'1'.repeat(32)}`,
        apiSecret: 'key-secret',
        env: {},
      });
      expect((await client.listConversations({ chatServiceSid: keyed.serviceSid })).conversations).toHaveLength(3);
    } finally {
      await keyed.close();
    }
  });
});

describe('faults and latency', () => {
  it('reads --faults and --latency, refusing what does not parse', () => {
    expect(parseFaults('429=0.1,reset=0.02')).toEqual({ '429': 0.1, reset: 0.02 });
    expect(() => parseFaults('404=0.1')).toThrow(/unknown fault "404"/);
    expect(() => parseFaults('500=2')).toThrow(/rate from 0 to 1/);
    expect(() => parseFaults('500=0.7,503=0.7')).toThrow(/more than 1/);
    expect(parseLatency('20')).toBe(20);
    expect(parseLatency('10-50')).toEqual([10, 50]);
    expect(() => parseLatency('fast')).toThrow(/milliseconds/);
  });

  it('draws the same faults and latencies from the same seed, whatever the timing', () => {
    const rates = parseFaults('429=0.2,500=0.1,reset=0.1');
    const plan = (seed: number) => Array.from({ length: 200 }, (_, i) => planFor(seed, i, rates, [5, 40]));
    expect(plan(7)).toEqual(plan(7));
    expect(plan(7)).not.toEqual(plan(8));
    const kinds = plan(7).map((p) => p.fault ?? 'none');
    expect(kinds.filter((k) => k !== 'none').length / 200).toBeGreaterThan(0.25);
    expect(plan(7).every((p) => p.delayMs >= 5 && p.delayMs <= 40)).toBe(true);
  });

  it('refuses a request beyond maxConcurrent with a 429 (Twilio error 20429), as Twilio does', async () => {
    await expect(startSimulator({ maxConcurrent: 0 })).rejects.toThrow(/maxConcurrent must be a whole number >= 1/);
    const sim = await startSimulator({ maxConcurrent: 2, latency: 100 });
    try {
      const answers = await Promise.all([1, 2, 3].map(() => get(sim, list(sim))));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 429]);
      const refused = answers.find((a) => a.status === 429)!;
      expect(await refused.json()).toMatchObject({ code: 20429, status: 429 });
      // Once the two have been answered, there is room again.
      expect((await get(sim, list(sim))).status).toBe(200);
    } finally {
      await sim.close();
    }
  });

  it('through faults, the client still gets every item once, in order', async () => {
    const sim = await startSimulator({
      conversations: 300,
      seed: 3,
      faults: '429=0.1,500=0.05,503=0.05,reset=0.05,truncate=0.05',
    });
    try {
      const client = createConversationsClient({
        baseUrl: sim.url,
        accountSid: sim.accountSid,
        authToken: sim.authToken,
        env: {},
        maxRetries: 8,
        baseDelayMs: 1,
        maxDelayMs: 5,
        sleep: async () => {},
      });
      const items = await all(client.iterateConversations({ chatServiceSid: sim.serviceSid, pageSize: 20 }));
      expect(items).toEqual(sim.conversations());
      expect(sim.requests.filter((r) => r.fault !== undefined).length).toBeGreaterThan(0);
    } finally {
      await sim.close();
    }
  });
});

describe('the union of pages is the filtered set, in the documented order (property)', () => {
  it('for random data, page sizes and filters', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 1, max: 40 }),
        fc.option(fc.constantFrom<('active' | 'inactive' | 'closed')[]>('active', 'inactive', 'closed'), {
          nil: undefined,
        }),
        fc.option(fc.tuple(fc.integer({ min: 0, max: 364 }), fc.integer({ min: 0, max: 60 })), { nil: undefined }),
        fc.integer({ min: 1, max: 1000 }),
        async (count, pageSize, state, window, seed) => {
          const sim = await startSimulator({ conversations: count, seed });
          try {
            const day = (offset: number) =>
              new Date(Date.UTC(2025, 5, 1) + offset * 86_400_000).toISOString().slice(0, 10);
            const dates = window ? { startDate: day(window[0]), endDate: day(window[0] + window[1]) } : {};
            const pages = await all(
              clientOf(sim).iteratePages({ chatServiceSid: sim.serviceSid, pageSize, state, ...dates }),
            );
            for (const p of pages) expect(strict.listResponse(p)).toEqual([]);
            const items = pages.flatMap((p) => p.conversations);
            let expected = sim.conversations().filter((c) => state === undefined || c.state === state);
            if (window) {
              const [from, to] = [Date.parse(`${dates.startDate}T00:00:00Z`), Date.parse(`${dates.endDate}T23:59:59Z`)];
              expected = expected.filter((c) => created(c) >= from && created(c) <= to).reverse();
            }
            expect(items).toEqual(expected);
            expect(new Set(items.map((c) => c.sid)).size).toBe(items.length);
          } finally {
            await sim.close();
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('serving recorded data', () => {
  it('serves the conversations of recorded pages and HAR files (--data), each once, under their service', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const source = await startSimulator({ conversations: 30, seed: 21 });
    try {
      const auth = basic(source);
      const page = (q: string) => fetch(list(source, q), { headers: { Authorization: auth } }).then((r) => r.json());
      const dir = mkdtempSync(path.join(tmpdir(), 'sim-data-'));
      writeFileSync(path.join(dir, 'page-0.json'), JSON.stringify(await page('PageSize=20')));
      const second = await page('PageSize=20&Page=1&PageToken=x'); // a 400: not a page, ignored
      const har = {
        log: {
          entries: [
            {
              request: { method: 'GET', url: list(source, 'PageSize=30') },
              response: {
                status: 200,
                headers: [],
                content: { mimeType: 'application/json', text: JSON.stringify(await page('PageSize=30')) },
              },
            },
          ],
        },
      };
      writeFileSync(path.join(dir, 'traffic.har'), JSON.stringify(har));
      writeFileSync(path.join(dir, 'error.json'), JSON.stringify(second));
      const replay = await startSimulator({ data: dir });
      try {
        expect(replay.serviceSid).toBe(source.serviceSid);
        expect(replay.conversations().map((c) => c.sid)).toEqual(source.conversations().map((c) => c.sid));
        const items = await all(
          clientOf(replay).iterateConversations({ chatServiceSid: replay.serviceSid, state: 'active' }),
        );
        expect(items.map((c) => c.sid)).toEqual(
          source
            .conversations()
            .filter((c) => c.state === 'active')
            .map((c) => c.sid),
        );
      } finally {
        await replay.close();
      }
    } finally {
      await source.close();
    }
  });

  it('adds the latency asked for to every answer', async () => {
    // Seen through the timer the server sets, not by timing the answer.
    const timers = jest.spyOn(global, 'setTimeout');
    const slow = await startSimulator({ conversations: 1, latency: '150' });
    try {
      timers.mockClear();
      await get(slow, list(slow));
      await get(slow, list(slow));
      expect(timers.mock.calls.filter(([, ms]) => ms === 150)).toHaveLength(2);
    } finally {
      timers.mockRestore();
      await slow.close();
    }
  });
});

describe('a held answer', () => {
  it('leaves no timer behind when its client goes away and the simulator closes', async () => {
    const cleared = jest.spyOn(global, 'clearTimeout');
    const started = jest.spyOn(global, 'setTimeout');
    let arrived!: () => void;
    const seen = new Promise<void>((resolve) => (arrived = resolve));
    const sim = await startSimulator({
      hooks: {
        fault: () => {
          arrived();
          return { delayMs: 3_600_000 };
        },
      },
    });
    const stop = new AbortController();
    const request = fetch(`${sim.url}/v1/Services/${sim.serviceSid}/Conversations`, { signal: stop.signal });
    await seen;
    stop.abort();
    await expect(request).rejects.toThrow();
    await sim.close();
    // The hour-long wait was started, and cleared when the client left.
    const hold = started.mock.calls.findIndex((call) => call[1] === 3_600_000);
    expect(hold).toBeGreaterThanOrEqual(0);
    expect(cleared.mock.calls.map((call) => call[0])).toContain(started.mock.results[hold]!.value);
    started.mockRestore();
    cleared.mockRestore();
  });
});
