import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../src/cli/main';
import { startSimulator, type Simulator } from '../src/simulator';
import { makeConversation, makePage } from '../test-support/fixtures';

// Every flag of every command, and every positional argument, given values a user can type by
// mistake (or on purpose): none may end in "unexpected error" or a stack trace, and the exit code
// is one the README names (0, 1 for a finding, 2 for bad input). The commands run in-process
// against the simulator and files in a temporary folder, which is also the working directory, so a
// relative output path lands there.
jest.setTimeout(300_000);

const ROOT = path.resolve(__dirname, '..');
const SPEC = path.join(ROOT, 'openapi', 'conversations.yaml');
const UPSTREAM = path.join(ROOT, 'contract-tests', 'fixtures', 'upstream', 'list-service-conversations.json');

const BAD_VALUES = [
  '',
  ' ',
  '-1',
  '0',
  '1.5',
  '1e400',
  'abc',
  'x\u0000y',
  'é'.repeat(3000),
  '/nonexistent/folder/file',
  '%zz',
  'http://[::1',
  'IS' + 'z'.repeat(32),
  '.',
];

let sim: Simulator;
let dir: string;
let cwd: string;
let recorded: string;

beforeAll(async () => {
  sim = await startSimulator({ conversations: 20 });
  dir = mkdtempSync(path.join(tmpdir(), 'flag-sweep-'));
  recorded = path.join(dir, 'page.json');
  const items = [0, 1, 2].map((i) => makeConversation(i));
  writeFileSync(
    recorded,
    JSON.stringify(makePage({ items, page: 0, pageSize: 50, origin: 'https://conversations.twilio.com' })),
  );
  cwd = process.cwd();
  process.chdir(dir);
});
afterAll(async () => {
  process.chdir(cwd);
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI in-process; a server it starts (mock) is stopped with SIGINT once it prints its URL. */
async function cli(argv: string[]): Promise<{ code: number; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const signals = new EventEmitter();
  let err = '';
  stderr.on('data', (d) => (err += d));
  // Stopped as a user would stop it: Ctrl-C once it serves (whichever comes first, the URL or its handler).
  let serving = false;
  const stop = () => {
    if (serving && signals.listenerCount('SIGINT') > 0) setImmediate(() => signals.emit('SIGINT'));
  };
  signals.on('newListener', (name) => name === 'SIGINT' && setImmediate(stop));
  stdout.on('data', (d: Buffer) => {
    if (/^http:\/\/127\.0\.0\.1:\d+\n/.test(d.toString())) {
      serving = true;
      stop();
    }
  });
  const env = {
    TWILIO_ACCOUNT_SID: sim.accountSid,
    TWILIO_AUTH_TOKEN: sim.authToken,
    TWILIO_CONVERSATIONS_BASE_URL: sim.url,
    NO_COLOR: '1',
  };
  const code = await main(argv, { stdout, stderr, env, signals });
  return { code, stderr: err };
}

/** The value-taking flags of a command, read from its own --help. */
async function valueFlags(command: string): Promise<string[]> {
  const stdout = new PassThrough();
  let help = '';
  stdout.on('data', (d) => (help += d));
  await main([command, '--help'], { stdout, stderr: new PassThrough(), env: {} });
  return [...help.matchAll(/^\s+(?:-\w, )?(--[a-z-]+) [<[]/gm)].map((m) => m[1]!);
}

const BASELINES: Record<string, () => string[]> = {
  list: () => ['list', '--service', sim.serviceSid, '--limit', '3', '--format', 'ndjson'],
  mock: () => ['mock', '--stateful'],
  verify: () => ['verify', recorded],
  diff: () => ['diff', SPEC, SPEC],
  drift: () => ['drift', UPSTREAM, '--ours', SPEC],
};

function expectHandled(argv: string[], result: { code: number; stderr: string }) {
  const shown = `${JSON.stringify(argv).slice(0, 300)} -> ${result.code}: ${result.stderr.slice(0, 300)}`;
  expect({ shown, unexpected: /unexpected error|\n\s+at /.test(result.stderr) }).toEqual({ shown, unexpected: false });
  expect({ shown, code: [0, 1, 2].includes(result.code) }).toEqual({ shown, code: true });
}

describe.each(Object.keys(BASELINES))('%s', (command) => {
  it('handles every flag given a bad value', async () => {
    const flags = await valueFlags(command);
    expect(flags.length).toBeGreaterThan(0);
    for (const flag of flags) {
      for (const value of BAD_VALUES) {
        const argv = [...BASELINES[command]!(), flag, value];
        if (process.env.SWEEP_DEBUG) process.stderr.write(`${JSON.stringify(argv).slice(0, 120)}\n`);
        expectHandled(argv, await cli(argv));
      }
    }
  });
});

// The commands that take paths (files, folders, git refs or URLs) as arguments.
describe.each(['verify', 'diff', 'drift'])('%s', (command) => {
  it('handles bad positional arguments', async () => {
    const [name, ...rest] = BASELINES[command]!();
    const positions =
      rest.findIndex((a) => a.startsWith('--')) === -1 ? rest.length : rest.findIndex((a) => a.startsWith('--'));
    expect(positions).toBeGreaterThan(0);
    for (let at = 0; at < positions; at++) {
      for (const value of BAD_VALUES) {
        const args = rest.slice();
        args[at] = value;
        const argv = [name!, ...args];
        expectHandled(argv, await cli(argv));
      }
    }
  });
});
