import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { startSimulator, type Simulator } from '../src/simulator';
import { runCli, runProcess } from '../test-support/cli';
import {
  anchorsOf,
  blocksOf,
  documents,
  linksOf,
  matchesShown,
  needsMarker,
  transcriptSteps,
  type DocBlock,
} from '../test-support/doc-examples';
import { makeConversation, makePage } from '../test-support/fixtures';

// Every example in the README and the guides, proven as its marker says (test-support/doc-examples.ts):
// TypeScript run with tsx or compiled with tsc against the package, shell transcripts run with bash
// and their shown output compared with what the commands print. A renamed option breaks this suite,
// not the reader.

const ROOT = path.resolve(__dirname, '..');
// Inside the repository, so the package resolves by its own name from the examples.
const DIR = path.join(ROOT, 'build', 'doc-examples');
const WORK = path.join(DIR, 'work');
const TSX = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

const blocks = documents(ROOT).flatMap((file) => blocksOf(ROOT, file));
const marked = (kind: string) => blocks.filter((b) => b.marker?.kind === kind);
const where = (b: DocBlock) => `${b.file}:${b.line}`;

/** The types a `given:` name has in a typecheck example: what the surrounding app would have. */
const GIVEN: Record<string, string> = {
  traceId: 'declare const traceId: string;',
  metrics: 'declare const metrics: { observe(status: number, durationMs: number): void };',
  body: 'declare const body: unknown;',
  request: 'declare const request: { url: string };',
  chatServiceSid: 'declare const chatServiceSid: string;',
  handle: "declare function handle(c: import('twilio-conversations-contract').Conversation): void;",
};

/**
 * Output as the docs show it: the ports, durations and install path of one run are placeholders
 * on both sides, everything else must be equal.
 */
function normalise(text: string): string[] {
  return text
    .replaceAll(ROOT, '/path/to/node_modules/twilio-conversations-contract')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
    .replace(/\b\d+ ms\b/g, 'N ms')
    .replace(/\b\d+\.\d s\b/g, 'N.N s')
    .replace(/\n$/, '')
    .split('\n');
}

let sim: Simulator;
let simEnv: Record<string, string>;
const baseEnv = () => ({ PATH: `${path.join(DIR, 'bin')}:${process.env.PATH ?? ''}`, HOME: WORK, LANG: 'C.UTF-8' });

beforeAll(async () => {
  sim = await startSimulator({});
  simEnv = {
    TWILIO_ACCOUNT_SID: sim.accountSid,
    TWILIO_AUTH_TOKEN: sim.authToken,
    TWILIO_CHAT_SERVICE_SID: sim.serviceSid,
    TWILIO_CONVERSATIONS_BASE_URL: sim.url,
  };
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(path.join(DIR, 'bin'), { recursive: true });
  // The bin as an installed package puts it on PATH.
  const shim = path.join(DIR, 'bin', 'conversations-contract');
  writeFileSync(
    shim,
    `#!/bin/sh\nexec "${process.execPath}" "${path.join(ROOT, 'bin', 'conversations-contract.js')}" "$@"\n`,
  );
  chmodSync(shim, 0o755);
  // `npx conversations-contract` finds the installed bin, as in a project that depends on the package.
  const npx = path.join(DIR, 'bin', 'npx');
  writeFileSync(
    npx,
    '#!/bin/sh\n[ "$1" = conversations-contract ] || exit 127\nshift\nexec conversations-contract "$@"\n',
  );
  chmodSync(npx, 0o755);
  await workspace();
});
afterAll(async () => {
  await sim?.close();
  rmSync(DIR, { recursive: true, force: true });
});

/**
 * The folder the transcripts run in, holding the files they name: the spec, two edited copies of it,
 * a recording with two planted problems, a recording of a live run, and the upstream fixture.
 */
