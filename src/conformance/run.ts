import { createConversationsClient } from '../client';
import { ConversationsError, PaginationError, ResponseValidationError, TwilioApiError } from '../errors';
import type { Exchange } from './types';

export interface TargetOptions {
  baseUrl: string;
  accountSid: string;
  authToken: string;
  chatServiceSid: string;
  /** Stop the full listing after this many pages (default 1000). */
  maxPages?: number;
  pageSize?: number;
  /** Also list with State and date filters chosen from the data, and check every item matches. Default true. */
  filters?: boolean;
  /** Requests that must fail: `unknown-service` (404), `wrong-credentials` and `no-credentials` (401). */
  probes?: ('unknown-service' | 'wrong-credentials' | 'no-credentials')[];
  /** Extra request headers (e.g. Prism's Prefer). */
  headers?: Record<string, string>;
  fetch?: (request: Request) => Promise<Response>;
}

export interface TargetRun {
  exchanges: Exchange[];
  /** Problems that stopped part of the run. */
  runErrors: string[];
  /** Things worth knowing that are not failures (a listing stopped at the page cap, say). */
  notes: string[];
}

type Label = Omit<Exchange, 'method' | 'url' | 'status' | 'contentType' | 'body'>;

/**
 * Lists a service's conversations against a live (or live-like) API and records every
 * response for the checks: the full listing, filtered listings, and probes that must fail.
 */
export async function runTarget(options: TargetOptions): Promise<TargetRun> {
  const exchanges: Exchange[] = [];
  const runErrors: string[] = [];
  const notes: string[] = [];
  const baseFetch = options.fetch ?? ((r: Request) => globalThis.fetch(r));
  let label: Label = { source: '' };
  let pageInListing = 0;

  const recordingFetch = async (request: Request): Promise<Response> => {
    const sent = new Request(request);
    for (const [k, v] of Object.entries(options.headers ?? {})) sent.headers.set(k, v);
    const response = await baseFetch(sent);
    const text = await response.clone().text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    const ok = response.status >= 200 && response.status < 300;
    exchanges.push({
      ...label,
      source: ok && label.chain ? `${label.source} page ${pageInListing + 1}` : label.source,
      chain: ok && label.chain ? { id: label.chain.id, index: pageInListing++ } : undefined,
      method: request.method,
      url: request.url,
      status: response.status,
      contentType: response.headers.get('content-type'),
      body,
      bodyText: body === undefined ? text : undefined,
      slViolations: response.headers.get('sl-violations') ?? undefined,
      curlHeaders: options.headers,
    });
    return response;
  };

  const client = createConversationsClient({
    accountSid: options.accountSid,
    authToken: options.authToken,
    baseUrl: options.baseUrl,
    env: {},
    fetch: recordingFetch,
    validation: 'off', // the checks judge the bodies; the client only has to walk them
    maxPages: options.maxPages ?? 1000,
  });

  async function listing(name: string, params: { state?: 'active' | 'inactive' | 'closed'; startDate?: string; endDate?: string }, filter?: Exchange['filter']) {
    label = { source: name, chain: { id: name, index: 0 }, filter, curlAuth: 'credentials' };
    pageInListing = 0;
    const items: Record<string, unknown>[] = [];
    try {
      for await (const page of client.iteratePages({ chatServiceSid: options.chatServiceSid, pageSize: options.pageSize, ...params })) {
        items.push(...(page.conversations as unknown as Record<string, unknown>[]));
      }
    } catch (error) {
      // A broken next link or an unusable body is already a finding of the checks; say where the listing stopped.
      if (error instanceof PaginationError || error instanceof ResponseValidationError) notes.push(`${name} stopped early: ${error.message}`);
      else if (error instanceof TwilioApiError || error instanceof ConversationsError) runErrors.push(`${name} failed: ${error.message}`);
      else runErrors.push(`${name} failed: ${String(error)}`);
    }
    return items;
  }

  const all = await listing('full listing', {});

  if (options.filters !== false && all.length > 0) {
    const counts = new Map<string, number>();
    for (const c of all) if (typeof c.state === 'string') counts.set(c.state, (counts.get(c.state) ?? 0) + 1);
    const state = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    if (state === 'active' || state === 'inactive' || state === 'closed') await listing(`State=${state} listing`, { state }, { state });
    else notes.push('State filter not checked: no conversation has a state the spec knows');

    // Whole UTC days, so the check holds whether the API filters by the second or by the day.
    const days = all.map((c) => (typeof c.date_created === 'string' ? c.date_created.slice(0, 10) : undefined)).filter((d): d is string => !!d && /^\d{4}-\d{2}-\d{2}$/.test(d)).sort();
    if (days.length) {
      const startDate = `${days[0]}T00:00:00Z`;
      const endDate = `${days[Math.floor((days.length - 1) / 2)]}T23:59:59Z`;
      await listing(`StartDate..EndDate listing`, { startDate, endDate }, { startDate, endDate });
    } else notes.push('date filters not checked: no conversation has a date_created');
  } else if (options.filters !== false) {
    notes.push('filters not checked: the service has no conversations');
  }

  const listUrl = (sid: string) => `${options.baseUrl.replace(/\/+$/, '')}/v1/Services/${sid}/Conversations`;
  const basic = (user: string, secret: string) => `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
  for (const probe of options.probes ?? []) {
    const sid = probe === 'unknown-service' ? `IS${'0'.repeat(32)}` : options.chatServiceSid;
    const headers: Record<string, string> = {};
    if (probe === 'unknown-service') headers.Authorization = basic(options.accountSid, options.authToken);
    if (probe === 'wrong-credentials') headers.Authorization = basic(options.accountSid, 'not-the-token');
    label = {
      source: `probe: ${probe}`,
      expectedStatus: probe === 'unknown-service' ? 404 : 401,
      curlAuth: probe === 'wrong-credentials' ? 'wrong-credentials' : probe === 'no-credentials' ? 'none' : 'credentials',
    };
    try {
      await recordingFetch(new Request(listUrl(sid), { headers, redirect: 'manual' }));
    } catch (error) {
      runErrors.push(`probe ${probe} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { exchanges, runErrors, notes };
}
