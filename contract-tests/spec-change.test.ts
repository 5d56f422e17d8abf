import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { runCli } from '../test-support/cli';

// The spec-change workflow through the bin: `diff` between versions, `drift` against upstream.
const SPEC = path.resolve(__dirname, '..', 'openapi', 'conversations.yaml');
const UPSTREAM = path.resolve(__dirname, 'fixtures', 'upstream', 'list-service-conversations.json');
const ACKS = path.resolve(__dirname, '..', 'openapi', 'upstream-differences.yaml');

function editedSpec(edit: (doc: any) => void, ext = '.yaml'): string {
  const doc = parse(readFileSync(SPEC, 'utf8'));
  edit(doc);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'spec-')), `spec${ext}`);
  writeFileSync(file, ext === '.json' ? JSON.stringify(doc) : stringify(doc));
  return file;
}

const lowerMax = (doc: any) => (doc.components.parameters.PageSize.schema.maximum = 100);
const newState = (doc: any) => doc.components.schemas.ConversationState.enum.push('initializing');

describe('conversations-contract diff', () => {
  it('lists a narrowed PageSize as breaking, and exits 1 only when asked to fail on it', async () => {
    const head = editedSpec(lowerMax);
    const plain = await runCli(['diff', SPEC, head]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('1 breaking, 0 warning, 0 safe');
    expect(plain.stdout).toContain('BREAKING query PageSize: maximum 1000 -> 100 (narrowed)');
    expect((await runCli(['diff', SPEC, head, '--fail-on', 'breaking'])).code).toBe(1);
  });

  it('treats a new response enum value as a warning: --fail-on breaking passes, --fail-on warning fails', async () => {
    const head = editedSpec(newState, '.json');
    expect((await runCli(['diff', SPEC, head, '--fail-on', 'breaking'])).code).toBe(0);
    expect((await runCli(['diff', SPEC, head, '--fail-on', 'warning'])).code).toBe(1);
  });

  it('prints the changes as JSON data', async () => {
    const result = await runCli(['diff', SPEC, editedSpec(lowerMax), '--format', 'json']);
    const out = JSON.parse(result.stdout);
    expect(out.counts).toEqual({ breaking: 1, warning: 0, safe: 0 });
    expect(out.changes[0]).toMatchObject({
      id: 'schema.maximum query PageSize',
      severity: 'breaking',
      before: 1000,
      after: 100,
    });
  });

  it("reads the base from git (a ref means that commit's openapi/conversations.yaml) and the head from the working spec", async () => {
    const result = await runCli(['diff', 'HEAD', '--format', 'json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).head).toBe(SPEC);
  });

  it('exits 2, in one line, on a base it cannot read', async () => {
    const result = await runCli(['diff', 'no-such-ref-or-file']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('neither a file, a URL, nor a git ref');
  });
});

describe('conversations-contract drift', () => {
  it('passes when every difference from upstream is acknowledged with a reason', async () => {
    const result = await runCli(['drift', UPSTREAM]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Drift from .*: 49 differences, 49 acknowledged, 0 new, 0 stale/);
  });

  it('fails on a new difference, naming it and the id to acknowledge', async () => {
    const ours = editedSpec((doc) => (doc.components.schemas.Meta.properties.page.type = 'string'));
    const result = await runCli(['drift', UPSTREAM, '--ours', ours, '--acknowledged', ACKS]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('1 new');
    expect(result.stdout).toContain('id: schema.type response 200 application/json /meta/page');
  });

  it('reports acknowledgements that no longer match anything as stale', async () => {
    const ours = editedSpec(lowerMax); // upstream's maximum is 100 too: the difference is gone
    const result = await runCli(['drift', UPSTREAM, '--ours', ours, '--acknowledged', ACKS, '--format', 'json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).stale).toEqual([expect.objectContaining({ id: 'schema.maximum query PageSize' })]);
  });

  it('lists each acknowledged difference with its reason on request', async () => {
    const result = await runCli(['drift', UPSTREAM, '--all']);
    expect(result.stdout).toMatch(
      /query PageSize: maximum 100 -> 1000 \(widened\)\n\s+why: Our seed document says PageSize may be up to 1000/,
    );
  });

  it('refuses an acknowledgement without a reason', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ack-')), 'acks.yaml');
    writeFileSync(file, 'acknowledged:\n  - id: operation.id operation\n');
    const result = await runCli(['drift', UPSTREAM, '--acknowledged', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('needs an id and a non-empty reason');
  });
});

describe('diff on hostile input', () => {
  it('never lets git read a source as an option: `diff -- --output=FILE` writes nothing', async () => {
    const target = path.join(mkdtempSync(path.join(tmpdir(), 'git-opt-')), 'written');
    const result = await runCli(['diff', '--', `--output=${target}`, SPEC]);
    expect(result.code).toBe(2);
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(path.dirname(target))).toEqual([]);
  });

  it('compares a small spec whose references fan out (3 a level, 20 levels) in bounded time and memory', async () => {
    const fanned = editedSpec((doc) => {
      const schemas = doc.components.schemas;
      for (let level = 0; level < 20; level++) {
        const next = level === 19 ? { type: 'string' } : { $ref: `#/components/schemas/Fan${level + 1}` };
        schemas[`Fan${level}`] = { type: 'object', properties: { a: next, b: next, c: next } };
      }
      schemas.Conversation.properties.fan = { $ref: '#/components/schemas/Fan0' };
    });
    expect(readFileSync(fanned, 'utf8').length).toBeLessThan(64 * 1024);
    const same = await runCli(['diff', fanned, fanned]);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('0 breaking, 0 warning, 0 safe');
    // A change at the bottom of the fan would be reported on 3^20 paths: refused, not attempted.
    const changed = editedSpec((doc) => {
      const spec = parse(readFileSync(fanned, 'utf8'));
      Object.assign(doc, spec);
      doc.components.schemas.Fan19.properties.a = { type: 'integer' };
    });
    const refused = await runCli(['diff', fanned, changed]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/refusing/); // an attempt would run for hours, past jest's limit
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
    'handles a schema property named %s like any other',
    async (name) => {
      const head = editedSpec((doc) => {
        // defineProperty: a plain assignment of __proto__ would set the prototype, not add a key.
        Object.defineProperty(doc.components.schemas.Conversation.properties, name, {
          value: { type: 'string' },
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }, '.json');
      const result = await runCli(['diff', SPEC, head, '--format', 'json']);
      expect(result.code).toBe(0);
      const changes = JSON.parse(result.stdout).changes as { where: string; kind: string }[];
      expect(changes.some((c) => c.kind === 'schema.property.added' && c.where.endsWith(`/${name}`))).toBe(true);
      const back = await runCli(['diff', head, SPEC, '--format', 'json']);
      expect(back.code).toBe(0);
      expect(
        (JSON.parse(back.stdout).changes as { kind: string }[]).some((c) => c.kind === 'schema.property.removed'),
      ).toBe(true);
    },
  );
});
