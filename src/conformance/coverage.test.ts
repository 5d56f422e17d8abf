import { makeConversation, makePage } from '../../test-support/fixtures';
import { createCoverage, formatCoverage } from './coverage';
import { formatJunit } from './junit';
import type { Exchange } from './types';
import { verifyExchanges } from './verify';

const ORIGIN = 'https://conversations.twilio.com';

function pageExchange(
  items: ReturnType<typeof makeConversation>[],
  options: { next?: string | null; query?: string } = {},
): Exchange {
  const body = makePage({ items, page: 0, pageSize: 2, origin: ORIGIN, nextQuery: options.next ?? null });
  return {
    source: 'test',
    method: 'GET',
    url: `${body.meta.url}${options.query ?? ''}`,
    status: 200,
    contentType: 'application/json',
    body,
  };
}

const errorExchange = (status: number): Exchange => ({
  source: 'test',
  method: 'GET',
  url: `${ORIGIN}/v1/Services/IS0/Conversations`,
  status,
  contentType: 'application/json',
  body: { code: 20003, message: 'x', more_info: 'https://www.twilio.com/docs/errors/20003', status },
});

describe('contract coverage', () => {
  it('names what was never seen: an enum value, a documented status, a null, a page kind, a filter', () => {
    const coverage = createCoverage();
    // Conversations 1 and 2 are inactive and closed; none is active.
    coverage.add(pageExchange([makeConversation(1), makeConversation(2)], { next: 'PageSize=2&Page=1' }));
    coverage.add(errorExchange(401));
    const result = coverage.build();
    expect(result.missing).toContain('conversations[].state: active never seen');
    expect(result.missing).not.toContain('conversations[].state: closed never seen');
    expect(result.missing).toContain('no 429 seen');
    expect(result.missing).not.toContain('no 401 seen');
    expect(result.missing).toContain('no last page seen (next_page_url null)');
    expect(result.missing).not.toContain('no page with a next link seen (pagination never followed)');
    expect(result.missing).toContain('filter State never used');
    expect(result.missing).toContain('conversations[].friendly_name: never null');
    expect(result.statuses).toMatchObject({ '200': 1, '401': 1, '429': 0 });
    expect(result.enums).toEqual([
      { path: 'conversations[].state', values: { inactive: 1, closed: 1, active: 0 }, unknown: {} },
    ]);
  });

  it('counts present, null and non-null per property, across every item, nested ones included', () => {
    const coverage = createCoverage();
    const a = { ...makeConversation(0), friendly_name: null, timers: { date_inactive: null } };
    const b = { ...makeConversation(5), timers: null };
    const c = makeConversation(6);
    delete (c as Record<string, unknown>).bindings;
    coverage.add(pageExchange([a, b, c]));
    const byPath = Object.fromEntries(coverage.build().properties.map((p) => [p.path, p]));
    expect(byPath['conversations[].friendly_name']).toMatchObject({ present: 3, null: 2, nonNull: 1, nullable: true });
    expect(byPath['conversations[].timers']).toMatchObject({ present: 3, null: 1, nonNull: 2 });
    expect(byPath['conversations[].timers.date_inactive']).toMatchObject({ present: 1, null: 1, nonNull: 0 });
    expect(byPath['conversations[].bindings']).toMatchObject({ present: 2 });
    expect(byPath['meta.next_page_url']).toMatchObject({ present: 1, null: 1, nonNull: 0 });
  });

  it('lists values the spec does not know, and makes them printable', () => {
    const coverage = createCoverage();
    coverage.add(pageExchange([{ ...makeConversation(0), state: 'archived\u001b[31m' as 'active' }]));
    const result = coverage.build();
    expect(result.enums[0]!.unknown).toEqual({ 'archived\u001b[31m': 1 });
    expect(formatCoverage(result)).toContain('values the spec does not list: archived\\x1b[31m');
  });

  it('reaches 100% only when every goal is met, and rounds down', () => {
    const run = (statuses: number[]) => {
      const coverage = createCoverage();
      const timers = { date_inactive: null, date_closed: null };
      const states = [0, 1, 2].map((i) => ({ ...makeConversation(i), timers }));
      const full = {
        ...makeConversation(3),
        timers: { date_inactive: '2026-01-01T00:00:00Z', date_closed: '2026-01-02T00:00:00Z' },
      };
      const nulls = Object.fromEntries(Object.keys(full).map((k) => [k, null]));
      coverage.add(
        pageExchange([...states, full, nulls as never], {
          next: 'PageSize=2&Page=1',
          query: '&State=active&StartDate=2026-01-01&EndDate=2026-01-02',
        }),
      );
      const last = makePage({ items: [], page: 1, pageSize: 2, origin: ORIGIN, previousQuery: 'PageSize=2&Page=0' });
      coverage.add({ ...pageExchange([]), body: last });
      for (const status of statuses) coverage.add(errorExchange(status));
      return coverage.build(100);
    };
    const all = run([400, 401, 403, 404, 429]);
    expect(all.missing).toEqual([]);
    expect(all.percent).toBe(100);
    expect(all.threshold).toEqual({ percent: 100, met: true });

    const one = run([400, 401, 403, 404]);
    expect(one.missing).toEqual(['no 429 seen']);
    expect(one.covered).toBe(one.total - 1);
    // 98.7% is shown as 98: a share short of every goal never reads as 99 or 100.
    expect(one.percent).toBe(Math.floor((one.covered * 100) / one.total));
    expect(one.percent).toBeLessThan(99);
    expect(one.threshold).toEqual({ percent: 100, met: false });
  });

  it('a threshold not met fails the report, with the reason in the verdict; met, it passes', () => {
    const exchanges = [pageExchange([makeConversation(1)])];
    const low = verifyExchanges('t', exchanges, { coverageThreshold: 90 });
    expect(low.report.groups).toEqual([]);
    expect(low.report.ok).toBe(false);
    expect(low.report.coverage!.threshold).toEqual({ percent: 90, met: false });
    const met = verifyExchanges('t', exchanges, { coverageThreshold: low.report.coverage!.percent });
    expect(met.report.ok).toBe(true);
    expect(verifyExchanges('t', exchanges).report.coverage).toBeUndefined();
  });
});

it('JUnit carries the coverage as a test case that fails below the threshold', () => {
  const exchanges = [pageExchange([makeConversation(1)])];
  const low = verifyExchanges('t', exchanges, { coverageThreshold: 90 });
  const xml = formatJunit(low.report, low.runs);
  expect(xml).toMatch(/<testsuites [^>]*failures="1"/);
  expect(xml).toContain('<testsuite name="coverage" tests="1" failures="1">');
  expect(xml).toContain('<failure message="coverage below 90%"/>');
  expect(xml).toContain('no 429 seen');
  const plain = verifyExchanges('t', exchanges, { coverage: true });
  expect(formatJunit(plain.report, plain.runs)).toContain('<testsuite name="coverage" tests="1" failures="0">');
});
