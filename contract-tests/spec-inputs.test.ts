import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { runCli } from '../test-support/cli';

// Spec documents as input (#26, class 3): whatever a user names for `diff` or `drift`, an external
// reference is never fetched or read, an alias bomb, deep nesting or a huge document fails fast, and
// a FIFO, a folder or a link loop is named for what it is. Each is exit 2 with one line, never
// "unexpected error".

const SPEC = path.resolve(__dirname, '..', 'openapi', 'conversations.yaml');
const dir = mkdtempSync(path.join(tmpdir(), 'spec-inputs-'));
const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};
/** Our spec with one schema replaced by a reference. */
const withRef = (name: string, ref: string) => {
  const doc = parse(readFileSync(SPEC, 'utf8')) as { components: { schemas: Record<string, unknown> } };
  doc.components.schemas.ConversationTimers = { $ref: ref };
  return write(name, stringify(doc));
};

// A server that counts what it is asked: an external http reference must never reach it.
let hits = 0;
let server: Server;
let origin = '';
beforeAll(async () => {
  server = createServer((_req, res) => {
    hits++;
    res.end('type: object\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function refused(args: string[], message: RegExp) {
  const result = await runCli(args);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/unexpected error/);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.code).toBe(2);
}

describe('spec documents as input', () => {
  it('an http reference is refused, and the server it names is never asked', async () => {
    await refused(['diff', SPEC, withRef('http.yaml', `${origin}/timers.yaml`)], /points outside the document/);
    expect(hits).toBe(0);
  });

  it('a reference to a file beside it or up the tree is refused without reading it (a FIFO there would block)', async () => {
    const fifo = path.join(dir, 'timers.yaml');
    execFileSync('mkfifo', [fifo]);
    await refused(
      ['diff', SPEC, withRef('file.yaml', './timers.yaml')],
      /\$ref "\.\/timers\.yaml" at .* points outside/,
    );
    await refused(['diff', SPEC, withRef('up.yaml', '../secrets.yaml#/x')], /points outside the document/);
    await refused(['drift', withRef('upstream.yaml', 'file:///etc/passwd')], /points outside the document/);
  });

  it('a local reference to nothing, or a loop of references, is named', async () => {
    await refused(['diff', SPEC, withRef('dangling.yaml', '#/components/schemas/Nope')], /points at nothing/);
    const loop = parse(readFileSync(SPEC, 'utf8')) as { components: { schemas: Record<string, unknown> } };
    loop.components.schemas.A = { $ref: '#/components/schemas/B' };
    loop.components.schemas.B = { $ref: '#/components/schemas/A' };
    await refused(['diff', SPEC, write('loop.yaml', stringify(loop))], /loop of references/);
  });

  it('a YAML alias bomb fails fast', async () => {
    const lines = ['openapi: 3.1.0', 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    await refused(['diff', SPEC, write('bomb.yaml', lines.join('\n'))], /not JSON or YAML: .*alias/i);
  });

  it('deep nesting fails fast, in JSON and in YAML', async () => {
    const depth = 100_000;
    await refused(
      ['diff', SPEC, write('deep.json', `{"openapi":"3.1.0","x":${'['.repeat(depth)}${']'.repeat(depth)}}`)],
      /nests/,
    );
    await refused(
      ['diff', SPEC, write('deep.yaml', `openapi: 3.1.0\nx: ${'['.repeat(depth)}${']'.repeat(depth)}\n`)],
      /nests|not JSON or YAML/,
    );
    const moderate = `{"openapi":"3.1.0","x":${'{"a":'.repeat(500)}1${'}'.repeat(500)}}`;
    await refused(['diff', SPEC, write('moderate.json', moderate)], /nests deeper than 200 levels/);
  });

  it('a document over the size limit is refused before it is read', async () => {
    const huge = path.join(dir, 'huge.yaml');
    execFileSync('truncate', ['-s', '3G', huge]);
    await refused(['diff', SPEC, huge], /huge\.yaml: is 3072 MiB, over this tool's limit of 32 MiB/);
  });

  it('a FIFO, a device, a folder and a link loop are each named for what they are', async () => {
    const fifo = path.join(dir, 'spec.fifo');
    execFileSync('mkfifo', [fifo]);
    await refused(['diff', SPEC, fifo], /spec\.fifo: is a FIFO \(named pipe\), not a regular file/);
    await refused(['diff', SPEC, '/dev/zero'], /\/dev\/zero: is a device/);
    mkdirSync(path.join(dir, 'folder'));
    await refused(['diff', SPEC, path.join(dir, 'folder')], /folder: is a folder/);
    symlinkSync('self.yaml', path.join(dir, 'self.yaml'));
    await refused(['diff', SPEC, path.join(dir, 'self.yaml')], /self\.yaml: is a symbolic link loop/);
    symlinkSync('missing.yaml', path.join(dir, 'broken.yaml'));
    await refused(
      ['diff', SPEC, path.join(dir, 'broken.yaml')],
      /broken\.yaml: is a symbolic link to something that does not exist/,
    );
  });

  it('a document without the operation, or with something else in its place, is bad input (exit 2), not a crash', async () => {
    const doc = parse(readFileSync(SPEC, 'utf8')) as { paths: Record<string, unknown> };
    const [listPath] = Object.keys(doc.paths);
    const without = write('no-operation.yaml', stringify({ ...doc, paths: {} }));
    // Against a version that has it, its absence is a change (#28): the operation was removed.
    const removed = await runCli(['diff', SPEC, without, '--fail-on', 'breaking']);
    expect(removed.stdout).toMatch(/BREAKING GET .* was removed/);
    expect(removed.code).toBe(1);
    await refused(['diff', without, without], /neither document has the GET .* operation/);
    await refused(['drift', without], /the document has no GET .* operation/);
    const notAnObject = write('string-operation.yaml', stringify({ ...doc, paths: { [listPath!]: { get: 'x' } } }));
    await refused(['diff', SPEC, notAnObject], /is not an operation object/);
  });

  it('the same schema behind a local reference compares as unchanged (the refusals above are about the input)', async () => {
    const doc = parse(readFileSync(SPEC, 'utf8')) as { components: { schemas: Record<string, unknown> } };
    doc.components.schemas.TimersCopy = doc.components.schemas.ConversationTimers;
    doc.components.schemas.ConversationTimers = { $ref: '#/components/schemas/TimersCopy' };
    const result = await runCli(['diff', SPEC, write('local.yaml', stringify(doc))]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
