import type { Conversation } from '../client/types';
import { loadRecorded } from '../conformance/recorded';
import { MOCK_CREDENTIALS } from '../prism/launcher';
import { generateConversations } from './data';
import { parseFaults, parseLatency, type FaultRates, type Latency } from './faults';
import { createRandom, seedOf } from './random';
import { startServer, type ServerLimits, type SimulatorHooks, type SimulatorRequest } from './server';

export { FAULT_KINDS, parseFaults, parseLatency, type FaultKind, type FaultRates, type Latency } from './faults';
export { DEFAULT_SERVER_LIMITS } from './server';
export type { ServerLimits, SimulatorHooks, SimulatorRequest } from './server';

/** How to start a simulator. Every setting has a default: `startSimulator()` serves 100 conversations. */
export interface SimulatorOptions {
  /** Conversations generated per service from the spec's Conversation schema. Default 100. */
  conversations?: number;
  /** Serve these instead: conversations, or paths of recorded pages, folders of them or HAR files. */
  data?: Conversation[] | string | string[];
  /** Makes the data, faults and latencies repeatable. Default 1. */
  seed?: number | string;
  /** Port on 127.0.0.1. Default: a free one. */
  port?: number;
  /** The services served (`IS...`). Default: one, derived from the seed (or those found in `data`). */
  serviceSids?: string[];
  /** The accepted Account SID. Default: the fixed placeholder `AC000...000`. */
  accountSid?: string;
  /** The accepted Auth Token. Default: the fixed placeholder `mock-token`. */
  authToken?: string;
  /** API keys also accepted, as key SID (`SK...`) and secret. */
  apiKeys?: {
    /** The API key's SID (`SK...`). */
    sid: string;
    /** Its secret. */
    secret: string;
  }[];
  /** Fault rates per kind, or `--faults` text: `429=0.1,500=0.05,reset=0.02,truncate=0.02,slow=0.01`. */
  faults?: FaultRates | string;
  /** Added to every answer: milliseconds, a range `[10, 50]`, or `--latency` text (`20`, `10-50`). */
  latency?: Latency | string;
  /** How long a `slow` fault holds an answer back. Default 3,000 ms (past a short client timeout). */
  slowMs?: number;
  /**
   * Requests answered at once; a request beyond them gets a 429 (Twilio error 20429) at once, as
   * Twilio does past an account's concurrency limit. Default: no limit.
   */
  maxConcurrent?: number;
  /** For tests that need an exact script: rewrite a page before it is sent, or choose a request's fault. */
  hooks?: SimulatorHooks;
  /**
   * Guards against slow, idle and hostile clients: header and request timeouts, a keep-alive
   * timeout, a connection cap, a header size limit. Defaults: DEFAULT_SERVER_LIMITS.
   */
  limits?: Partial<ServerLimits>;
}

/** A running simulator. */
export interface Simulator {
  /** Base URL, e.g. `http://127.0.0.1:41234`: pass it as `baseUrl` (or TWILIO_CONVERSATIONS_BASE_URL). */
  url: string;
  /** The credentials it accepts. */
  accountSid: string;
  /** The Auth Token it accepts with `accountSid`. */
  authToken: string;
  /** The first service served; `serviceSids` lists them all. */
  serviceSid: string;
  /** Every service it serves. */
  serviceSids: string[];
  /** The last 1,000 requests answered, oldest first: method, URL as received, status, fault, request id. */
  requests: readonly SimulatorRequest[];
  /** A service's conversations in the unfiltered order (oldest first by date_created, then sid). */
  conversations(serviceSid?: string): readonly Conversation[];
  /** Stops the server and drops its connections. */
  close(): Promise<void>;
}

/**
 * Starts a stateful simulator of `GET /v1/Services/{ChatServiceSid}/Conversations` on 127.0.0.1:
 * Twilio's paging (PageSize, opaque PageTokens sent back byte for byte, meta links that keep the
 * filters), State and date filters, Basic auth, 400/401/404 answers with Twilio's error body, a
 * Twilio-Request-Id on every answer, and seeded faults and latency. Every body it sends validates
 * against the spec. For a jest or vitest `globalSetup`.
 * @example const sim = await startSimulator({ conversations: 250, seed: 7 });
 * const client = createConversationsClient({ baseUrl: sim.url, accountSid: sim.accountSid, authToken: sim.authToken });
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const seed = seedOf(options.seed ?? 1);
  const accountSid = options.accountSid ?? MOCK_CREDENTIALS.accountSid;
  const authToken = options.authToken ?? MOCK_CREDENTIALS.authToken;
  const credentials = new Map([
    [accountSid, authToken],
    ...(options.apiKeys ?? []).map((k) => [k.sid, k.secret] as [string, string]),
  ]);
  const recorded = options.data === undefined ? undefined : await recordedConversations(options.data);
  const serviceSids =
    options.serviceSids ??
    (recorded
      ? [...new Set(recorded.map((c) => c.chat_service_sid ?? ''))].filter(Boolean)
      : [`IS${createRandom(seed).hex(32)}`]);
  if (serviceSids.length === 0)
    throw new Error('no service to serve: the data holds no conversation with a chat_service_sid');
  const count = options.conversations ?? 100;
  if (!(Number.isInteger(count) && count >= 0))
    throw new Error(`conversations must be a whole number >= 0, not ${String(count)}`);
  const most = options.maxConcurrent;
  if (most !== undefined && !(Number.isInteger(most) && most >= 1))
    throw new Error(`maxConcurrent must be a whole number >= 1, not ${String(most)}`);
  const server = await startServer({
    seed,
    port: options.port ?? 0,
    accountSid,
    credentials,
    faults: typeof options.faults === 'string' ? parseFaults(options.faults) : (options.faults ?? {}),
    latency: typeof options.latency === 'string' ? parseLatency(options.latency) : options.latency,
    slowMs: options.slowMs ?? 3000,
    maxConcurrent: options.maxConcurrent,
    hooks: options.hooks,
    limits: options.limits,
    data: (origin) =>
      new Map(
        serviceSids.map((sid, i) => [
          sid,
          recorded
            ? recorded.filter(
                (c) => c.chat_service_sid === sid || (options.serviceSids !== undefined && recorded.length > 0),
              )
            : generateConversations({ count, seed: seed + i, accountSid, serviceSid: sid, origin }),
        ]),
      ),
  });
  return {
    url: server.url,
    accountSid,
    authToken,
    serviceSid: serviceSids[0]!,
    serviceSids,
    requests: server.requests,
    conversations: (sid = serviceSids[0]!) => server.catalogs.get(sid)?.all ?? [],
    close: server.close,
  };
}

// Conversations from recorded pages or HAR files (every 2xx page's items, each sid once), or given as is.
async function recordedConversations(data: Conversation[] | string | string[]): Promise<Conversation[]> {
  if (Array.isArray(data) && data.every((d) => typeof d === 'object')) return data;
  const exchanges = await loadRecorded(Array.isArray(data) ? data : [data]);
  const bySid = new Map<string, Conversation>();
  for (const e of exchanges) {
    const items = (e.body as { conversations?: unknown } | undefined)?.conversations;
    if ((e.status === undefined || (e.status >= 200 && e.status < 300)) && Array.isArray(items)) {
      for (const c of items as Conversation[]) if (c && typeof c.sid === 'string') bySid.set(c.sid, c);
    }
  }
  return [...bySid.values()];
}