async function workspace() {
  mkdirSync(path.join(WORK, 'openapi'), { recursive: true });
  const spec = readFileSync(path.join(ROOT, 'openapi', 'conversations.yaml'), 'utf8');
  writeFileSync(path.join(WORK, 'openapi', 'conversations.yaml'), spec);
  const edited = (name: string, edit: (doc: any) => void) => {
    const doc = parse(spec);
    edit(doc);
    writeFileSync(path.join(WORK, name), stringify(doc));
  };
  edited('head.yaml', (doc) => (doc.components.parameters.PageSize.schema.maximum = 100));
  edited('changed.yaml', (doc) => {
    doc.components.parameters.PageSize.schema.maximum = 100;
    doc.components.schemas.ConversationState.enum.push('initializing');
  });
  const page = makePage({
    items: [makeConversation(1), makeConversation(2)],
    page: 0,
    pageSize: 50,
    origin: 'https://conversations.twilio.com',
  });
  (page.conversations[0] as Record<string, unknown>).friendly_name = 42;
  (page.conversations[1] as Record<string, unknown>).state = 'archived';
  mkdirSync(path.join(WORK, 'bad'));
  writeFileSync(path.join(WORK, 'bad', 'page-1.json'), JSON.stringify(page, null, 2));
  const upstream = 'contract-tests/fixtures/upstream/list-service-conversations.json';
  mkdirSync(path.dirname(path.join(WORK, upstream)), { recursive: true });
  writeFileSync(path.join(WORK, upstream), readFileSync(path.join(ROOT, upstream)));
  // A repository whose main branch holds the spec, for `diff main`.
  const git = (...args: string[]) =>
    runProcess('git', ['-c', 'user.name=docs', '-c', 'user.email=docs@example.test', ...args], {
      cwd: WORK,
      env: baseEnv(),
    });
  for (const args of [
    ['init', '-q', '-b', 'main'],
    ['add', 'openapi'],
    ['commit', '-q', '-m', 'spec'],
  ]) {
    const done = await git(...args);
    if (done.code !== 0) throw new Error(`git ${args.join(' ')} failed: ${done.stderr}`);
  }
  mkdirSync(path.join(WORK, 'recordings'));
  const live = await runCli(['verify', '--live', '--record', path.join(WORK, 'recordings', 'live.har')], simEnv);
  if (live.code !== 0) throw new Error(`recording a live run failed: ${live.stdout}${live.stderr}`);
}

