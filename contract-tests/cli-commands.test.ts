import { spec } from '../src';
import { exampleServiceSid, OPERATION_PATH } from '../src/schema/spec';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { BIN, runCli, spawnCli, withMock } from '../test-support/cli';
import { createConversationsClient } from '../src/client/client';
import { MOCK_CREDENTIALS } from '../src/prism/launcher';
import { startSimulator } from '../src/simulator';

// The bin's surface: help for every subcommand, and the two that need no account (`list --mock`, `mock`).

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
  it('list --mock lists from the simulator, honouring the filters and the page size', async () => {
    const result = await runCli([
      'list',
      '--mock',
      '--format',
      'json',
      '--validate',
      'strict',
      '--state',
      'active',
      '--page-size',
      '9',
    ]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const sim = await startSimulator({ ...MOCK_CREDENTIALS, serviceSids: [exampleServiceSid()] });
    try {
      // The same seed and service give the same conversations (their URLs name each simulator's own port).
      const sids = (list: { sid: string | null }[]) => list.map((c) => c.sid);
      expect(sids(JSON.parse(result.stdout))).toEqual(sids(sim.conversations().filter((c) => c.state === 'active')));
    } finally {
      await sim.close();
    }
  });

  it('mock --stateful: the URL alone on stdout, the credentials it accepts on stderr, real paging, Ctrl-C exits 130', async () => {
    const cli = spawnCli(['mock', '--stateful', '--conversations', '12', '--seed', '9']);
    try {
      await cli.waitForStdout((out) => out.includes('\n'));
      await cli.waitForStderr((err) => err.includes('Try: curl'));
      const url = cli.stdout.trim();
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(cli.stderr).toContain(
        `Account SID ${MOCK_CREDENTIALS.accountSid} with Auth Token ${MOCK_CREDENTIALS.authToken}`,
      );
      const service = /Services\/(IS[0-9a-f]{32})\//.exec(cli.stderr)![1]!;
      const client = createConversationsClient({ baseUrl: url, ...MOCK_CREDENTIALS, env: {} });
      const pages = [];
      for await (const page of client.iteratePages({ chatServiceSid: service, pageSize: 5 }))
        pages.push(page.conversations.length);
      expect(pages).toEqual([5, 5, 2]);
      cli.child.kill('SIGINT');
      expect((await cli.done).code).toBe(130);
    } finally {
      cli.child.kill('SIGKILL');
    }
  });

  it('mock --stateful accepts the credentials of the environment without printing them', async () => {
    const token = 'env-secret-token-1234';
    const cli = spawnCli(['mock', '--stateful', '--conversations', '1'], {
      TWILIO_ACCOUNT_SID: `AC${'5'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: token,
    });
    try {
      await cli.waitForStdout((out) => out.includes('\n'));
      await cli.waitForStderr((err) => err.includes('Try: curl'));
      expect(cli.stderr).toContain('TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN');
      expect(cli.stderr).not.toContain(token);
      const answer = await fetch(`${cli.stdout.trim()}/v1/Services/x/Conversations`, {
        headers: { Authorization: `Basic ${Buffer.from(`AC${'5'.repeat(32)}:${token}`).toString('base64')}` },
      });
      expect(answer.status).toBe(404); // authenticated; that service does not exist
      cli.child.kill('SIGTERM');
      expect((await cli.done).code).toBe(143);
    } finally {
      cli.child.kill('SIGKILL');
    }
  });

  it('mock --stateful and list read TWILIO_CHAT_SERVICE_SID the same way: one environment, no --service anywhere', async () => {
    const env = {
      TWILIO_ACCOUNT_SID: `AC${'6'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 'shared-env-token',
      TWILIO_CHAT_SERVICE_SID: `IS${'c'.repeat(32)}`,
    };
    await withMock(['--stateful', '--conversations', '7'], env, async (url, mock) => {
      await mock.waitForStderr((err) => err.includes('Try: curl'));
      expect(mock.stderr).toContain(env.TWILIO_CHAT_SERVICE_SID);
      const listed = await runCli(['list', '--format', 'ndjson'], { ...env, TWILIO_CONVERSATIONS_BASE_URL: url });
      expect(listed.stderr).toBe('');
      expect(listed.code).toBe(0);
      expect(listed.stdout.trim().split('\n')).toHaveLength(7);
    });
  });

  it('the simulator-only flags need --stateful', async () => {
    const result = await runCli(['mock', '--faults', '429=0.1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "conversations-contract: --faults needs --stateful (Prism serves the spec's examples only)\n",
    );
    const two = await runCli(['mock', '--latency', '20', '--max-concurrent', '2']);
    expect(two.stderr).toBe(
      "conversations-contract: --latency, --max-concurrent need --stateful (Prism serves the spec's examples only)\n",
    );
  });

  it('mock prints its URL, serves the spec until Ctrl-C, then stops Prism and exits 130', async () => {
    const cli = spawnCli(['mock']);
    await cli.waitForStdout((out) => out.includes('\n'));
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
