import type { ListServiceConversationsResponse } from '../../generated/conversations';
import { OPERATION_PATH } from '../spec/spec';
import { bodyOf, type Body } from './buffered-response';
import { cap, ResponseValidationError, SNIPPET_LIMIT, TwilioApiError } from './errors';
import type { Fetched } from './paginate';
import type { ListParams, WireParams } from './params';
import type { ResponseContext } from './response-check';
import type { ConversationPage, RawClient } from './types';

/** What fetching a page needs: the openapi-fetch client, the parameter encoder and the body check. */
export interface PageFetcherParts {
  raw: () => RawClient;
  encode: (params: ListParams) => WireParams;
  checkResponse: (body: unknown, context: ResponseContext) => void;
  baseUrl: string;
}

/**
 * Fetches one page - from typed parameters (the first page) or from a next link's raw query (sent
 * byte for byte) - and turns the answer into a page or a typed error: a non-2xx is a TwilioApiError;
 * anything but a 200 with a JSON page is a ResponseValidationError, whatever the validation mode.
 */
export function createPageFetcher({ raw, encode, checkResponse, baseUrl }: PageFetcherParts) {
  return async function getPage(
    chatServiceSid: string,
    query: ListParams | string,
    fetch: (request: Request) => Promise<Response>,
  ): Promise<Fetched<ConversationPage>> {
    const init =
      typeof query === 'string'
        ? { params: { path: { ChatServiceSid: chatServiceSid } }, querySerializer: () => query }
        : { params: encode(query) };
    // parseAs 'stream' keeps openapi-fetch from reading the body: the retrying fetch already read
    // it (inside the attempt, so timeouts and the size cap cover it) and hands it over in `bodyOf`.
    const { response } = await raw().GET(OPERATION_PATH, { ...init, fetch, parseAs: 'stream' });
    const requestUrl = response.url || `${baseUrl}${OPERATION_PATH}`;
    const context = {
      method: 'GET',
      url: requestUrl,
      requestId: response.headers.get('twilio-request-id') ?? undefined,
    };
    const body: Body = bodyOf(response) ?? { kind: 'text', text: await response.text(), truncated: false };
    if (!response.ok) {
      throw new TwilioApiError({
        status: response.status,
        body: body.kind === 'json' ? body.value : body.text,
        ...context,
      });
    }
    const shapeError = (rule: string, message: string, expected: string, value: unknown) =>
      new ResponseValidationError(
        [{ pointer: '', rule, message, expected, schemaPath: '', value }],
        context.method,
        context.url,
        context.requestId,
      );
    // 201, 204, 206...: the spec declares 200 for this list, and nothing else is a whole page.
    if (response.status !== 200) {
      throw shapeError('status', `HTTP ${response.status} is not a page of this list`, 'HTTP 200', response.status);
    }
    if (body.kind !== 'json') {
      const why =
        body.kind === 'invalid-json'
          ? body.reason
          : `Content-Type is ${JSON.stringify(response.headers.get('content-type'))}`;
      throw shapeError('json', `body is not JSON (${why})`, 'a JSON body', cap(body.text, SNIPPET_LIMIT));
    }
    const data = body.value as ListServiceConversationsResponse | undefined;
    checkResponse(data, context);
    // Even with validation off, a body without a conversations array and a meta object cannot be paged through.
    if (!data || !Array.isArray(data.conversations) || data.meta === null || typeof data.meta !== 'object') {
      const expected = 'an object with a conversations array and a meta object';
      throw shapeError('shape', 'must have a conversations array and a meta object', expected, data);
    }
    return { page: { conversations: data.conversations, meta: data.meta }, requestUrl };
  };
}

export type GetPage = ReturnType<typeof createPageFetcher>;
