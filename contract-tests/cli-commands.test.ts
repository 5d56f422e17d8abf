import { spec } from '../src';
import { exampleServiceSid, OPERATION_PATH } from '../src/spec';
import { runCli, spawnCli } from './support/cli';

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
  it.each([['70000', /must be a port number, 1 to 65535/], ['abc', /must be a whole number/]])('--port %s: exit 2, one line, no Prism', async (value, message) => {
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

  it('mock prints its URL, serves the spec until Ctrl-C, then stops Prism and exits 0', async () => {
    const cli = spawnCli(['mock']);
    await cli.waitForStdout((out) => out.includes('\n'), 30_000);
    const url = cli.stdout.trim();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const service = exampleServiceSid();
    const answer = await fetch(`${url}${OPERATION_PATH.replace('{ChatServiceSid}', service)}`, { headers: { Authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { conversations: unknown[] }).conversations).toEqual(firstExample().conversations);
    cli.child.kill('SIGINT');
    const result = await cli.done;
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^Prism is serving .*conversations\.yaml on http:\/\/127\.0\.0\.1:\d+; Ctrl-C stops it\.\nTry: curl /);
    await expect(fetch(url)).rejects.toThrow();
  });
});
