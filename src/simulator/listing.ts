import type { Conversation, Meta } from '../client/types';
import { listPath } from '../schema/spec';
import type { createTokens } from './tokens';

/** The filters of one request, as parsed (dates as epoch ms, inclusive) and as sent (for the links). */
export interface Filters {
  state?: string | undefined;
  start?: number | undefined;
  end?: number | undefined;
  /** `State=...&StartDate=...` exactly as the request sent them (raw), for the page links. */
  raw: string;
}

/**
 * One service's conversations and the views of them requests ask for. The unfiltered order is stable:
 * oldest first by `date_created`, then by `sid`. A date-filtered list comes newest first, as Twilio
 * documents; a State filter alone keeps the unfiltered order. Filtered views are kept for the last few
 * filter combinations only, so memory stays bounded whatever the requests.
 */
export function createCatalog(conversations: Conversation[]) {
  const created = (c: Conversation) => Date.parse(c.date_created ?? '') || 0;
  const ascending = [...conversations].sort(
    (a, b) => created(a) - created(b) || String(a.sid).localeCompare(String(b.sid)),
  );
  const views = new Map<string, Conversation[]>();
  return {
    all: ascending as readonly Conversation[],
    /** The conversations a filter selects, in the documented order. */
    view(filters: Filters): Conversation[] {
      const key = `${filters.state}|${filters.start}|${filters.end}`;
      let view = views.get(key);
      if (view) return view;
      view = ascending.filter((c) => {
        if (filters.state !== undefined && c.state !== filters.state) return false;
        const at = created(c);
        return (filters.start === undefined || at >= filters.start) && (filters.end === undefined || at <= filters.end);
      });
      if (filters.start !== undefined || filters.end !== undefined) view.reverse();
      if (views.size >= 32) views.delete(views.keys().next().value!);
      views.set(key, view);
      return view;
    },
  };
}

export interface PageRequest {
  origin: string;
  serviceSid: string;
  filters: Filters;
  pageSize: number;
  /** The Page parameter as sent, echoed in meta.page. */
  page: number | undefined;
  offset: number;
}

/** One page of a view, with Twilio's meta: absolute links on the simulator's origin that carry the filters. */
export function renderPage(
  view: Conversation[],
  request: PageRequest,
  tokens: ReturnType<typeof createTokens>,
): { conversations: Conversation[]; meta: Meta } {
  const { origin, serviceSid, filters, pageSize, offset } = request;
  const listing = `${serviceSid}|${filters.raw}|${pageSize}`;
  const page = request.page ?? Math.floor(offset / pageSize);
  const base = `${origin}${listPath(serviceSid)}?${filters.raw ? `${filters.raw}&` : ''}PageSize=${pageSize}`;
  const link = (at: number, index: number) =>
    at === 0 ? `${base}&Page=${index}` : `${base}&Page=${index}&PageToken=${tokens.issue(listing, at)}`;
  const hasNext = offset + pageSize < view.length;
  return {
    conversations: view.slice(offset, offset + pageSize),
    meta: {
      page,
      page_size: pageSize,
      first_page_url: `${base}&Page=0`,
      previous_page_url: offset > 0 ? link(Math.max(0, offset - pageSize), Math.max(0, page - 1)) : null,
      url: link(offset, page),
      next_page_url: hasNext ? link(offset + pageSize, page + 1) : null,
      key: 'conversations',
    },
  };
}

/** The listing a token belongs to: the service, the filters as sent and the page size. */
export function listingKey(request: Pick<PageRequest, 'serviceSid' | 'filters' | 'pageSize'>): string {
  return `${request.serviceSid}|${request.filters.raw}|${request.pageSize}`;
}
