import { runCli } from '../test-support/cli';
import { makeConversation } from '../test-support/fixtures';
import { fakeTwilioEnv, startFakeTwilio } from '../test-support/twilio-server';

// `verify --live` keeps findings and counters, never the responses or their items: listing a
// service of 100,000 conversations (over 3,000 pages with the filtered listings) must fit in a
// heap far smaller than those items would take (~150 MB as objects).
jest.setTimeout(120_000);

it('verify --live runs in flat memory: 100,000 conversations inside a 64 MB heap', async () => {
  const conversations = Array.from({ length: 100_000 }, (_, i) => makeConversation(i));
  const server = await startFakeTwilio({ conversations });
  try {
    const result = await runCli(['verify', '--live', '--max-pages', '5000', '--format', 'json'], {
      ...fakeTwilioEnv(server),
      NODE_OPTIONS: '--max-old-space-size=64',
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { exchanges: number; ok: boolean };
    expect(report.ok).toBe(true);
    expect(report.exchanges).toBeGreaterThan(2000);
  } finally {
    await server.stop();
  }
});
