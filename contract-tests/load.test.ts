import { runCli } from '../test-support/cli';
import { makeConversation } from '../test-support/fixtures';
import { fakeTwilioEnv, startFakeTwilio } from '../test-support/twilio-server';

// Load (#26 class 8): `list --concurrency K` against a server that answers 429 to everything for a
// while finishes, delivers each conversation exactly once and sends a bounded number of requests:
// in a listing by day a request may be retried after up to 8 429s (and 3 other failures), so a
// listing of P pages sends at most 12 x P requests, whatever the storm; past that it stops with a
// clear error, no storm of its own. The storm is counted in requests and each 429 says
// Retry-After: 0, so no test waits on a clock.

// 8 days of 3 pages (PageSize 50).
const data = Array.from({ length: 8 * 150 }, (_, i) => {
  const day = Math.floor(i / 150);
  const second = (i % 150) * 500;
  return {
    ...makeConversation(i),
    date_created: new Date(Date.UTC(2026, 2, 1 + day) + second * 1000).toISOString().replace('.000Z', 'Z'),
  };
});

const PAGES = 8 * 3;

describe('list --concurrency against a 429 storm', () => {
  it.each([4, 8])(
    'K = %i: finishes, each item exactly once, at most 12 requests a page',
    async (k) => {
      const storm = 3 * k; // every request of the first rounds gets a 429
      const server = await startFakeTwilio({
        conversations: data,
        fault: (i) => (i < storm ? { kind: 'status', status: 429, retryAfter: '0' } : undefined),
      });
      try {
        const result = await runCli(
          [
            'list',
            '--start-date',
            '2026-03-01',
            '--end-date',
            '2026-03-08',
            '--concurrency',
            String(k),
            '--format',
            'ndjson',
          ],
          fakeTwilioEnv(server),
        );
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
        const sids = result.stdout
          .trim()
          .split('\n')
          .map((l) => (JSON.parse(l) as { sid: string }).sid);
        expect(sids).toHaveLength(data.length);
        expect(new Set(sids).size).toBe(data.length);
        expect(server.requests.filter((r) => r.status === 429)).toHaveLength(storm);
        expect(server.requests.length).toBeLessThanOrEqual(12 * PAGES);
      } finally {
        await server.stop();
      }
    },
    60_000,
  );

  it('a storm longer than the retries stops with a clear 429 error (exit 1), not a flood', async () => {
    const server = await startFakeTwilio({
      conversations: data,
      fault: () => ({ kind: 'status', status: 429, retryAfter: '0' }),
    });
    try {
      const result = await runCli(
        ['list', '--start-date', '2026-03-01', '--end-date', '2026-03-08', '--concurrency', '4', '--format', 'ndjson'],
        fakeTwilioEnv(server),
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/HTTP 429/);
      expect(server.requests.length).toBeLessThanOrEqual(9 * 8); // at most 1 + 8 attempts for each day's first page
    } finally {
      await server.stop();
    }
  }, 60_000);
});
