import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';

const ROOT = path.resolve(__dirname, '..');
export const BIN = path.join(ROOT, 'bin', 'conversations-contract.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliProcess {
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** Output so far. */
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves when the process has exited and its pipes are closed. */
  done: Promise<CliResult>;
  /** Resolves once stdout satisfies the test (checked on every chunk). */
  waitForStdout(test: (stdout: string) => boolean): Promise<void>;
  /** Resolves once stderr satisfies the test. */
  waitForStderr(test: (stderr: string) => boolean): Promise<void>;
}

/**
 * Starts the real bin as a user would: a separate process, with only the environment given, on
 * Node (the one running the tests) or another runtime's binary (`runner`, e.g. Bun).
 */
export function spawnCli(args: string[], env: Record<string, string> = {}, runner = process.execPath): CliProcess {
  if (!existsSync(path.join(ROOT, 'dist', 'src', 'cli', 'main.js')))
    throw new Error('dist/ is missing: run `make build` (make test does) before the CLI tests');
  const child = spawn(runner, [BIN, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const watchers = new Set<() => void>();
  child.stdout.on('data', (d) => {
    stdout += d;
    for (const w of watchers) w();
  });
  child.stderr.on('data', (d) => {
    stderr += d;
    for (const w of watchers) w();
  });
  // Resolves once the stream's text so far satisfies the test (checked on every chunk of either stream);
  // rejects if the process exits first. No timer: a process that never prints hangs the test until jest's limit.
  function waitFor(name: 'stdout' | 'stderr', test: (text: string) => boolean): Promise<void> {
    const text = () => (name === 'stdout' ? stdout : stderr);
    return new Promise((resolve, reject) => {
      const check = () => {
        if (test(text())) finish();
      };
      function finish(error?: Error) {
        watchers.delete(check);
        if (error) reject(error);
        else resolve();
      }
      watchers.add(check);
      void done.then(() =>
        finish(
          test(text())
            ? undefined
            : new Error(`the process exited before ${name} satisfied the test; stderr: ${stderr}`),
        ),
      );
      check();
    });
  }
  const done = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    done,
    waitForStdout: (test) => waitFor('stdout', test),
    waitForStderr: (test) => waitFor('stderr', test),
  };
}

/** Runs the real bin to completion. */
export function runCli(args: string[], env: Record<string, string> = {}, runner?: string): Promise<CliResult> {
  return spawnCli(args, env, runner).done;
}

/** Runs any command to its end with only the environment given, collecting its output. */
export function runProcess(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string>; uid?: number; gid?: number },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/**
 * Runs `mock ARGS` (on Node, or `runner`) until it prints its URL, hands the URL and the process to
 * `body`, then stops it with SIGTERM and waits for it to exit, whatever `body` did.
 */
export async function withMock<T>(
  args: string[],
  env: Record<string, string>,
  body: (url: string, mock: CliProcess) => Promise<T>,
  runner?: string,
): Promise<T> {
  const mock = spawnCli(['mock', ...args], env, runner);
  try {
    await mock.waitForStdout((out) => /^http:\/\/127\.0\.0\.1:\d+\n/.test(out));
    return await body(mock.stdout.trim(), mock);
  } finally {
    mock.child.kill('SIGTERM');
    await mock.done;
  }
}
