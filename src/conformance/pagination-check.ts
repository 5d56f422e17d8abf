import { fromServicesOn, LIST_PATH_PATTERN, OPERATION_PATH } from '../schema/operation';
import type { Exchange } from './types';
import { safeUrl } from './values';

type Found = { pointer: string; rule: string; expected: string; actual: string };

/** What the links of one page are judged against: the request behind it and its own meta. */
interface LinkContext {
  /** The list's path the links must share (from the request, else from the first good link). */
  expectedPath: string | undefined;
  /** The request's filters, which every link must carry; undefined when the request is not known. */
  requestFilters: string | undefined;
  pageSize: number | undefined;
}

/**
 * The rules of pagination_links for one page: its links point at this list and carry the right
 * Page, PageSize and filters; `key`, `page_size` and the item count agree with the request; and
 * `page` goes up by one along a chain (only the previous page's number is needed, never its body).
 */
export function paginationFindings(e: Exchange, previous: Exchange | undefined): Found[] {
  const body = e.body as { conversations?: unknown; meta: Record<string, unknown> };
  const meta = body.meta;
  const request = e.url ? safeUrl(e.url) : undefined;
  const pageSize = typeof meta.page_size === 'number' ? meta.page_size : undefined;
  const page = typeof meta.page === 'number' ? meta.page : undefined;
  const found: Found[] = [];
  if (typeof meta.key === 'string' && meta.key !== 'conversations') {
    found.push({ pointer: '/meta/key', rule: 'key', expected: '"conversations"', actual: JSON.stringify(meta.key) });
  }
  const context: LinkContext = {
    expectedPath: request && LIST_PATH_PATTERN.test(request.pathname) ? fromServicesOn(request.pathname) : undefined,
    requestFilters: request ? filtersOf(request) : undefined,
    pageSize,
  };
  const links: [string, number | undefined][] = [
    ['url', page],
    ['first_page_url', 0],
    ['next_page_url', page === undefined ? undefined : page + 1],
    ['previous_page_url', page === undefined ? undefined : page - 1],
  ];
  for (const [field, expectedPage] of links) {
    if (typeof meta[field] === 'string')
      found.push(...linkFindings(`/meta/${field}`, meta[field], expectedPage, context));
  }
  found.push(...sizeFindings(request, pageSize, body.conversations));
  const previousPage = (previous?.body as { meta?: { page?: unknown } } | undefined)?.meta?.page;
  if (page !== undefined && typeof previousPage === 'number' && page !== previousPage + 1) {
    found.push({
      pointer: '/meta/page',
      rule: 'page increments',
      expected: String(previousPage + 1),
      actual: String(page),
    });
  }
  return found;
}

// One link: absolute, on this list's path, with the right Page and PageSize, keeping the request's filters.
function linkFindings(pointer: string, value: string, expectedPage: number | undefined, context: LinkContext): Found[] {
  const url = safeUrl(value);
  if (!url)
    return [{ pointer, rule: 'absolute URL', expected: 'an absolute URL of this list', actual: JSON.stringify(value) }];
  const path = fromServicesOn(url.pathname);
  const onList = LIST_PATH_PATTERN.test(url.pathname);
  context.expectedPath ??= onList ? path : undefined;
  if (!onList || (context.expectedPath !== undefined && path !== context.expectedPath)) {
    return [
      { pointer, rule: 'points at this list', expected: context.expectedPath ?? OPERATION_PATH, actual: url.pathname },
    ];
  }
  const found: Found[] = [];
  const q = url.searchParams;
  const shown = (name: string) => (q.has(name) ? `${name}=${q.get(name)}` : `no ${name}`);
  if (context.pageSize !== undefined && q.get('PageSize') !== String(context.pageSize)) {
    found.push({
      pointer,
      rule: 'PageSize in link',
      expected: `PageSize=${context.pageSize}`,
      actual: shown('PageSize'),
    });
  }
  if (expectedPage !== undefined && q.get('Page') !== String(expectedPage)) {
    found.push({ pointer, rule: 'Page in link', expected: `Page=${expectedPage}`, actual: shown('Page') });
  }
  if (context.requestFilters !== undefined && filtersOf(url) !== context.requestFilters) {
    const actual = filtersOf(url) || '(no filters)';
    found.push({ pointer, rule: 'filters kept in link', expected: context.requestFilters || '(no filters)', actual });
  }
  return found;
}

// page_size is what was asked for (the spec's default is 50), and no page holds more items than that.
function sizeFindings(request: URL | undefined, pageSize: number | undefined, conversations: unknown): Found[] {
  const found: Found[] = [];
  if (request && pageSize !== undefined) {
    const requested = Number(request.searchParams.get('PageSize') ?? 50);
    if (pageSize !== requested) {
      found.push({
        pointer: '/meta/page_size',
        rule: 'page_size honoured',
        expected: String(requested),
        actual: String(pageSize),
      });
    }
  }
  if (pageSize !== undefined && Array.isArray(conversations) && conversations.length > pageSize) {
    found.push({
      pointer: '/conversations',
      rule: 'at most page_size items',
      expected: `<= ${pageSize}`,
      actual: String(conversations.length),
    });
  }
  return found;
}

function filtersOf(url: URL): string {
  return ['State', 'StartDate', 'EndDate']
    .filter((k) => url.searchParams.has(k))
    .map((k) => `${k}=${url.searchParams.get(k)}`)
    .join('&');
}