describe('every example in the docs says how it is proven', () => {
  it('finds the examples (so the rest of this suite is not empty)', () => {
    expect(marked('run').length).toBeGreaterThanOrEqual(3);
    expect(marked('transcript').length).toBeGreaterThanOrEqual(5);
  });

  it('has a marker on every TypeScript and shell block', () => {
    const unmarked = blocks.filter((b) => needsMarker(b) && !b.marker).map(where);
    expect(unmarked).toEqual([]);
  });

  it('links only to files and headings that exist', () => {
    const broken: string[] = [];
    for (const file of documents(ROOT)) {
      for (const { line, target } of linksOf(readFileSync(path.join(ROOT, file), 'utf8'))) {
        const [linked, anchor] = target.split('#');
        const resolved = linked ? path.join(ROOT, path.dirname(file), linked) : path.join(ROOT, file);
        if (!existsSync(resolved)) broken.push(`${file}:${line}: ${target} (no such file)`);
        else if (anchor && !anchorsOf(readFileSync(resolved, 'utf8')).has(anchor))
          broken.push(`${file}:${line}: ${target} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it.each(marked('covered').map((b) => [where(b), b] as const))('%s: the test that runs it exists', (_name, block) => {
    const marker = block.marker as { file: string; title: string };
    const test = path.join(ROOT, marker.file);
    expect(existsSync(test)).toBe(true);
    expect(readFileSync(test, 'utf8')).toContain(marker.title);
  });

  it.each(marked('named').map((b) => [where(b), b] as const))(
    '%s: the test that reads it by name exists',
    (_name, block) => {
      const marker = block.marker as { file: string; name: string };
      const source = readFileSync(path.join(ROOT, marker.file), 'utf8');
      expect(source).toContain(`<!-- example: ${marker.name}`);
      expect(source).toContain(block.file);
    },
  );
});

describe("the README's two commands", () => {
  it('make demo and make test exist, and the demo lists strictly', async () => {
    const plan = await runProcess('make', ['-n', 'demo', 'test'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' } });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('bin/conversations-contract.js list --mock --validate strict');
    const demo = await runCli(['list', '--mock', '--validate', 'strict']);
    expect(demo).toMatchObject({ code: 0, stderr: '' });
    expect(demo.stdout.split('\n')[0]).toMatch(/^SID +STATE +CREATED/);
  });
});

describe('TypeScript examples run', () => {
  it.each(marked('run').map((b) => [where(b), b] as const))('%s', async (name, block) => {
    const dir = path.join(DIR, name.replace(/[^a-z0-9]+/gi, '-'));
    mkdirSync(dir, { recursive: true });
    symlinkSync(path.join(WORK, 'recordings'), path.join(dir, 'recordings')); // the files an example reads
    writeFileSync(path.join(dir, 'example.mts'), block.code);
    const result = await runProcess(process.execPath, [TSX, 'example.mts'], {
      cwd: dir,
      env: { ...baseEnv(), ...simEnv },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    if (block.marker?.kind === 'run' && block.marker.printsBelow) {
      expect(block.next?.lang).toBe('text');
      expect(result.stdout).toBe(block.next!.code);
    }
  });
});

describe('TypeScript examples type-check', () => {
  it('every typecheck block compiles against the package under strict settings', async () => {
    const dir = path.join(DIR, 'types');
    mkdirSync(dir, { recursive: true });
    const files = new Map<string, { block: DocBlock; prelude: number }>();
    for (const block of marked('typecheck')) {
      const given = (block.marker as { given: string[] }).given.map((n) => {
        if (!GIVEN[n]) throw new Error(`${where(block)}: no type is known for the given name "${n}"`);
        return GIVEN[n];
      });
      const file = `${where(block).replace(/[^a-z0-9]+/gi, '-')}.mts`;
      writeFileSync(path.join(dir, file), `${given.join('\n')}\n${block.code}export {};\n`);
      files.set(file, { block, prelude: given.length + 1 });
    }
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          target: 'es2022',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ['node', 'jest'],
        },
        include: ['*.mts'],
      }),
    );
    const result = await runProcess(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: dir, env: baseEnv() });
    // Each error named at its line in the document.
    const errors = result.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const at = /^(.+?\.mts)\((\d+),\d+\): (.*)$/.exec(line);
        const source = at && files.get(at[1]!);
        return source ? `${source.block.file}:${source.block.line + Number(at[2]) - source.prelude}: ${at[3]}` : line;
      });
    expect(errors).toEqual([]);
    expect(result.code).toBe(0);
    expect(files.size).toBeGreaterThanOrEqual(2);
  });
});

describe('shell transcripts print what they show', () => {
  it.each(marked('transcript').map((b) => [where(b), b] as const))('%s', async (_name, block) => {
    const marker = block.marker as { interrupt: boolean; simulator: boolean };
    const env = { ...baseEnv(), ...(marker.simulator ? simEnv : {}) };
    const steps = transcriptSteps(block.code);
    let last = 0;
    for (const [i, step] of steps.entries()) {
      const interrupt = marker.interrupt && i === steps.length - 1;
      const actual = interrupt ? await untilShown(step.command, step.expected.length, env) : await run(step.command);
      const shown = normalise(step.expected.join('\n'));
      // On a mismatch, the failure shows the command with both outputs.
      if (!matchesShown(shown, actual))
        expect({ command: step.command, output: actual }).toEqual({ command: step.command, output: shown });
    }

    // One command in bash, stdout and stderr as one stream; `$?` is the previous command's status.
    async function run(command: string): Promise<string[]> {
      const result = await runProcess('bash', ['-c', `(exit ${last}); { ${command}\n} 2>&1`], { cwd: WORK, env });
      last = result.code ?? 1;
      return normalise(result.stdout);
    }
  });
});

/**
 * Runs a command that serves until stopped: once it has printed as many lines as the docs show, it
 * gets SIGINT, as from Ctrl-C, and its output so far is returned. Waits on its output, not a timer.
 */
function untilShown(command: string, lines: number, env: Record<string, string>): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', `exec ${command} 2>&1`], { cwd: WORK, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.split('\n').length > lines) child.kill('SIGINT');
    });
    child.once('error', reject);
    child.once('close', () => resolve(normalise(out).slice(0, lines)));
  });
}
