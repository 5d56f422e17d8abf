import { fromServicesOn, LIST_PATH_PATTERN, OPERATION_PATH } from '../spec/operation';
import { safeUrl } from './values';
import type { Exchange } from './types';

/**
 * The rules of pagination_links for one page: its links point at this list and carry the right
 * Page, PageSize and filters; \`key\`, \`page_size\` and the item count agree with the request; and
 * \`page\` goes up by one along a chain (only the previous page's number is needed, never its body).
 */
export function paginationFindings(e: Exchange, previous: Exchange | undefined) {
  const found: { pointer: string; rule: string; expected: string; actual: string }[] = [];
  const body = e.body as { conversations?: unknown; meta: Record<string, unknown> };
  const meta = body.meta;
  if (typeof meta.key === 'string' && meta.key !== 'conversations')
    found.push({ pointer: '/meta/key', rule: 'key', expected: '"conversations"', actual: JSON.stringify(meta.key) });

  const request = e.url ? safeUrl(e.url) : undefined;
  const listPath = request && LIST_PATH_PATTERN.test(request.pathname) ? fromServicesOn(request.pathname) : undefined;
  const requestFilters = request ? filtersOf(request) : undefined;
  const pageSize = typeof meta.page_size === 'number' ? meta.page_size : undefined;
  const page = typeof meta.page === 'number' ? meta.page : undefined;

  const links: [string, number | undefined][] = [
    ['url', page],
    ['first_page_url', 0],
    ['next_page_url', page === undefined ? undefined : page + 1],
    ['previous_page_url', page === undefined ? undefined : page - 1],
  ];
  let expectedPath = listPath;
  for (const [field, expectedPage] of links) {
    const value = meta[field];
    if (typeof value !== 'string') continue;
    const pointer = `/meta/${field}`;
    const url = safeUrl(value);
    if (!url) {
      found.push({
        pointer,
        rule: 'absolute URL',
        expected: 'an absolute URL of this list',
        actual: JSON.stringify(value),
      });
      continue;
    }
    const path = fromServicesOn(url.pathname);
    expectedPath ??= LIST_PATH_PATTERN.test(url.pathname) ? path : undefined;
    if (!LIST_PATH_PATTERN.test(url.pathname) || (expectedPath !== undefined && path !== expectedPath)) {
      found.push({
        pointer,
        rule: 'points at this list',
        expected: expectedPath ?? OPERATION_PATH,
        actual: url.pathname,
      });
      continue;
    }
    const q = url.searchParams;
    if (pageSize !== undefined && q.get('PageSize') !== String(pageSize)) {
      found.push({
        pointer,
        rule: 'PageSize in link',
        expected: `PageSize=${pageSize}`,
        actual: q.has('PageSize') ? `PageSize=${q.get('PageSize')}` : 'no PageSize',
      });
    }
    if (expectedPage !== undefined && q.get('Page') !== String(expectedPage)) {
      found.push({
        pointer,
        rule: 'Page in link',
        expected: `Page=${expectedPage}`,
        actual: q.has('Page') ? `Page=${q.get('Page')}` : 'no Page',
      });
    }
    if (requestFilters !== undefined && filtersOf(url) !== requestFilters) {
      found.push({
        pointer,
        rule: 'filters kept in link',
        expected: requestFilters || '(no filters)',
        actual: filtersOf(url) || '(no filters)',
      });
    }
  }

  if (request && pageSize !== undefined) {
    // The spec's default page size is 50.
    const requested = Number(request.searchParams.get('PageSize') ?? 50);
    if (pageSize !== requested)
      found.push({
        pointer: '/meta/page_size',
        rule: 'page_size honoured',
        expected: String(requested),
        actual: String(pageSize),
      });
  }
  if (pageSize !== undefined && Array.isArray(body.conversations) && body.conversations.length > pageSize) {
    found.push({
      pointer: '/conversations',
      rule: 'at most page_size items',
      expected: `<= ${pageSize}`,
      actual: String(body.conversations.length),
    });
  }
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

function filtersOf(url: URL): string {
  return ['State', 'StartDate', 'EndDate']
    .filter((k) => url.searchParams.has(k))
    .map((k) => `${k}=${url.searchParams.get(k)}`)
    .join('&');
}
