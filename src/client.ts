import createClient from 'openapi-fetch';
import type { Conversation, Meta, paths } from '../generated/conversations';
import { ConfigurationError, PaginationError, RequestValidationError, TwilioApiError } from './errors';
import { nextPageQuery } from './paginate';
import { createParamEncoder, type ListParams } from './params';
import { DEFAULT_BASE_URL, OPERATION_PATH } from './spec';
import { createSpecValidators } from './validate';

export interface ClientOptions {
  /** Account SID (`AC...`). Default: `TWILIO_ACCOUNT_SID`. */
  accountSid?: string;
  /** Auth Token. Default: `TWILIO_AUTH_TOKEN`. Only ever sent in the Authorization header. */
  authToken?: string;
  /** API root. Default: `TWILIO_CONVERSATIONS_BASE_URL`, else the spec's server. */
  baseUrl?: string;
  /** A fetch implementation (tests, proxies, instrumentation). Default: the global fetch. */
  fetch?: (request: Request) => Promise<Response>;
  /** Where defaults are read from. Default: `process.env`. */
  env?: Record<string, string | undefined>;
}

/** One page of the list, with the wire field names unchanged. */
export interface ConversationPage {
  conversations: Conversation[];
  meta: Meta;
}

export interface IterateParams extends ListParams {
  /** Stop after this many conversations; no page beyond the one that reaches it is fetched. */
  limit?: number;
}

/** Creates a client for `GET /v1/Services/{ChatServiceSid}/Conversations`. */
export function createConversationsClient(options: ClientOptions = {}) {
  const env = options.env ?? process.env;
  const accountSid = options.accountSid ?? env.TWILIO_ACCOUNT_SID;
  const authToken = options.authToken ?? env.TWILIO_AUTH_TOKEN;
  if (!accountSid) throw new ConfigurationError('No Account SID: pass accountSid or set TWILIO_ACCOUNT_SID.', 'accountSid');
  if (!authToken) throw new ConfigurationError('No Auth Token: pass authToken or set TWILIO_AUTH_TOKEN.', 'authToken');
  const baseUrl = (options.baseUrl ?? env.TWILIO_CONVERSATIONS_BASE_URL ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  try {
    new URL(baseUrl);
  } catch {
    throw new ConfigurationError(`baseUrl ${JSON.stringify(baseUrl)} is not an absolute URL.`, 'baseUrl');
  }

  const encode = createParamEncoder(createSpecValidators());
  const raw = createClient<paths>({
    baseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    headers: { Authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}` },
  });

  async function getPage(chatServiceSid: string, query: ListParams | string): Promise<ConversationPage> {
    const init =
      typeof query === 'string'
        ? { params: { path: { ChatServiceSid: chatServiceSid } }, querySerializer: () => query }
        : { params: encode(query) };
    const { data, error, response } = await raw.GET(OPERATION_PATH, init);
    if (error !== undefined || !data) {
      throw new TwilioApiError({
        status: response.status,
        method: 'GET',
        url: response.url || `${baseUrl}${OPERATION_PATH}`,
        requestId: response.headers.get('twilio-request-id'),
        body: error,
      });
    }
    return { conversations: data.conversations, meta: data.meta };
  }

  /** Fetches one page. Throws `RequestValidationError` (nothing sent) or `TwilioApiError`. */
  function listConversations(params: ListParams): Promise<ConversationPage> {
    return getPage(params?.chatServiceSid, params);
  }

  /** Yields whole pages, following `meta.next_page_url` on the configured host only. */
  async function* iteratePages(params: ListParams): AsyncGenerator<ConversationPage, void, undefined> {
    let page = await listConversations(params);
    yield page;
    const seen = new Set<string>();
    while (page.meta.next_page_url) {
      const next = page.meta.next_page_url;
      const query = nextPageQuery(next, baseUrl, params.chatServiceSid);
      if (seen.has(query)) throw new PaginationError('next_page_url repeats an earlier page; stopping to avoid a loop', next);
      seen.add(query);
      page = await getPage(params.chatServiceSid, query);
      yield page;
    }
  }

  /** Yields conversations one by one across pages, up to `limit` when given. */
  async function* iterateConversations({ limit, ...params }: IterateParams): AsyncGenerator<Conversation, void, undefined> {
    if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) {
      throw new RequestValidationError('limit', limit, 'must be a whole number >= 0');
    }
    if (limit === 0) return;
    let delivered = 0;
    for await (const page of iteratePages(params)) {
      for (const conversation of page.conversations) {
        yield conversation;
        if (limit !== undefined && ++delivered >= limit) return;
      }
    }
  }

  return {
    listConversations,
    iteratePages,
    iterateConversations,
    /** The underlying openapi-fetch client: `{ data, error, response }`, no throwing on HTTP errors. */
    raw,
    /** The API root every request goes to. */
    baseUrl,
  };
}

export type ConversationsClient = ReturnType<typeof createConversationsClient>;
