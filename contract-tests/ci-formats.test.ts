import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { runCli } from '../test-support/cli';
import { makeConversation, makePage } from '../test-support/fixtures';

// The formats CI systems read, through the bin: GitHub workflow commands, Markdown for a job
// summary, JUnit for diff. Planted values try to break out of their fields.
const SPEC = path.resolve(__dirname, '..', 'openapi', 'conversations.yaml');
const FORGED = 'x\n::error title=forged::forged annotation\n| a | b |';
const BAD_NAME = 'bad\n::error title=forged::x.json';

function recording(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ci-formats-'));
  const good = makePage({
    items: [makeConversation(1), makeConversation(2)],
    page: 0,
    pageSize: 50,
    origin: 'https://conversations.twilio.com',
  });
  const bad = structuredClone(good);
  (bad.conversations[0] as Record<string, unknown>).friendly_name = 42;
  (bad.conversations[1] as Record<string, unknown>).state = FORGED;
  writeFileSync(path.join(dir, 'good.json'), JSON.stringify(good));
  // A file name is outside text too: this one tries to start an annotation of its own.
  writeFileSync(path.join(dir, BAD_NAME), JSON.stringify(bad));
  return dir;
}

/** Lines of a workflow-command stream: each one either a command of ours or the verdict. */
function commands(stdout: string) {
  const lines = stdout.trimEnd().split('\n');
  for (const line of lines) expect(line).toMatch(/^::(error|warning|notice)( [^:]*)?::/);
  expect(lines.some((l) => l.startsWith('::error title=forged'))).toBe(false);
  return lines;
}

describe('verify --format github and markdown', () => {
  const dir = recording();

  it('github: one annotation per finding group naming the file, drift as a warning, the verdict last', async () => {
    const result = await runCli(['verify', dir, '--format', 'github', '--coverage']);
    expect(result.code).toBe(1);
    const lines = commands(result.stdout);
    const bad = path.join(dir, 'bad\\x0a%3A%3Aerror title=forged%3A%3Ax.json').replace(/:/g, '%3A');
    const schema = lines.find((l) => l.startsWith('::error title=response_schema_conformance,'))!;
    expect(schema.startsWith(`::error title=response_schema_conformance,file=${bad}::`)).toBe(true);
    expect(schema).toContain('::/conversations/*/friendly_name [type]');
    // The planted state is an unknown enum value: drift, a warning, its value on the same line.
    const drift = lines.find((l) => l.startsWith('::warning title=unknown_fields (drift)'))!;
    expect(drift).toContain('::error title=forged::forged annotation');
    expect(lines).toContainEqual(
      expect.stringMatching(/^::warning title=contract coverage \d+%25%3A \d+ goals never met::no 400 seen%0A/),
    );
    expect(lines.at(-1)).toMatch(
      /^::error title=conformance::recorded responses \(.*\): FAIL: 1 failure in 1 response, 1 drift finding, 0 run errors, coverage \d+%25$/,
    );
  });

  it('markdown: verdict, a check table and a findings table whose rows keep their cells', async () => {
    const result = await runCli(['verify', dir, '--format', 'markdown', '--coverage']);
    expect(result.code).toBe(1);
    const md = result.stdout;
    expect(md).toMatch(/^## ❌ Conformance of recorded responses/);
    expect(md).toContain('| `response_schema_conformance` | 1 | 1 | 0 |  |');
    expect(md).toContain('### Findings');
    expect(md).toMatch(/<details><summary>\d+ never seen<\/summary>/);
    const table = md.split('\n').filter((l) => l.startsWith('| '));
    for (const row of table.filter((r) => r.includes('unknown_fields') || r.includes('friendly_name'))) {
      const cells = row.split(/(?<!\\)\|/).length - 2;
      expect([row, cells === 5 || cells === 8]).toEqual([row, true]);
    }
    expect(md).not.toMatch(/^::error/m);
  });

  it('a passing run is a notice in github format and a tick in markdown', async () => {
    const good = path.join(dir, 'good.json');
    const gh = await runCli(['verify', good, '--format', 'github']);
    expect(gh.code).toBe(0);
    expect(commands(gh.stdout)).toEqual([expect.stringMatching(/^::notice title=conformance::.*PASS: 0 failures/)]);
    const md = await runCli(['verify', good, '--format', 'markdown']);
    expect(md.stdout).toMatch(/^## ✅ /);
  });
});

describe('diff --format github, markdown and junit', () => {
  const head = path.join(mkdtempSync(path.join(tmpdir(), 'ci-formats-')), 'head.yaml');
  const doc = parse(readFileSync(SPEC, 'utf8'));
  doc.components.parameters.PageSize.schema.maximum = 100; // breaking for clients
  doc.components.schemas.ConversationState.enum.push('initializing'); // a warning
  writeFileSync(head, stringify(doc));

  it('github: a breaking change is an error when --fail-on breaking, else a warning; the counts last', async () => {
    const failing = await runCli(['diff', SPEC, head, '--format', 'github', '--fail-on', 'breaking']);
    expect(failing.code).toBe(1);
    const lines = commands(failing.stdout);
    expect(lines).toContain(
      '::error title=breaking change%3A query PageSize::query PageSize: maximum 1000 -> 100 (narrowed)',
    );
    expect(lines.filter((l) => l.startsWith('::warning title=warning change'))).toHaveLength(1);
    expect(lines.at(-1)).toMatch(/^::error title=spec diff::Changes from .* to .*: 1 breaking, 1 warning, 1 safe$/);
    const lenient = await runCli(['diff', SPEC, head, '--format', 'github']);
    expect(lenient.code).toBe(0);
    expect(commands(lenient.stdout).filter((l) => l.startsWith('::error'))).toEqual([]);
  });

  it('markdown: the counts and one row per change', async () => {
    const result = await runCli(['diff', SPEC, head, '--format', 'markdown', '--fail-on', 'breaking']);
    expect(result.stdout).toMatch(/^## ❌ Changes from /);
    expect(result.stdout).toContain('**1 breaking, 1 warning, 1 safe**');
    expect(result.stdout).toContain(
      '| 🔴 breaking | `query PageSize` | query PageSize: maximum 1000 -&gt; 100 (narrowed) |',
    );
    const same = await runCli(['diff', SPEC, SPEC, '--format', 'markdown']);
    expect(same.stdout).toContain('The operation is the same in both versions.');
  });

  it('junit: one test case per change, failures as the policy says', async () => {
    const failing = await runCli(['diff', SPEC, head, '--format', 'junit', '--fail-on', 'breaking']);
    expect(failing.stdout).toMatch(/<testsuite name="spec diff" tests="3" failures="1">/);
    expect(failing.stdout).toContain('<failure message="query PageSize: maximum 1000 -&gt; 100 (narrowed)"/>');
    const warning = await runCli(['diff', SPEC, head, '--format', 'junit', '--fail-on', 'warning']);
    expect(warning.stdout).toMatch(/failures="2"/);
    const none = await runCli(['diff', SPEC, SPEC, '--format', 'junit']);
    expect(none.stdout).toContain('<testcase classname="spec diff" name="no change to the operation"/>');
  });
});
