import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSimulator, type Simulator } from '../src/simulator';
import { runCli, runProcess, withMock } from '../test-support/cli';

// The client on every runtime its users run: Node (this process's), Bun, Deno and Cloudflare
// Workers (workerd through miniflare, bundled as wrangler bundles, with and without nodejs_compat).
// Each runs contract-tests/runtimes/smoke.mjs against simulators started here, on 127.0.0.1. The
// runtimes come from tools/runtimes (npm packages with their binaries inside, pinned by its
// lockfile); `make test` installs them first.
jest.setTimeout(180_000);

const ROOT = path.resolve(__dirname, '..');
const RUNTIMES = path.join(ROOT, 'tools', 'runtimes', 'node_modules');
const BUN = path.join(RUNTIMES, '@oven', 'bun-linux-x64', 'bin', 'bun');
const DENO = path.join(RUNTIMES, '@deno', 'linux-x64-glibc', 'deno');
const MINIFLARE = path.join(RUNTIMES, 'miniflare');
const HERE = path.join(__dirname, 'runtimes');

// What every runtime must see: three pages of 250 conversations, the two faults retried, and each
// typed error where the spec and the simulators put it.
const EXPECTED = {
  pages: [100, 100, 50],
  retries: ['HTTP 429', 'HTTP 503'],
  apiError: { isTwilioApiError: true, status: 401, code: 20003 },
  inputError: { isRequestValidationError: true },
  timeout: { isTimeoutError: true, attempts: 2 },
  validation: { isResponseValidationError: true, rules: ['enum'] },
  conformance: { ok: true, findings: 0 },
};

let sims: Simulator[] = [];
let app: string;

beforeAll(() => {
  for (const binary of [BUN, DENO, MINIFLARE]) {
    if (!existsSync(binary)) throw new Error(`${binary} is missing: run \`make test\` (it installs tools/runtimes)`);
  }
  // A user's project: the package under node_modules by name, the smoke scripts beside it.
  app = mkdtempSync(path.join(tmpdir(), 'runtimes-'));
  mkdirSync(path.join(app, 'node_modules'));
  symlinkSync(ROOT, path.join(app, 'node_modules', 'twilio-conversations-contract'), 'dir');
  writeFileSync(path.join(app, 'package.json'), '{ "type": "module" }\n');
  for (const file of ['smoke.mjs', 'run-smoke.mjs']) copyFileSync(path.join(HERE, file), path.join(app, file));
});
afterAll(() => rmSync(app, { recursive: true, force: true }));
afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()));
  sims = [];
});

/** Fresh simulators for one run: a listing whose 2nd and 3rd requests fail once, one that never answers, one that breaks the spec. */
async function targets(): Promise<string> {
  let requests = 0;
  const fault = () => {
    requests++;
    return requests === 2 ? { status: 429, retryAfter: '0' } : requests === 3 ? ('503' as const) : undefined;
  };
  const listing = await startSimulator({ conversations: 250, hooks: { fault } });
  const hanging = await startSimulator({ hooks: { fault: () => ({ delayMs: 3_600_000 }) } });
  const broken = await startSimulator({
    hooks: {
      page: (body) => {
        (body.conversations as { state: string }[])[0]!.state = 'bogus';
        return body;
      },
    },
  });
  sims = [listing, hanging, broken];
  const t = (s: Simulator) => ({
    url: s.url,
    accountSid: s.accountSid,
    authToken: s.authToken,
    serviceSid: s.serviceSid,
  });
  return JSON.stringify({ listing: t(listing), hanging: t(hanging), broken: t(broken) });
}

/** Runs a command to its end; its last stdout line is the smoke run's JSON. */
async function run(command: string, args: string[], cwd: string): Promise<unknown> {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    NO_COLOR: '1',
    DENO_NO_UPDATE_CHECK: '1',
  };
  const { code, stdout, stderr } = await runProcess(command, args, { cwd, env });
  if (code !== 0) throw new Error(`${path.basename(command)} exited ${code}: ${stderr.slice(-2000)}`);
  const last = stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last);
  } catch {
    throw new Error(`${path.basename(command)} printed no JSON: ${stdout.slice(-1000)} ${stderr.slice(-1000)}`);
  }
}

describe('the client and /conformance on each runtime', () => {
  it(`Node ${process.versions.node}`, async () => {
    expect(await run(process.execPath, ['run-smoke.mjs', await targets()], app)).toEqual(EXPECTED);
  });

  it('Bun', async () => {
    expect(await run(BUN, ['run-smoke.mjs', await targets()], app)).toEqual(EXPECTED);
  });

  it('Deno', async () => {
    expect(await run(DENO, ['run', '-A', 'run-smoke.mjs', await targets()], app)).toEqual(EXPECTED);
  });

  // Bundled from inside the repository, so esbuild resolves the package by its own name.
  it.each(['plain', 'compat'])('Cloudflare Workers (workerd), %s', async (mode) => {
    const script = path.join(HERE, 'run-worker.mjs');
    expect(await run(process.execPath, [script, MINIFLARE, mode, await targets()], ROOT)).toEqual(EXPECTED);
  });
});

describe('the CLI and the simulator on Bun', () => {
  const SERVICE = 'IS' + 'b'.repeat(32);
  it('lists from a simulator Bun serves, with Bun running the CLI, every page checked strictly', async () => {
    const strictList = [
      'list',
      '--service',
      SERVICE,
      '--format',
      'ndjson',
      '--validate',
      'strict',
      '--page-size',
      '50',
    ];
    const credentials = { TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000000', TWILIO_AUTH_TOKEN: 'mock-token' };
    await withMock(
      ['--stateful', '--conversations', '120', '--service', SERVICE],
      {},
      async (url) => {
        const sids = await runCli([...strictList, '--base-url', url], credentials, BUN);
        expect(sids.stderr).toBe('');
        expect(sids.code).toBe(0);
        expect(sids.stdout.trim().split('\n')).toHaveLength(120);
      },
      BUN,
    );
  });
});
