import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  FIXTURE_ACCOUNT_SID,
  FIXTURE_AUTH_TOKEN,
  FIXTURE_SERVICE_SID,
  makeConversation,
} from '../test-support/fixtures';
import { startFakeTwilio, type FakeTwilio } from '../test-support/twilio-server';

// The package as users meet it: `npm pack`, installed into a fresh project with production
// dependencies only, then used from ESM, CommonJS, TypeScript and the shell.
jest.setTimeout(180_000);

const ROOT = path.resolve(__dirname, '..');
const BIN = (name: string) => path.join(ROOT, 'node_modules', '.bin', name);
const run = promisify(execFile);

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function sh(file: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(file, args, {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      maxBuffer: 32 << 20,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const data = Array.from({ length: 12 }, (_, i) => makeConversation(i));
let dir: string;
let tarball: string;
let files: string[];
let server: FakeTwilio;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'consumer-'));
  const packed = await sh('npm', ['pack', '--json', '--pack-destination', dir], ROOT);
  expect(packed.code).toBe(0);
  const [info] = JSON.parse(packed.stdout) as [{ filename: string; files: { path: string }[] }];
  tarball = path.join(dir, info.filename);
  files = info.files.map((f) => f.path);
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'commonjs' }),
  );
  // --prefer-offline: npm ci caches tarballs but not registry metadata, so on a fresh machine the
  // metadata must still be fetched; tarballs already in the cache are reused.
  const installed = await sh(
    'npm',
    ['install', '--prefer-offline', '--omit=dev', '--no-audit', '--no-fund', tarball],
    dir,
  );
  if (installed.code !== 0) throw new Error(`installing the tarball failed:\n${installed.stderr}`);
  server = await startFakeTwilio({ conversations: data });
});

afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const userEnv = () => ({
  TWILIO_ACCOUNT_SID: FIXTURE_ACCOUNT_SID,
  TWILIO_AUTH_TOKEN: FIXTURE_AUTH_TOKEN,
  TWILIO_CONVERSATIONS_BASE_URL: server.url,
});

describe('the tarball', () => {
  it('holds the built code with its declarations, the spec, the generated types, README, LICENSE and CHANGELOG', () => {
    for (const needed of [
      'dist/src/index.js',
      'dist/src/index.d.ts',
      'dist/generated/conversations.d.ts',
      'dist/generated/validators-params.cjs',
      'openapi/conversations.yaml',
      'openapi/upstream-differences.yaml',
      'bin/conversations-contract.js',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      'package.json',
    ]) {
      expect(files).toContain(needed);
    }
  });

  it('holds nothing users do not need: no tests, fixtures, bench, TypeScript sources or source maps', () => {
    const unwanted = files.filter(
      (f) =>
        /(^|\/)(contract-tests|bench|scripts|fixtures|src)\//.test(f.replace(/^dist\/src\//, '')) ||
        /\.test\.|\.map$|\.ts$/.test(f.replace(/\.d\.ts$/, '')),
    );
    expect(unwanted).toEqual([]);
  });

  it('publint finds no problems in the installed package', async () => {
    const result = await sh(
      BIN('publint'),
      ['run', path.join(dir, 'node_modules', 'twilio-conversations-contract'), '--pack', 'false', '--strict'],
      ROOT,
    );
    expect(result.stdout + result.stderr).toContain('All good!');
    expect(result.code).toBe(0);
  });

  it('are-the-types-wrong finds no problems for node16 (CJS and ESM) and bundler resolution', async () => {
    // node10 resolution cannot read an exports map and the package needs Node >= 20.19; openapi.yaml is an asset, not a module.
    // The report goes to a file: attw exits 1 for the expected ./vitest warning, and a process that
    // exits with output still queued for a pipe loses its tail (a file is written synchronously).
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'attw-')), 'report.json');
    await sh(
      'bash',
      [
        '-c',
        '"$0" "$1" --profile node16 --exclude-entrypoints ./openapi.yaml --format json > "$2"',
        BIN('attw'),
        tarball,
        out,
      ],
      ROOT,
    );
    const report = JSON.parse(readFileSync(out, 'utf8')) as {
      analysis: { entrypoints: Record<string, unknown> };
      problems?: Record<string, { resolutionKind?: string; entrypoint?: string }[]>;
    };
    expect(Object.keys(report.analysis.entrypoints).sort()).toEqual(
      [
        '.',
        './ajv',
        './conformance',
        './jest',
        './node',
        './openapi.json',
        './opentelemetry',
        './package.json',
        './simulator',
        './types',
        './vitest',
      ].sort(),
    );
    // ./vitest is ESM only, as vitest itself is: a CommonJS require of it is expected to meet ESM.
    const problems = Object.values(report.problems ?? {})
      .flat()
      .filter((p) => p.resolutionKind !== 'node10')
      .filter((p) => !(p.entrypoint === './vitest' && (p as { kind?: string }).kind === 'CJSResolvesToESM'));
    expect(problems).toEqual([]);
    // attw exits 1 for that expected warning alone; every other problem fails above.
  });
});

