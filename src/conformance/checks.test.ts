import { makeConversation, makePage } from '../../test-support/fixtures';
import { createChecks } from './checks';
import { CHECK_NAMES, type CheckName, type Exchange } from './types';

const ORIGIN = 'https://conversations.twilio.com';
const SID = 'IS0123456789abcdef0123456789abcdef';
const LIST = `${ORIGIN}/v1/Services/${SID}/Conversations`;

const page = (overrides: Partial<Exchange> = {}, edit?: (body: Record<string, any>) => void): Exchange => {
  const body = makePage({
    items: [makeConversation(1, ORIGIN, SID), makeConversation(2, ORIGIN, SID)],
    page: 0,
    pageSize: 2,
    origin: ORIGIN,
    serviceSid: SID,
  });
  edit?.(body as Record<string, any>);
  return {
    source: 's',
    method: 'GET',
    url: `${LIST}?PageSize=2`,
    status: 200,
    contentType: 'application/json',
    body,
    ...overrides,
  };
};
const errorExchange = (overrides: Partial<Exchange> = {}): Exchange => ({
  source: 'e',
  method: 'GET',
  url: LIST,
  status: 404,
  contentType: 'application/json',
  body: { code: 20404, message: 'not found', more_info: 'https://www.twilio.com/docs/errors/20404', status: 404 },
  ...overrides,
});

/** The findings of one check on one exchange: `null` when it does not apply. */
function run(name: CheckName, exchange: Exchange, options: { strict?: boolean; previous?: Exchange } = {}) {
  const check = createChecks({ strict: options.strict ?? false });
  if (options.previous) check(options.previous, new Set([name]));
  const runs = check(exchange, new Set([name]));
  return runs.length ? runs[0]!.findings.map((f) => `${f.pointer} ${f.rule} ${f.severity}`) : null;
}

describe('the named checks, one by one', () => {
  it('a conforming page passes every check that applies to it', () => {
    for (const name of CHECK_NAMES) expect([name, run(name, page()) ?? []]).toEqual([name, []]);
  });

  it('status_code_conformance: an undeclared status, and a probe that got another status', () => {
    expect(run('status_code_conformance', page({ status: 302 }))).toEqual([' declared status failure']);
    expect(run('status_code_conformance', errorExchange({ expectedStatus: 401 }))).toEqual([
      ' expected status failure',
    ]);
    expect(run('status_code_conformance', page({ status: undefined }))).toBeNull();
  });

  it('content_type_conformance: a media type the spec does not declare for the status', () => {
    expect(run('content_type_conformance', page({ contentType: 'text/html' }))).toEqual([
      'Content-Type media type failure',
    ]);
    expect(run('content_type_conformance', page({ contentType: undefined }))).toBeNull();
  });

  it('response_schema_conformance: a wrong type at its pointer; a non-JSON 2xx body', () => {
    expect(
      run(
        'response_schema_conformance',
        page({}, (b) => (b.conversations[1].friendly_name = 42)),
      ),
    ).toEqual(['/conversations/1/friendly_name type failure']);
    expect(run('response_schema_conformance', page({ body: undefined, bodyText: '<html>' }))).toEqual([
      ' json failure',
    ]);
    expect(run('response_schema_conformance', errorExchange())).toBeNull();
  });

  it('error_body_conformance: a status in the body unlike the HTTP status', () => {
    expect(run('error_body_conformance', errorExchange({ status: 400 }))).toEqual([
      '/status matches HTTP status failure',
    ]);
    expect(run('error_body_conformance', page())).toBeNull();
  });

  it('unknown_fields: drift outside strict mode, a failure in it (the severity the check declares)', () => {
    const extra = page({}, (b) => (b.conversations[0].brand_new = true));
    expect(run('unknown_fields', extra)).toEqual(['/conversations/0/brand_new unknown property drift']);
    expect(run('unknown_fields', extra, { strict: true })).toEqual([
      '/conversations/0/brand_new unknown property failure',
    ]);
    expect(
      run(
        'unknown_fields',
        page({}, (b) => (b.conversations[0].state = 'initializing')),
      ),
    ).toEqual(['/conversations/0/state unknown enum value drift']);
  });

  it('pagination_links: a link to another list; a page number that does not follow the previous page', () => {
    const broken = page(
      {},
      (b) => (b.meta.next_page_url = `${ORIGIN}/v1/Services/${SID}/Conversation?PageSize=2&Page=1`),
    );
    expect(run('pagination_links', broken)).toEqual(['/meta/next_page_url points at this list failure']);
    const first = page({ chain: { id: 'c', index: 0 } });
    const skipped = page({ chain: { id: 'c', index: 1 } }, (b) => {
      b.meta.page = 5;
      b.meta.url = `${LIST}?PageSize=2&Page=5`;
    });
    expect(run('pagination_links', skipped, { previous: first })).toEqual(['/meta/page page increments failure']);
  });

  it('filter_conformance: an item that does not match the State asked for', () => {
    const filtered = page({ filter: { state: 'closed' } });
    const states = (filtered.body as { conversations: { state: string }[] }).conversations.map((c) => c.state);
    const expected = states
      .map((s, i) => (s === 'closed' ? null : `/conversations/${i}/state State filter failure`))
      .filter(Boolean);
    expect(run('filter_conformance', filtered)).toEqual(expected);
    expect(run('filter_conformance', page())).toBeNull();
  });

  it("request_conformance: Prism's sl-violations, and a header cut short", () => {
    const violations = JSON.stringify([
      { location: ['request', 'query', 'pagesize'], code: 'maximum', message: 'must be <= 1000' },
    ]);
    expect(run('request_conformance', page({ slViolations: violations }))).toEqual([
      'request.query.pagesize Prism maximum failure',
    ]);
    expect(run('request_conformance', page({ slViolations: 'Too many violations! [' }))).toEqual([
      ' Prism request validation failure',
    ]);
    expect(run('request_conformance', page())).toBeNull();
  });
});
