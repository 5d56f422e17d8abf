import type { Conversation } from '../src';
import { startSimulator, type SimulatorHooks } from '../src/simulator';
import { FIXTURE_ACCOUNT_SID, FIXTURE_AUTH_TOKEN, FIXTURE_SERVICE_SID } from './fixtures';

/** What the server does to one request instead of answering it normally. */
export type Fault =
  | { kind: 'status'; status: 429 | 500 | 502 | 503 | 504; retryAfter?: string }
  | { kind: 'reset' }
  | { kind: 'truncate' }
  | { kind: 'delay'; ms: number };

export interface LoggedRequest {
  index: number;
  /** Path and query, exactly as received. */
  url: string;
  status: number;
  fault: Fault['kind'] | 'none';
}

export interface FakeTwilioOptions {
  conversations: Conversation[];
  serviceSid?: string;
  accountSid?: string;
  authToken?: string;
  /** Decides, per request (0-based), whether to inject a fault. */
  fault?: (index: number) => Fault | undefined;
  /** Rewrites a page before it is sent (to plant contract violations); `index` is the page's number. */
  mutate?: (body: Record<string, any>, page: { index: number; filtered: boolean }) => unknown;
}

/**
 * The tests' Twilio-compatible server: the product's own simulator (src/simulator), serving the
 * fixture data under the fixture credentials, with the tests' scripted faults and planted
 * violations. One server for the product and the tests, so there is no twin to drift.
 */
export async function startFakeTwilio(options: FakeTwilioOptions) {
  const kinds = new Map<number, Fault['kind']>();
  const hooks: SimulatorHooks = {
    fault: (index) => {
      const fault = options.fault?.(index);
      if (!fault) return undefined;
      kinds.set(index, fault.kind);
      if (fault.kind === 'status')
        return { status: fault.status, ...(fault.retryAfter !== undefined ? { retryAfter: fault.retryAfter } : {}) };
      if (fault.kind === 'delay') return { delayMs: fault.ms };
      return fault.kind;
    },
    ...(options.mutate
      ? { page: (body, info) => options.mutate!(body, { index: info.page, filtered: info.filtered }) }
      : {}),
  };
  const sim = await startSimulator({
    data: options.conversations,
    serviceSids: [options.serviceSid ?? FIXTURE_SERVICE_SID],
    accountSid: options.accountSid ?? FIXTURE_ACCOUNT_SID,
    authToken: options.authToken ?? FIXTURE_AUTH_TOKEN,
    hooks,
  });
  return {
    url: sim.url,
    get requests(): LoggedRequest[] {
      return sim.requests.map((r) => ({
        index: r.index,
        url: r.url,
        status: r.status,
        fault: kinds.get(r.index) ?? 'none',
      }));
    },
    stop: () => sim.close(),
  };
}

export type FakeTwilio = Awaited<ReturnType<typeof startFakeTwilio>>;

/** The environment a user would set to point the bin at this server (fixture credentials and service). */
export function fakeTwilioEnv(server: FakeTwilio, extra: Record<string, string> = {}): Record<string, string> {
  return {
    TWILIO_ACCOUNT_SID: FIXTURE_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: FIXTURE_AUTH_TOKEN,
    TWILIO_CHAT_SERVICE_SID: FIXTURE_SERVICE_SID,
    TWILIO_CONVERSATIONS_BASE_URL: server.url,
    ...extra,
  };
}
