import { DEFAULT_MAX_RESPONSE_BYTES } from '../client/body';
import { createConversationsClient } from '../client/client';
import { ConversationsError, PaginationError, ResponseValidationError } from '../client/errors';
import { DEFAULT_RETRY_POLICY } from '../client/retry';
import { listPath } from '../schema/spec';
import { fetchThrough, type HarWriter } from './har-log';
import type { Exchange } from './types';
import { base64, utf8Text } from '../text/bytes';

/** A server to list and check (`verifyTarget`): where it is, the credentials, and what to ask of it. */
export interface TargetOptions {
  /** The API's base URL (`https://conversations.twilio.com`, a simulator's URL). */
  baseUrl: string;
  /** The Account SID (`AC...`) or API key SID (`SK...`) to send. */
  accountSid: string;
  /** Its Auth Token or API secret (scrubbed from every output). */
  authToken: string;
  /** The service to list (`IS...`). */
  chatServiceSid: string;
  /** Stop the full listing after this many pages (default 1000). */
  maxPages?: number;
  /** PageSize of the full listing. Default: the spec's default (50). */
  pageSize?: number;
  /** Also list with State and date filters chosen from the data, and check every item matches. Default true. */
  filters?: boolean;
  /** Requests that must fail: `unknown-service` (404), `wrong-credentials` and `no-credentials` (401). */
  probes?: ('unknown-service' | 'wrong-credentials' | 'no-credentials')[];
  /** Extra request headers (e.g. Prism's Prefer). */
  headers?: Record<string, string>;
  /** A fetch implementation to send with (default: the global fetch). */
  fetch?: (request: Request) => Promise<Response>;
  /** Limit for each request, probes included, from sending to the last byte of the body (default 30 s). */
  timeoutMs?: number;
  /** Cap on a response body in decoded bytes (default 32 MiB). */
  maxResponseBytes?: number;
  /** Allow a plain-http baseUrl on another host (credentials travel unencrypted). */
  dangerouslyAllowInsecureHttp?: boolean;
  /** Every exchange is also written here (without credentials), probes included. */
  har?: HarWriter;
}

export interface TargetRun {
  /** Problems that stopped part of the run. */
  runErrors: string[];
  /** Things worth knowing that are not failures (a listing stopped at the page cap, say). */
  notes: string[];
}

type Label = Omit<Exchange, 'method' | 'url' | 'status' | 'contentType' | 'body'>;

/** What the steps of one run share: the options, the record of findings so far, and the recorder. */
interface Run {
  options: TargetOptions;
  record: Recorder;
  runErrors: string[];
  notes: string[];
  timeoutMs: number;
  maxResponseBytes: number;
}

type Recorder = (label: Label, pageOf?: () => number) => (request: Request) => Promise<Response>;

/**
 * Lists a service's conversations against a live (or live-like) API and hands every response to
 * `onExchange` as it arrives (the checks run there): the full listing, filtered listings, and
 * probes that must fail. Nothing here keeps a response or an item after it was handed on.
 */
export async function runTarget(options: TargetOptions, onExchange: (exchange: Exchange) => void): Promise<TargetRun> {
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const run: Run = {
    options,
    record: createRecorder(options, maxResponseBytes, onExchange),
    runErrors: [],
    notes: [],
    timeoutMs: options.timeoutMs ?? DEFAULT_RETRY_POLICY.timeoutMs,
    maxResponseBytes,
  };
  const tally = { states: new Map<string, number>(), days: new Map<string, number>() };
  const total = await listing(run, 'full listing', {}, undefined, tally);
  if (options.filters !== false) {
    if (total > 0) await filteredListings(run, tally);
    else run.notes.push('filters not checked: the service has no conversations');
  }
  await probes(run);
  return { runErrors: run.runErrors, notes: run.notes };
}

/**
 * A fetch that reads each answer (capped, under the request's signal), hands it to `onExchange` with
 * the label of the listing or probe it belongs to, and passes the same bytes on to the client.
 */
function createRecorder(
  options: TargetOptions,
  maxResponseBytes: number,
  onExchange: (exchange: Exchange) => void,
): Recorder {
  const baseFetch = options.fetch ?? ((r: Request) => globalThis.fetch(r));
  return (label, pageOf) => async (request) => {
    const sent = new Request(request);
    for (const [k, v] of Object.entries(options.headers ?? {})) sent.headers.set(k, v);
    const read = await fetchThrough(baseFetch, sent, maxResponseBytes);
    const response = read.original;
    const text = utf8Text(read.bytes);
    const body = parsed(text, read.truncated);
    const ok = response.status >= 200 && response.status < 300;
    const index = ok && label.chain && pageOf ? pageOf() : undefined;
    onExchange({
      ...label,
      source: index !== undefined ? `${label.source} page ${index + 1}` : label.source,
      chain: index !== undefined ? { id: label.chain!.id, index } : undefined,
      method: request.method,
      url: request.url,
      status: response.status,
      contentType: response.headers.get('content-type'),
      body,
      bodyText: body === undefined ? text.slice(0, 4096) : undefined,
      slViolations: response.headers.get('sl-violations') ?? undefined,
      curlHeaders: options.headers,
    });
    await options.har?.add({
      request: sent,
      response,
      body: read.bytes,
      startedAt: read.startedAt,
      timeMs: read.timeMs,
    });
    return read.response;
  };
}

