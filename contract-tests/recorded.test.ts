import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { verifyExchanges, type ConformanceReport } from '../src/conformance';
import { deref, listOperation } from '../src/spec';
import { runCli } from './support/cli';
import { makeConversation, makePage } from './support/fixtures';

// The recorded target: saved bodies, folders of them and HAR files, checked offline by the verify bin.
type Examples = Record<string, { value: unknown }>;
const responses = listOperation().responses as Record<string, unknown>;
const examplesOf = (status: string) => Object.values(deref<{ content: Record<string, { examples: Examples }> }>(responses[status]).content['application/json']!.examples).map((e) => e.value);

const ORIGIN = 'https://conversations.twilio.com';
const SID = 'IS0123456789abcdef0123456789abcdef';
const list = `${ORIGIN}/v1/Services/${SID}/Conversations`;

function tempDir() {
  return mkdtempSync(path.join(tmpdir(), 'recorded-'));
}

function harEntry(url: string, status: number, body: unknown, contentType = 'application/json') {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { request: { method: 'GET', url }, response: { status, headers: [{ name: 'Content-Type', value: contentType }], content: { mimeType: contentType, text } } };
}

async function verify(args: string[]) {
  const result = await runCli(['verify', '--format', 'json', ...args]);
  const report = result.stdout ? (JSON.parse(result.stdout) as ConformanceReport) : undefined;
  return { result, report, found: report?.groups.map((g) => `${g.check} ${g.first.pointer} ${g.rule}`).sort() ?? [] };
}

describe('verify on recorded responses', () => {
  it('accepts the spec examples, saved as a folder of bodies (exit 0)', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'pages'));
    examplesOf('200').forEach((body, i) => writeFileSync(path.join(dir, 'pages', `page-${i}.json`), JSON.stringify(body)));
    writeFileSync(path.join(dir, 'errors.json'), JSON.stringify(['400', '401', '403', '404', '429', 'default'].flatMap(examplesOf)));
    const { result, report } = await verify([dir]);
    expect(result.code).toBe(0);
    expect(report!.exchanges).toBe(3 + 6);
    expect(report!.checks.error_body_conformance.passed).toBe(6);
    expect(report!.checks.response_schema_conformance.passed).toBe(3);
  });

  it('finds violations in a HAR file at their pointers, ignoring other endpoints', async () => {
    const page0 = makePage({ items: [makeConversation(0), makeConversation(1)], page: 0, pageSize: 2, origin: ORIGIN, serviceSid: SID, nextQuery: 'PageSize=2&Page=1&PageToken=A' });
    const page1 = makePage({ items: [makeConversation(2)], page: 5, pageSize: 2, origin: ORIGIN, serviceSid: SID, selfQuery: 'PageSize=2&Page=1&PageToken=A' });
    (page1.conversations[0] as Record<string, unknown>).date_created = 'yesterday';
    (page1.conversations[0] as Record<string, unknown>).brand_new = true;
    const har = {
      log: {
        entries: [
          harEntry(`${list}?PageSize=2`, 200, page0),
          harEntry(`${list}?PageSize=2&Page=1&PageToken=A`, 200, page1),
          harEntry(`${ORIGIN}/v1/Services/${SID}`, 200, { unrelated: true }),
          harEntry(`${list}?PageSize=2`, 404, { code: 20404, message: 'nope', more_info: 'https://www.twilio.com/docs/errors/20404', status: 400 }),
          harEntry(`${list}?PageSize=2`, 502, '<html>Bad gateway</html>', 'text/html'),
        ],
      },
    };
    const file = path.join(tempDir(), 'traffic.har');
    writeFileSync(file, JSON.stringify(har));
    const { result, report, found } = await verify([file]);
    expect(result.code).toBe(1);
    expect(report!.exchanges).toBe(4);
    expect(found).toEqual(
      [
        'response_schema_conformance /conversations/0/date_created format',
        'pagination_links /meta/page page increments',
        'pagination_links /meta/url Page in link', // page says 5, its own url says Page=1
        'unknown_fields /conversations/0/brand_new unknown property',
        'error_body_conformance /status matches HTTP status',
        'content_type_conformance Content-Type media type',
        'error_body_conformance  json',
      ].sort(),
    );
  });

  it('exits 2 on bad usage: no input, a missing path, a .json file that is not JSON, an unknown check', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'broken.json'), '{ not json');
    for (const args of [[], [path.join(dir, 'missing.json')], [path.join(dir, 'broken.json')], ['--skip', 'nope', dir]]) {
      const result = await runCli(['verify', ...args]);
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe("Prism's sl-violations header", () => {
  const body = examplesOf('200')[0] as { meta: { url: string } };
  const exchange = (header: string) => ({ source: 'mock', method: 'GET', url: body.meta.url, status: 200, contentType: 'application/json', body, slViolations: header });

  it('is reported violation by violation when it is JSON', () => {
    const header = JSON.stringify([{ location: ['request', 'query', 'pagesize'], severity: 'Error', code: 'maximum', message: 'must be <= 1000' }]);
    const { report } = verifyExchanges('mock', [exchange(header)]);
    expect(report.groups.map((g) => `${g.check} ${g.pointer} ${g.first.actual}`)).toEqual(['request_conformance request.query.pagesize must be <= 1000']);
  });

  it('is reported as truncated, not parsed, once Prism cuts it at ~8 KB', () => {
    const header = `Too many violations! [${'{"location":["request"],"message":"x"},'.repeat(300)}`;
    const { report } = verifyExchanges('mock', [exchange(header)]);
    expect(report.groups).toHaveLength(1);
    expect(report.groups[0]!.first.actual).toMatch(/truncated/);
  });
});
