import { createConversationsClient, type RetryEvent } from '../src';
import {
  FIXTURE_ACCOUNT_SID,
  FIXTURE_AUTH_TOKEN,
  FIXTURE_SERVICE_SID,
  makeConversation,
} from '../test-support/fixtures';
import { seededRandom } from '../test-support/random';
import { startFakeTwilio, type Fault, type FakeTwilio } from '../test-support/twilio-server';

// 10,000 conversations over 200 pages from a local Twilio-compatible server that faults
// about a quarter of all requests. The client must deliver every conversation exactly once,
// in order. Waits are injected (no real backoff); only the timeouts really elapse.
const TOTAL = 10_000;
const PAGE_SIZE = 50;
const TIMEOUT_MS = 150;

const FAULTS: Fault[] = [
  { kind: 'status', status: 429, retryAfter: '1' },
  { kind: 'status', status: 500 },
  { kind: 'status', status: 503 },
  { kind: 'reset' },
  { kind: 'truncate' },
  { kind: 'delay', ms: TIMEOUT_MS * 3 },
];

function faultPlan(seed: number) {
  const random = seededRandom(seed);
  let streak = 0;
  // At most two faults in a row, so the default three retries always suffice.
  return (): Fault | undefined => {
    if (streak < 2 && random() < 0.4) {
      streak++;
      return FAULTS[Math.floor(random() * FAULTS.length)];
    }
    streak = 0;
    return undefined;
  };
}

describe('listing through injected faults', () => {
  const data = Array.from({ length: TOTAL }, (_, i) => makeConversation(i));
  let server: FakeTwilio;

  beforeAll(async () => {
    server = await startFakeTwilio({ conversations: data, fault: faultPlan(20261125) });
  });
  afterAll(() => server.stop());

  it('delivers every conversation exactly once, in order, with at least 20% of requests faulted', async () => {
    const retries: RetryEvent[] = [];
    const waits: number[] = [];
    const client = createConversationsClient({
      accountSid: FIXTURE_ACCOUNT_SID,
      authToken: FIXTURE_AUTH_TOKEN,
      baseUrl: server.url,
      env: {},
      validation: 'strict',
      timeoutMs: TIMEOUT_MS,
      sleep: async (ms) => void waits.push(ms),
      onRetry: (e) => retries.push(e),
    });

    const delivered: string[] = [];
    for await (const c of client.iterateConversations({ chatServiceSid: FIXTURE_SERVICE_SID, pageSize: PAGE_SIZE }))
      delivered.push(c.sid!);

    const faults: Record<string, number> = {};
    for (const r of server.requests) faults[r.fault] = (faults[r.fault] ?? 0) + 1;
    const faulted = server.requests.length - (faults.none ?? 0);

    expect(delivered).toEqual(data.map((c) => c.sid));
    expect(faulted / server.requests.length).toBeGreaterThanOrEqual(0.2);
    for (const kind of ['status', 'reset', 'truncate', 'delay']) expect(faults[kind]).toBeGreaterThan(0);
    expect(retries).toHaveLength(faulted);
    // Each 429 asked for one second; that wait was honoured (and not really slept).
    expect(retries.filter((r) => r.status === 429).every((r) => r.delayMs === 1000)).toBe(true);
    // Every request carried the credentials and went to the local server only.
    expect(server.requests.every((r) => r.status !== 401)).toBe(true); // every request carried the credentials
  }, 60_000);
});

describe('a local server without faults', () => {
  let server: FakeTwilio;
  beforeAll(async () => {
    server = await startFakeTwilio({ conversations: [makeConversation(0)] });
  });
  afterAll(() => server.stop());

  it('answers wrong credentials with a Twilio 401 body, which is not retried', async () => {
    const client = createConversationsClient({
      accountSid: FIXTURE_ACCOUNT_SID,
      authToken: 'wrong',
      baseUrl: server.url,
      env: {},
      sleep: async () => {},
    });
    const error = await client.listConversations({ chatServiceSid: FIXTURE_SERVICE_SID }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401, code: 20003, requestId: expect.stringMatching(/^RQ/) });
    expect(server.requests).toHaveLength(1);
  });
});
