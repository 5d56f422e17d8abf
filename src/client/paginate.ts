import { listPath as listPathOf } from '../schema/operation';
import type { Meta } from '../../generated/conversations';
import { cap, PaginationError } from './errors';

/** How far and where a listing may follow `meta.next_page_url`. */
export interface PaginationPolicy {
  /** A listing that would fetch more pages than this stops with a PaginationError. Default 100,000. */
  maxPages: number;
  /**
   * A next link naming another host: `rebase` keeps its path and query and sends them to the
   * configured base URL; `refuse` stops with a PaginationError. Credentials never go to that host.
   * Default `rebase`.
   */
  foreignNextLinks: 'rebase' | 'refuse';
  /**
   * Pages fetched ahead of the one being consumed, so the next request overlaps validation and your
   * own work on this page. 0 turns it off. Never past a `limit`; a `break` cancels the request in
   * flight. Memory holds at most this many pages more. Default 1, at most 8.
   */
  readAhead: number;
}

/** The most pages a listing reads ahead: each holds up to 1,000 conversations in memory. */
export const MAX_READ_AHEAD = 8;

/** The rule a `readAhead` value must meet, as its error states it; undefined when it does. */
export function readAheadProblem(value: unknown): string | undefined {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_READ_AHEAD
    ? undefined
    : `must be a whole number from 0 to ${MAX_READ_AHEAD}`;
}

export const DEFAULT_PAGINATION_POLICY: PaginationPolicy = {
  maxPages: 100_000,
  foreignNextLinks: 'rebase',
  readAhead: 1,
};

/**
 * Decides where the next page is fetched from, given `meta.next_page_url`.
 * Returns the query string exactly as the server wrote it (tokens can hold `+`, `:`,
 * `=` or `%2B`, which decoding and re-encoding would corrupt). Only the path and
 * query are taken from the link: the request always goes to the configured base URL.
 */
export function nextPageQuery(
  nextPageUrl: string,
  baseUrl: string | URL,
  chatServiceSid: string,
  foreign: PaginationPolicy['foreignNextLinks'] = 'rebase',
): string {
  let parsed: URL;
  try {
    parsed = new URL(nextPageUrl, baseUrl);
  } catch {
    throw new PaginationError(`next_page_url is not a URL: ${cap(JSON.stringify(nextPageUrl), 200)}`, nextPageUrl);
  }
  const base = typeof baseUrl === 'string' ? new URL(baseUrl) : baseUrl;
  if (parsed.origin !== base.origin && foreign === 'refuse') {
    throw new PaginationError(
      `next_page_url points at ${parsed.origin}, not at ${base.origin}; refusing to follow it (foreignNextLinks: 'refuse')`,
      nextPageUrl,
    );
  }
  const listPath = listPathOf(chatServiceSid);
  const basePath = base.pathname.replace(/\/$/, '');
  if (parsed.pathname !== listPath && parsed.pathname !== basePath + listPath) {
    throw new PaginationError(
      `next_page_url points at ${cap(parsed.pathname, 200)}, not at this list (${listPath}); refusing to follow it`,
      nextPageUrl,
    );
  }
  const withoutFragment = nextPageUrl.split('#', 1)[0]!;
  const q = withoutFragment.indexOf('?');
  return q === -1 ? '' : withoutFragment.slice(q + 1);
}

/** The raw PageToken value in a query string, undecoded, or undefined. */
export function pageTokenOf(query: string): string | undefined {
  for (const pair of query.split('&')) {
    if (pair.startsWith('PageToken=')) return pair.slice('PageToken='.length);
  }
  return undefined;
}

interface Page {
  meta: Meta;
}

/** A page, the URL that was actually requested for it, and its check against the spec. */
export interface Fetched<P> {
  page: P;
  requestUrl: string;
  /** The body's length in characters, as read (what a listing by day counts against its buffer). */
  size: number;
  /**
   * Checks the page against the spec by the validation mode (strict: throws). Left to whoever hands
   * the page on, so that a listing can send the next page's request first: the check then runs
   * while that request is on its way instead of before it leaves.
   */
  check: () => void;
}

/**
 * Walks a list page by page, yielding each page as fetched (its spec check not yet run). Stops with a PaginationError, before fetching, when a next link
 * leads back to a page already requested or listed - compared by the query actually sent and by
 * each page's own `meta.url`, with parameters in any order, and by PageToken (A->B->A) - or when
 * the page cap is reached. An empty page with a next link does not end the list.
 */
export async function* walkPages<P extends Page>(options: {
  first: () => Promise<Fetched<P>>;
  fetchQuery: (query: string) => Promise<Fetched<P>>;
  baseUrl: string;
  chatServiceSid: string;
  policy: PaginationPolicy;
}): AsyncGenerator<Fetched<P>, void, undefined> {
  const { chatServiceSid, policy } = options;
  const baseUrl = new URL(options.baseUrl); // parsed once per listing, not once per page
  const loopKey = lastKeyCached();
  const seenQueries = new Set<string>();
  const seenTokens = new Set<string>();
  const remember = (query: string | undefined) => {
    if (query === undefined) return;
    seenQueries.add(loopKey(query));
    const token = pageTokenOf(query);
    if (token !== undefined) seenTokens.add(token);
  };

  let fetched = await options.first();
  for (let count = 1; ; count++) {
    const { page } = fetched;
    remember(queryOf(fetched.requestUrl));
    remember(queryOf(page.meta.url));
    yield fetched;
    const next = page.meta.next_page_url;
    if (!next) return;
    const query = nextPageQuery(next, baseUrl, chatServiceSid, policy.foreignNextLinks);
    const token = pageTokenOf(query);
    if (seenQueries.has(loopKey(query)) || (token !== undefined && seenTokens.has(token))) {
      throw new PaginationError(
        `next_page_url leads back to a page already listed (${cap(query, 200)}); stopping to avoid a loop`,
        next,
      );
    }
    if (count >= policy.maxPages) {
      throw new PaginationError(
        `stopped after ${count} pages (maxPages); the list may be longer, or the server may be looping`,
        next,
      );
    }
    fetched = await options.fetchQuery(query);
  }
}

// The same parameters in another order, or with an empty pair, ask for the same page.
function loopKey(query: string): string {
  return query
    .split('&')
    .filter((pair) => pair !== '')
    .sort()
    .join('&');
}

// A page's query is keyed up to three times (the link followed, the URL requested, meta.url),
// nearly always the same string: the last key is kept.
function lastKeyCached(): (query: string) => string {
  let lastQuery: string | undefined;
  let lastKey = '';
  return (query) => {
    if (query !== lastQuery) {
      lastQuery = query;
      lastKey = loopKey(query);
    }
    return lastKey;
  };
}

function queryOf(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  const withoutFragment = url.split('#', 1)[0]!;
  const q = withoutFragment.indexOf('?');
  return q === -1 ? '' : withoutFragment.slice(q + 1);
}
