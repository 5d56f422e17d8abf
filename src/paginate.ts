import { PaginationError } from './errors';

/**
 * Decides where the next page is fetched from, given `meta.next_page_url`.
 * Returns the query string exactly as the server wrote it (tokens can hold `+`, `:`,
 * `=` or `%2B`, which decoding and re-encoding would corrupt). Only the path and
 * query are taken from the link: the request always goes to the configured base URL,
 * so credentials are never sent to a host named by a response.
 */
export function nextPageQuery(nextPageUrl: string, baseUrl: string, chatServiceSid: string): string {
  let parsed: URL;
  try {
    parsed = new URL(nextPageUrl, baseUrl);
  } catch {
    throw new PaginationError(`next_page_url is not a URL: ${JSON.stringify(nextPageUrl)}`, nextPageUrl);
  }
  const listPath = `/v1/Services/${chatServiceSid}/Conversations`;
  const basePath = new URL(baseUrl).pathname.replace(/\/$/, '');
  if (parsed.pathname !== listPath && parsed.pathname !== basePath + listPath) {
    throw new PaginationError(
      `next_page_url points at ${parsed.pathname}, not at this list (${listPath}); refusing to follow it`,
      nextPageUrl,
    );
  }
  const withoutFragment = nextPageUrl.split('#', 1)[0]!;
  const q = withoutFragment.indexOf('?');
  return q === -1 ? '' : withoutFragment.slice(q + 1);
}
