import { spec } from '../src';
import { exampleServiceSid, OPERATION_PATH } from '../src/spec/spec';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { BIN, runCli, spawnCli } from '../test-support/cli';

// The bin's surface: help for every subcommand, and the two that need no account (`list --mock`, `mock`).
jest.setTimeout(60_000);

const SUBCOMMANDS = ['list', 'mock', 'verify', 'diff', 'drift'];
const firstExample = () => {
  const examples = (spec.paths[OPERATION_PATH].get.responses['200'] as any).content['application/json'].examples;
  return Object.values(examples as Record<string, { value: { conversations: { sid: string }[] } }>)[0]!.value;
};

describe('help', () => {
  it.each(SUBCOMMANDS)('%s --help describes every option and shows an example and the exit codes', async (name) => {
    const result = await runCli([name, '--help']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain(`Usage: conversations-contract ${name}`);
    expect(result.stdout).toMatch(new RegExp(`Examples:\\n  \\$ conversations-contract ${name}`));
    expect(result.stdout).toMatch(/Exit status: 0\b/);
  });

  it('--version prints the version from package.json', async () => {
    const result = await runCli(['--version']);
    expect(result).toMatchObject({
      code: 0,
      stderr: '',
      stdout: `conversations-contract ${require('../package.json').version}\n`,
    });
  });

  it('a reader that leaves early (--help | head -1) ends the bin quietly', async () => {
    const out = execFileSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" --help | head -1`], {
      encoding: 'utf8',
    });
    expect(out).toBe('Usage: conversations-contract [options] [command]\n');
  });

  it('mock names the cause in one line when Prism cannot start (the port is taken)', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const result = await runCli(['mock', '--port', String(port)]);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `conversations-contract: Prism could not start: port ${port} on 127.0.0.1 is already in use (listen EADDRINUSE: address already in use 127.0.0.1:${port}); pick another with --port, or stop what uses it (more with --debug)\n`,
      );
    } finally {
      blocker.close();
    }
  });

  it('the top-level help lists every subcommand', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const name of SUBCOMMANDS) expect(result.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
  });

  it('no subcommand: the help on stderr and exit 2', async () => {
    const result = await runCli([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage: conversations-contract');
  });
});

describe('mock rejects a bad port', () => {
  it.each([
    ['70000', /must be a port number, 1 to 65535/],
    ['abc', /must be a whole number/],
  ])('--port %s: exit 2, one line, no Prism', async (value, message) => {
    const result = await runCli(['mock', '--port', value]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(message)]);
  });
});

describe('without an account', () => {
  it('list --mock lists the spec example through Prism', async () => {
    const result = await runCli(['list', '--mock', '--format', 'json', '--validate', 'strict']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toEqual(firstExample().conversations);
  });

  it('mock prints its URL, serves the spec until Ctrl-C, then stops Prism and exits 130', async () => {
    const cli = spawnCli(['mock']);
    await cli.waitForStdout((out) => out.includes('\n'), 30_000);
    const url = cli.stdout.trim();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const service = exampleServiceSid();
    const answer = await fetch(`${url}${OPERATION_PATH.replace('{ChatServiceSid}', service)}`, {
      headers: { Authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
    });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { conversations: unknown[] }).conversations).toEqual(firstExample().conversations);
    cli.child.kill('SIGINT');
    const result = await cli.done;
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(
      /^Prism is serving .*conversations\.yaml on http:\/\/127\.0\.0\.1:\d+; Ctrl-C stops it\.\nTry: curl /,
    );
    await expect(fetch(url)).rejects.toThrow();
  });
});
