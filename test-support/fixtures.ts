import type { Conversation, ListServiceConversationsResponse } from '../src';

export const FIXTURE_ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
export const FIXTURE_SERVICE_SID = 'IS0123456789abcdef0123456789abcdef';
export const FIXTURE_AUTH_TOKEN = 'fixture-auth-token-0123456789';

const STATES = ['active', 'inactive', 'closed'] as const;
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** The i-th conversation of a deterministic data set; every one is valid by the spec. */
export function makeConversation(
  i: number,
  origin = 'https://conversations.twilio.com',
  serviceSid = FIXTURE_SERVICE_SID,
): Conversation {
  const sid = `CH${hex(i, 32)}`;
  const url = `${origin}/v1/Services/${serviceSid}/Conversations/${sid}`;
  const created = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString().replace('.000Z', 'Z');
  return {
    account_sid: FIXTURE_ACCOUNT_SID,
    chat_service_sid: serviceSid,
    messaging_service_sid: `MG${hex(i % 7, 32)}`,
    sid,
    friendly_name: i % 5 === 0 ? null : `Conversation ${i}`,
    unique_name: i % 3 === 0 ? `u-${i}` : null,
    attributes: '{}',
    date_created: created,
    date_updated: created,
    state: STATES[i % 3]!,
    timers: {},
    bindings: {},
    url,
    links: {
      participants: `${url}/Participants`,
      messages: `${url}/Messages`,
      webhooks: `${url}/Webhooks`,
      export: `${url}/Export`,
    },
  };
}

/** A list page with correct meta for the given slice; links are absolute on `origin`. */
export function makePage(options: {
  items: Conversation[];
  page: number;
  pageSize: number;
  origin: string;
  serviceSid?: string;
  nextQuery?: string | null;
  previousQuery?: string | null;
  selfQuery?: string;
  firstQuery?: string;
}): ListServiceConversationsResponse {
  const list = `${options.origin}/v1/Services/${options.serviceSid ?? FIXTURE_SERVICE_SID}/Conversations`;
  return {
    conversations: options.items,
    meta: {
      page: options.page,
      page_size: options.pageSize,
      first_page_url: `${list}?${options.firstQuery ?? `PageSize=${options.pageSize}&Page=0`}`,
      previous_page_url: options.previousQuery ? `${list}?${options.previousQuery}` : null,
      url: `${list}?${options.selfQuery ?? `PageSize=${options.pageSize}&Page=${options.page}`}`,
      next_page_url: options.nextQuery ? `${list}?${options.nextQuery}` : null,
      key: 'conversations',
    },
  };
}
