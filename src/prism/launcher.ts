import { spawn } from 'node:child_process';
import path from 'node:path';
import { specPath } from '../schema/spec-file';

/**
 * The credentials given to the mock: Prism only checks that an Authorization header is there, so
 * these are fixed placeholders (printed in help and curl lines; nothing secret).
 */
export const MOCK_CREDENTIALS = { accountSid: `AC${'0'.repeat(32)}`, authToken: 'mock-token' } as const;

export interface PrismMock {
  /** Base URL of the running mock, e.g. http://127.0.0.1:41234 */
  url: string;
  pid: number;
  /** Stops the mock and waits for it to exit. */
  stop(): Promise<void>;
  /** Resolves when Prism exits, for whatever reason. */
  exited: Promise<void>;
}

/**
 * Starts `prism mock` on the spec, on 127.0.0.1 and a free port, and resolves once it listens.
 * With `upstream`, starts `prism proxy` in front of it instead, which validates real traffic.
 * Prism is a development dependency: this throws with install advice when it is absent.
 */
export function startPrismMock(
  options: { args?: string[]; timeoutMs?: number; upstream?: string; port?: number } = {},
): Promise<PrismMock> {
  let bin: string;
  try {
    bin = path.join(path.dirname(require.resolve('@stoplight/prism-cli/package.json')), 'dist', 'index.js');
  } catch {
    throw new Error('Prism is not installed: run `npm install --save-dev @stoplight/prism-cli@5.16.0`.');
  }
  // In-process Prism cannot run under jest (it loads an ESM-only faker), so it is always a child process.
  const command = options.upstream ? ['proxy', specPath(), options.upstream] : ['mock', specPath()];
  const child = spawn(
    process.execPath,
    [bin, ...command, '-h', '127.0.0.1', '-p', String(options.port ?? 0), ...(options.args ?? [])],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`Prism did not start within ${options.timeoutMs ?? 20000} ms:\n${output.slice(-2000)}`)),
      options.timeoutMs ?? 20000,
    );
    function fail(err: Error) {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(err);
    }
    function onData(chunk: Buffer) {
      // Prism keeps logging every request; the pipe must keep being read or it fills up and Prism stalls.
      if (output.length < 64_000) output += chunk.toString();
      const match = /Prism is listening on (http:\/\/[^\s]+)/.exec(output);
      if (match && child.pid !== undefined) {
        clearTimeout(timer);
        output = '';
        child.stdout.removeAllListeners('data').on('data', () => {});
        child.stderr.removeAllListeners('data').on('data', () => {});
        const pid = child.pid;
        resolve({
          url: match[1]!.replace(/\/$/, ''),
          pid,
          exited,
          stop: async () => {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            await exited;
          },
        });
      }
    }
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', fail);
    child.once('exit', (code) =>
      fail(new Error(`${startFailure(code, output, options.port)}\n${output.slice(-2000)}`)),
    );
  });
}

/**
 * Why Prism stopped before listening, in one line. Prism prints its whole help before the actual
 * cause, which comes last (`listen EADDRINUSE: address already in use 127.0.0.1:4010`).
 */
export function startFailure(code: number | null, output: string, port?: number): string {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const cause = lines[lines.length - 1];
  if (cause && /EADDRINUSE/.test(cause)) {
    return `Prism could not start: port ${port ?? '(chosen)'} on 127.0.0.1 is already in use (${cause}); pick another with --port, or stop what uses it`;
  }
  if (cause && /EACCES/.test(cause))
    return `Prism could not start: not allowed to listen on port ${port ?? '(chosen)'} (${cause}); pick a port above 1023`;
  return `Prism could not start (exit code ${code}): ${cause ?? 'it printed nothing'}`;
}
