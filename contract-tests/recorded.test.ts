import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { verifyExchanges, type ConformanceReport } from '../src/conformance';
import { loadRecorded } from '../src/node';
import { deref, listOperation } from '../src/schema/spec';
import { runCli } from '../test-support/cli';
import { makeConversation, makePage } from '../test-support/fixtures';

// The recorded target: saved bodies, folders of them and HAR files, checked offline by the verify bin.
type Examples = Record<string, { value: unknown }>;
const responses = listOperation().responses as Record<string, unknown>;
const examplesOf = (status: string) =>
  Object.values(
    deref<{ content: Record<string, { examples: Examples }> }>(responses[status]).content['application/json']!.examples,
  ).map((e) => e.value);

const ORIGIN = 'https://conversations.twilio.com';
const SID = 'IS0123456789abcdef0123456789abcdef';
const list = `${ORIGIN}/v1/Services/${SID}/Conversations`;

function tempDir() {
  return mkdtempSync(path.join(tmpdir(), 'recorded-'));
}

function harEntry(url: string, status: number, body: unknown, contentType = 'application/json') {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    request: { method: 'GET', url },
    response: {
      status,
      headers: [{ name: 'Content-Type', value: contentType }],
      content: { mimeType: contentType, text },
    },
  };
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
    examplesOf('200').forEach((body, i) =>
      writeFileSync(path.join(dir, 'pages', `page-${i}.json`), JSON.stringify(body)),
    );
    writeFileSync(
      path.join(dir, 'errors.json'),
      JSON.stringify(['400', '401', '403', '404', '429', 'default'].flatMap(examplesOf)),
    );
    const { result, report } = await verify([dir]);
    expect(result.code).toBe(0);
    expect(report!.exchanges).toBe(3 + 6);
    expect(report!.checks.error_body_conformance.passed).toBe(6);
    expect(report!.checks.response_schema_conformance.passed).toBe(3);
  });

  it('finds violations in a HAR file at their pointers, ignoring other endpoints', async () => {
    const page0 = makePage({
      items: [makeConversation(0), makeConversation(1)],
      page: 0,
      pageSize: 2,
      origin: ORIGIN,
      serviceSid: SID,
      nextQuery: 'PageSize=2&Page=1&PageToken=A',
    });
    const page1 = makePage({
      items: [makeConversation(2)],
      page: 5,
      pageSize: 2,
      origin: ORIGIN,
      serviceSid: SID,
      selfQuery: 'PageSize=2&Page=1&PageToken=A',
    });
    (page1.conversations[0] as Record<string, unknown>).date_created = 'yesterday';
    (page1.conversations[0] as Record<string, unknown>).brand_new = true;
    const har = {
      log: {
        entries: [
          harEntry(`${list}?PageSize=2`, 200, page0),
          harEntry(`${list}?PageSize=2&Page=1&PageToken=A`, 200, page1),
          harEntry(`${ORIGIN}/v1/Services/${SID}`, 200, { unrelated: true }),
          harEntry(`${list}?PageSize=2`, 404, {
            code: 20404,
            message: 'nope',
            more_info: 'https://www.twilio.com/docs/errors/20404',
            status: 400,
          }),
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
    for (const args of [
      [],
      [path.join(dir, 'missing.json')],
      [path.join(dir, 'broken.json')],
      ['--skip', 'nope', dir],
    ]) {
      const result = await runCli(['verify', ...args]);
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe("Prism's sl-violations header", () => {
  const body = examplesOf('200')[0] as { meta: { url: string } };
  const exchange = (header: string) => ({
    source: 'mock',
    method: 'GET',
    url: body.meta.url,
    status: 200,
    contentType: 'application/json',
    body,
    slViolations: header,
  });

  it('is reported violation by violation when it is JSON', () => {
    const header = JSON.stringify([
      { location: ['request', 'query', 'pagesize'], severity: 'Error', code: 'maximum', message: 'must be <= 1000' },
    ]);
    const { report } = verifyExchanges('mock', [exchange(header)]);
    expect(report.groups.map((g) => `${g.check} ${g.pointer} ${g.first.actual}`)).toEqual([
      'request_conformance request.query.pagesize must be <= 1000',
    ]);
  });

  it('is reported as truncated, not parsed, once Prism cuts it at ~8 KB', () => {
    const header = `Too many violations! [${'{"location":["request"],"message":"x"},'.repeat(300)}`;
    const { report } = verifyExchanges('mock', [exchange(header)]);
    expect(report.groups).toHaveLength(1);
    expect(report.groups[0]!.first.actual).toMatch(/truncated/);
  });
});

describe('verify on recordings that are broken, huge or hostile', () => {
  it.each([
    ['[]', 2, /nothing to check: no response of this operation was given/],
    ['42', 1, /response_schema_conformance/],
    ['null', 1, /response_schema_conformance/],
    ['"hello"', 1, /response_schema_conformance/],
    ['{}', 1, /\/conversations|required/],
  ])('a recording holding %s never passes (exit %i)', async (text, code, says) => {
    const file = path.join(tempDir(), 'recorded.json');
    writeFileSync(file, text);
    const result = await runCli(['verify', file]);
    expect(result.code).toBe(code);
    expect(result.stdout + result.stderr).toMatch(says);
    expect(result.stdout).not.toMatch(/^PASS/m);
  });

  it('a HAR with no entry for this operation checks nothing: exit 2, saying why', async () => {
    const file = path.join(tempDir(), 'other.har');
    writeFileSync(
      file,
      JSON.stringify({ log: { entries: [harEntry(`${ORIGIN}/v1/Services/${SID}`, 200, { unrelated: true })] } }),
    );
    const result = await runCli(['verify', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/nothing to check/);
  });

  it('checks that do not apply to any response check nothing: exit 2', async () => {
    const file = path.join(tempDir(), 'page.json');
    writeFileSync(file, JSON.stringify(examplesOf('200')[0]));
    const result = await runCli(['verify', file, '--only', 'filter_conformance']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/nothing to check: none of the 1 responses/);
  });

  it('reads a JSON array of 130,000 bodies and a HAR of 130,000 entries without overflowing the stack', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'many.json'), `[${Array.from({ length: 130_000 }, () => '1').join(',')}]`);
    const entry = harEntry(`${list}?PageSize=1`, 200, '1');
    writeFileSync(
      path.join(dir, 'many.har'),
      JSON.stringify({ log: { entries: Array.from({ length: 130_000 }, () => entry) } }),
    );
    const exchanges = await loadRecorded([dir]);
    expect(exchanges).toHaveLength(260_000);
    const { report } = verifyExchanges('many', exchanges, { checks: ['response_schema_conformance'] });
    expect(report.checks.response_schema_conformance.failed).toBe(260_000);
  });

  it('skips a FIFO named *.json in a folder instead of blocking on it (reported, exit 2), and refuses one named directly', async () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    writeFileSync(path.join(dir, 'page.json'), JSON.stringify(examplesOf('200')[0]));
    const folder = await runCli(['verify', dir]);
    expect(folder.stdout).toMatch(/: 1 response checked/);
    expect(folder.stdout).toMatch(/skipped .*pipe\.json: is not a regular file or a folder/);
    expect(folder.code).toBe(2);
    const named = await runCli(['verify', fifo]);
    expect(named.code).toBe(2);
    expect(named.stderr).toMatch(/not a regular file or a folder/);
  });

  it.each([
    ['an entry that is null', null, /entry 0: is null, not an object/],
    [
      'a request URL that is not a URL',
      { request: { method: 'GET', url: 'http://[not' }, response: { status: 200 } },
      /entry 0: request.url "http:\/\/\[not" is not an absolute URL/,
    ],
    ['an entry with no request URL', { response: { status: 200 } }, /entry 0: has no request.url/],
  ])('a malformed HAR (%s) is bad input: exit 2 with the reason', async (_what, entry, says) => {
    const file = path.join(tempDir(), 'bad.har');
    writeFileSync(file, JSON.stringify({ log: { entries: [entry] } }));
    const result = await runCli(['verify', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(says);
    expect(result.stderr).not.toMatch(/unexpected error/);
  });

  it('attaches credentials to a reproduce line only for the API host over https', async () => {
    const broken = { ...(examplesOf('200')[0] as object), extra_field: 1 };
    const har = {
      log: {
        entries: [
          harEntry(`${list}?PageSize=1`, 200, broken),
          harEntry(`https://evil.example/v1/Services/${SID}/Conversations?PageSize=2`, 200, broken),
          harEntry(`http://conversations.twilio.com/v1/Services/${SID}/Conversations?PageSize=3`, 200, broken),
        ],
      },
    };
    const file = path.join(tempDir(), 'hosts.har');
    writeFileSync(file, JSON.stringify(har));
    const result = await runCli(['verify', file, '--only', 'unknown_fields', '--strict', '--format', 'junit']);
    const curls = result.stdout.split('\n').filter((l) => l.includes('reproduce: curl'));
    expect(curls.find((l) => l.includes('PageSize=1'))).toContain(
      '-u &quot;$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN&quot;',
    );
    expect(curls.find((l) => l.includes('evil.example'))).not.toContain('-u ');
    expect(curls.find((l) => l.includes('PageSize=3'))).not.toContain('-u ');
  });

  it('shows control characters in file names and HAR URLs instead of sending them to the terminal', async () => {
    const dir = tempDir();
    const name = path.join(dir, 'evil\u001b]0;title\u0007.json');
    writeFileSync(name, '42');
    const har = path.join(dir, 'urls.har');
    writeFileSync(
      har,
      JSON.stringify({
        log: { entries: [harEntry(`${list}?PageSize=1&x=%1B\u001b[2J`, 200, { conversations: 'no' })] },
      }),
    );
    const result = await runCli(['verify', name, har]);
    expect(result.code).toBe(1);
    expect(result.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(result.stdout).toContain('evil\\x1b]0;title\\x07.json');
    expect(result.stdout).toContain('\\x1b[2J');
  });

  it('scrubs the Auth Token of the environment from a report on recordings that echo it', async () => {
    const token = 'recorded-secret-token-9876';
    const body = {
      ...(examplesOf('200')[0] as object),
      leaked: `token=${token} basic=${Buffer.from(`AC${'1'.repeat(32)}:${token}`).toString('base64')}`,
    };
    const file = path.join(tempDir(), 'leaky.json');
    writeFileSync(file, JSON.stringify(body));
    for (const format of ['text', 'json', 'junit']) {
      const result = await runCli(['verify', file, '--strict', '--format', format], {
        TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}`,
        TWILIO_AUTH_TOKEN: token,
      });
      expect(result.code).toBe(1);
      expect(result.stdout).not.toContain(token);
      expect(result.stdout).not.toContain(Buffer.from(`AC${'1'.repeat(32)}:${token}`).toString('base64'));
    }
  });
});

describe("verify's text report", () => {
  it('counts responses in its columns and findings in its own, and marks checks that applied to nothing', async () => {
    const file = path.join(tempDir(), 'one.json');
    writeFileSync(
      file,
      JSON.stringify({ ...(examplesOf('200')[0] as object), conversations: [{ sid: 1 }, { sid: 2 }] }),
    );
    const result = await runCli(['verify', file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^check\s+responses:\s+passed\s+failed\s+drift\s+findings$/m);
    const schema = /^response_schema_conformance\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$/m.exec(result.stdout)!;
    expect(schema.slice(1).map(Number).slice(0, 3)).toEqual([0, 1, 0]); // one response, failed
    expect(Number(schema[4])).toBeGreaterThan(2); // several findings in it
    expect(result.stdout).toMatch(/^filter_conformance\s+\(not applicable: no response it applies to\)$/m);
    expect(result.stdout).toMatch(new RegExp(`^FAIL: ${schema[4]} failures in 1 response, 0 drift findings$`, 'm'));
  });
});