function parsed(text: string, truncated: boolean): unknown {
  try {
    return text && !truncated ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

interface Tally {
  states: Map<string, number>;
  days: Map<string, number>;
}

/** Lists every page with the given filters; with a tally, counts states and days (not items) for the filters to check. */
async function listing(
  run: Run,
  name: string,
  params: ListingParams,
  filter?: Exchange['filter'],
  tally?: Tally,
): Promise<number> {
  const { options } = run;
  let page = 0;
  const client = createConversationsClient({
    accountSid: options.accountSid,
    authToken: options.authToken,
    baseUrl: options.baseUrl,
    env: {},
    fetch: run.record({ source: name, chain: { id: name, index: 0 }, filter, curlAuth: 'credentials' }, () => page++),
    validation: 'off', // the checks judge the bodies; the client only has to walk them
    maxPages: options.maxPages ?? 1000,
    timeoutMs: run.timeoutMs,
    maxResponseBytes: run.maxResponseBytes,
    dangerouslyAllowInsecureHttp: options.dangerouslyAllowInsecureHttp,
  });
  let count = 0;
  try {
    for await (const p of client.iteratePages({
      chatServiceSid: options.chatServiceSid,
      pageSize: options.pageSize,
      ...params,
    })) {
      count += p.conversations.length;
      if (tally) countInto(tally, p.conversations);
    }
  } catch (error) {
    // A broken next link or an unusable body is already a finding of the checks; say where the listing stopped.
    if (error instanceof PaginationError || error instanceof ResponseValidationError)
      run.notes.push(`${name} stopped early: ${error.message}`);
    else if (error instanceof ConversationsError) run.runErrors.push(`${name} failed: ${error.message}`);
    else run.runErrors.push(`${name} failed: ${String(error)}`);
  }
  return count;
}

type ListingParams = { state?: 'active' | 'inactive' | 'closed'; startDate?: string; endDate?: string };

function countInto(tally: Tally, conversations: Record<string, unknown>[]): void {
  for (const c of conversations) {
    if (typeof c?.state === 'string') tally.states.set(c.state, (tally.states.get(c.state) ?? 0) + 1);
    const day = typeof c?.date_created === 'string' ? c.date_created.slice(0, 10) : undefined;
    if (day && /^\d{4}-\d{2}-\d{2}$/.test(day)) tally.days.set(day, (tally.days.get(day) ?? 0) + 1);
  }
}

/** Lists again with the most common State, and with a date window taken from the data. */
async function filteredListings(run: Run, { states, days }: Tally): Promise<void> {
  const state = [...states.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (state === 'active' || state === 'inactive' || state === 'closed')
    await listing(run, `State=${state} listing`, { state }, { state });
  else run.notes.push('State filter not checked: no conversation has a state the spec knows');

  // Whole UTC days, so the check holds whether the API filters by the second or by the day:
  // from the first day seen to the median one.
  const sorted = [...days.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  if (!sorted.length) return void run.notes.push('date filters not checked: no conversation has a date_created');
  const dated = sorted.reduce((n, [, c]) => n + c, 0);
  let median = sorted[0]![0];
  for (let seen = 0, i = 0; i < sorted.length && seen <= (dated - 1) / 2; i++) {
    median = sorted[i]![0];
    seen += sorted[i]![1];
  }
  const window = { startDate: `${sorted[0]![0]}T00:00:00Z`, endDate: `${median}T23:59:59Z` };
  await listing(run, `StartDate..EndDate listing`, window, window);
}

/** Requests that must fail, to check Twilio's error body: an unknown service (404), wrong or no credentials (401). */
async function probes(run: Run): Promise<void> {
  const { options } = run;
  const listUrl = (sid: string) => `${options.baseUrl.replace(/\/+$/, '')}${listPath(sid)}`;
  const basic = (user: string, secret: string) => `Basic ${base64(`${user}:${secret}`)}`;
  for (const probe of options.probes ?? []) {
    const sid = probe === 'unknown-service' ? `IS${'0'.repeat(32)}` : options.chatServiceSid;
    const headers: Record<string, string> = {};
    if (probe === 'unknown-service') headers.Authorization = basic(options.accountSid, options.authToken);
    if (probe === 'wrong-credentials') headers.Authorization = basic(options.accountSid, 'not-the-token');
    const label: Label = {
      source: `probe: ${probe}`,
      expectedStatus: probe === 'unknown-service' ? 404 : 401,
      curlAuth:
        probe === 'wrong-credentials' ? 'wrong-credentials' : probe === 'no-credentials' ? 'none' : 'credentials',
    };
    try {
      // A probe gets the same time limit as any other request, body included.
      await run.record(label)(
        new Request(listUrl(sid), { headers, redirect: 'manual', signal: AbortSignal.timeout(run.timeoutMs) }),
      );
    } catch (error) {
      run.runErrors.push(`probe ${probe} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