describe('a consumer project', () => {
  it('imports the client from ESM, lists through it, and resolves the exported spec', async () => {
    writeFileSync(
      path.join(dir, 'esm.mjs'),
      `import { createConversationsClient, RequestValidationError } from 'twilio-conversations-contract';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const client = createConversationsClient();
const sids = [];
for await (const c of client.iterateConversations({ chatServiceSid: '${FIXTURE_SERVICE_SID}', pageSize: 5, limit: 7 })) sids.push(c.sid);
const spec = readFileSync(fileURLToPath(import.meta.resolve('twilio-conversations-contract/openapi.yaml')), 'utf8');
console.log(JSON.stringify({ sids, openapi: /^openapi: 3\\.1/m.test(spec), typed: typeof RequestValidationError }));
`,
    );
    const result = await sh(process.execPath, ['esm.mjs'], dir, userEnv());
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      sids: data.slice(0, 7).map((c) => c.sid),
      openapi: true,
      typed: 'function',
    });
  });

  it('requires the client from CommonJS; bad input throws the typed error and sends nothing', async () => {
    writeFileSync(
      path.join(dir, 'cjs.cjs'),
      `const { createConversationsClient, RequestValidationError } = require('twilio-conversations-contract');
const spec = require('twilio-conversations-contract/openapi.json');
(async () => {
  const client = createConversationsClient();
  const page = await client.listConversations({ chatServiceSid: '${FIXTURE_SERVICE_SID}', pageSize: 3 });
  let rejected = null;
  try { await client.listConversations({ chatServiceSid: '${FIXTURE_SERVICE_SID}', pageSize: 5000 }); } catch (e) { rejected = e instanceof RequestValidationError ? e.parameter : String(e); }
  console.log(JSON.stringify({ sids: page.conversations.map((c) => c.sid), rejected, max: spec.components.parameters.PageSize.schema.maximum }));
})();
`,
    );
    const before = server.requests.length;
    const result = await sh(process.execPath, ['cjs.cjs'], dir, userEnv());
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      sids: data.slice(0, 3).map((c) => c.sid),
      rejected: 'PageSize',
      max: 1000,
    });
    expect(server.requests.length - before).toBe(1);
  });

  const consumer = `import { createConversationsClient, type Conversation, type ConversationPage } from 'twilio-conversations-contract';
import type { paths } from 'twilio-conversations-contract/types';

type Query = NonNullable<paths['/v1/Services/{ChatServiceSid}/Conversations']['get']['parameters']['query']>;
export const query: Query = { PageSize: 10, State: 'active' };

export async function names(): Promise<string[]> {
  const client = createConversationsClient();
  const page: ConversationPage = await client.listConversations({ chatServiceSid: 'IS0123', state: 'closed' });
  const first: Conversation | undefined = page.conversations[0];
  return [first?.friendly_name ?? first?.sid ?? ''];
}
`;
  const broken = `${consumer}
export const wrong = createConversationsClient().listConversations({ chatServiceSid: 'IS0123', state: 'archived' });
`;
  // Two consumers: a Node project (node16 resolution, @types/node, one CommonJS and one ES module file)
  // and a bundler project (bundler resolution, the DOM's fetch types). Each checks a good file and a
  // broken one in one run: the only error must be the deliberate one.
  const settings: Record<string, { options: Record<string, unknown>; exts: string[] }> = {
    'node16, CommonJS and ES module files': {
      options: {
        module: 'node16',
        moduleResolution: 'node16',
        typeRoots: [path.join(ROOT, 'node_modules', '@types')],
        types: ['node'],
      },
      exts: ['ts', 'mts'],
    },
    bundler: {
      options: { module: 'esnext', moduleResolution: 'bundler', lib: ['es2022', 'dom'], types: [] },
      exts: ['ts'],
    },
  };

  it.each(Object.keys(settings))(
    'a TypeScript consumer type-checks under %s, and a deliberate type error in it is caught',
    async (name) => {
      const { options, exts } = settings[name]!;
      const files = exts.flatMap((ext) => {
        writeFileSync(path.join(dir, `consumer.${ext}`), consumer);
        writeFileSync(path.join(dir, `broken.${ext}`), broken);
        return [`consumer.${ext}`, `broken.${ext}`];
      });
      writeFileSync(
        path.join(dir, 'tsconfig.json'),
        JSON.stringify({ compilerOptions: { noEmit: true, strict: true, target: 'es2022', ...options }, files }),
      );
      const result = await sh(BIN('tsc'), ['-p', 'tsconfig.json'], dir);
      const errors = result.stdout.trim().split('\n').sort();
      expect(errors).toEqual(
        exts
          .sort()
          .map((ext) =>
            expect.stringMatching(
              new RegExp(`^broken\\.${ext}\\(14,\\d+\\): error TS2322: Type '"archived"' is not assignable`),
            ),
          ),
      );
      expect(result.code).not.toBe(0);
    },
  );

  it('runs the bin: --help, list --mock on the bundled simulator, and a one-line install hint when mock finds no Prism', async () => {
    const bin = path.join(dir, 'node_modules', '.bin', 'conversations-contract');
    const help = await sh(bin, ['--help'], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: conversations-contract');
    // No Prism in a production install: list --mock needs none (the simulator ships in the package).
    const listed = await sh(
      bin,
      ['list', '--mock', '--format', 'ndjson', '--state', 'closed', '--page-size', '7'],
      dir,
    );
    expect(listed.code).toBe(0);
    const rows = listed.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { state: string });
    expect(rows.length).toBeGreaterThan(7);
    expect(rows.every((r) => r.state === 'closed')).toBe(true);
    const mock = await sh(bin, ['mock'], dir);
    expect(mock.code).toBe(2);
    expect(mock.stderr).toBe(
      'conversations-contract: Prism is not installed: run `npm install --save-dev @stoplight/prism-cli@5.16.0`.\n',
    );
    // Options are checked before a mock starts, so a bad one is reported as itself.
    const bad = await sh(bin, ['list', '--mock', '--page-size', '5000'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'conversations-contract: PageSize 5000 is invalid: must be a whole number from 1 to 1000. Nothing was sent.\n',
    );
  });

  it('starts the simulator from twilio-conversations-contract/simulator, as a globalSetup would, and lists through it', async () => {
    const script = `
      const { startSimulator } = require('twilio-conversations-contract/simulator');
      const { createConversationsClient } = require('twilio-conversations-contract');
      (async () => {
        const sim = await startSimulator({ conversations: 25, seed: 3 });
        const client = createConversationsClient({ baseUrl: sim.url, accountSid: sim.accountSid, authToken: sim.authToken, env: {}, validation: 'strict' });
        let n = 0;
        for await (const c of client.iterateConversations({ chatServiceSid: sim.serviceSid, pageSize: 10, state: 'active' })) n++;
        console.log(n === sim.conversations().filter((c) => c.state === 'active').length && n > 0 ? 'ok' : 'mismatch ' + n);
        await sim.close();
      })();
    `;
    const result = await sh(process.execPath, ['-e', script], dir);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('ok');
  });

  // The matchers as a user's own test suite runs them, from the installed tarball: a page fetched from
  // the package's simulator passes; the same page with a wrong type fails, naming the pointer.
  const matcherSuite = (framework: 'jest' | 'vitest') => `
    ${framework === 'vitest' ? "import { expect, test, beforeAll, afterAll } from 'vitest';\nimport 'twilio-conversations-contract/vitest';\nimport { startSimulator } from 'twilio-conversations-contract/simulator';" : "const { startSimulator } = require('twilio-conversations-contract/simulator');"}
    let sim, page;
    beforeAll(async () => {
      sim = await startSimulator({ conversations: 8, seed: 4 });
      const url = sim.url + '/v1/Services/' + sim.serviceSid + '/Conversations?PageSize=5';
      const auth = 'Basic ' + Buffer.from(sim.accountSid + ':' + sim.authToken).toString('base64');
      page = await (await fetch(url, { headers: { Authorization: auth } })).json();
    });
    afterAll(() => sim.close());
    test('a page from the simulator passes', () => {
      expect(page).toBeValidConversationsPage();
      expect(page.conversations[0]).toBeValidConversation();
    });
    test('a broken page fails, naming the pointer', () => {
      const broken = structuredClone(page);
      broken.conversations[1].friendly_name = 42;
      expect(broken).not.toBeValidConversationsPage();
      expect(() => expect(broken).toBeValidConversationsPage()).toThrow('/conversations/1/friendly_name [type]');
    });
  `;

  it('the matchers work in a jest suite of the consumer, registered by setupFilesAfterEnv', async () => {
    writeFileSync(path.join(dir, 'matchers.test.js'), matcherSuite('jest'));
    const config = JSON.stringify({
      rootDir: dir,
      testEnvironment: 'node',
      transform: {},
      testMatch: ['<rootDir>/matchers.test.js'],
      setupFilesAfterEnv: ['twilio-conversations-contract/jest'],
    });
    const result = await sh(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--config', config, '--ci'],
      dir,
    );
    expect(result.stderr).toMatch(/Tests:\s+2 passed, 2 total/);
    expect(result.code).toBe(0);
  });

  it('the matchers work in a vitest suite of the consumer, registered by importing twilio-conversations-contract/vitest', async () => {
    writeFileSync(path.join(dir, 'matchers.test.mjs'), matcherSuite('vitest'));
    // vitest is the consumer's own dev dependency; here it is lent from this repository.
    symlinkSync(path.join(ROOT, 'node_modules', 'vitest'), path.join(dir, 'node_modules', 'vitest'), 'dir');
    const result = await sh(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', dir, 'matchers.test.mjs'],
      dir,
    );
    expect(result.stdout).toMatch(/Tests\s+2 passed \(2\)/);
    expect(result.code).toBe(0);
  });

  it("vitest's types learn the matchers from the import, options included", async () => {
    // Runs after the vitest suite above, which lent vitest to the consumer.
    writeFileSync(
      path.join(dir, 'types-check.mts'),
      [
        "import { expect } from 'vitest';",
        "import 'twilio-conversations-contract/vitest';",
        'expect({}).toBeValidConversationsPage({ strict: true, status: 200 });',
        'expect({}).not.toBeValidConversation();',
        '// @ts-expect-error an option the matcher does not have',
        'expect({}).toBeValidConversationsPage({ strictly: true });',
        '// @ts-expect-error a matcher that does not exist',
        'expect({}).toBeValidConversationPage();',
      ].join('\n'),
    );
    const result = await sh(
      process.execPath,
      [
        path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
        '--noEmit',
        '--strict',
        '--skipLibCheck',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--types',
        'node',
        '--typeRoots',
        path.join(ROOT, 'node_modules', '@types'),
        'types-check.mts',
      ],
      dir,
    );
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('installs the version in package.json, with production dependencies only', () => {
    const lock = JSON.parse(readFileSync(path.join(dir, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string }>;
    };
    const names = Object.keys(lock.packages)
      .filter((p) => p.startsWith('node_modules/'))
      .map((p) => p.slice('node_modules/'.length))
      .sort();
    expect(names).toEqual([
      'commander',
      'openapi-fetch',
      'openapi-typescript-helpers',
      'twilio-conversations-contract',
      'yaml',
    ]);
    expect(lock.packages['node_modules/twilio-conversations-contract']!.version).toBe(
      JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version,
    );
  });
});

describe('installed from a git URL, as people do before a release', () => {
  it('npm builds dist/ on install (prepare) from a fresh clone, and the package works', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'git-install-'));
    try {
      // A fresh clone has no dist/ and no node_modules: npm must build it on the way in.
      const clone = path.join(home, 'clone');
      expect((await sh('git', ['clone', '--quiet', ROOT, clone], home)).code).toBe(0);
      expect(existsSync(path.join(clone, 'dist'))).toBe(false);
      const consumer = path.join(home, 'consumer');
      mkdirSync(consumer);
      writeFileSync(
        path.join(consumer, 'package.json'),
        JSON.stringify({ name: 'git-consumer', version: '1.0.0', private: true }),
      );
      const installed = await sh(
        'npm',
        ['install', '--prefer-offline', '--no-audit', '--no-fund', `git+file://${clone}`],
        consumer,
      );
      if (installed.code !== 0) throw new Error(`installing from git failed:\n${installed.stderr}`);
      const pkg = path.join(consumer, 'node_modules', 'twilio-conversations-contract');
      expect(existsSync(path.join(pkg, 'dist', 'src', 'index.js'))).toBe(true);
      expect(existsSync(path.join(pkg, 'dist', 'generated', 'validators-params.cjs'))).toBe(true);
      const used = await sh(
        process.execPath,
        ['-e', "const c = require('twilio-conversations-contract'); console.log(typeof c.createConversationsClient)"],
        consumer,
      );
      expect(used.stdout.trim()).toBe('function');
      const version = await sh(
        path.join(consumer, 'node_modules', '.bin', 'conversations-contract'),
        ['--version'],
        consumer,
      );
      expect(version.stdout).toMatch(/^conversations-contract \d+\.\d+\.\d+\n$/);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
