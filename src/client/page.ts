import type { ListServiceConversationsResponse } from '../../generated/conversations';
import { listPath } from '../schema/operation';
import { OPERATION_PATH } from '../schema/spec';
import { bodyOf, type Body } from './buffered-response';
import { cap, ResponseValidationError, SNIPPET_LIMIT, TwilioApiError } from './errors';
import type { Fetched } from './paginate';
import type { ListParams, WireParams } from './params';
import type { ResponseContext } from './response-check';
import type { RetryingFetch } from './retry';
import type { ConversationPage, RawClient } from './types';

/** What fetching a page needs: the openapi-fetch client, the parameter encoder and the body check. */
export interface PageFetcherParts {
  raw: () => RawClient;
  encode: (params: ListParams) => WireParams;
  checkResponse: (body: unknown, context: ResponseContext) => void;
  baseUrl: string;
  /** Every request's headers (credentials, User-Agent, the caller's extras), as openapi-fetch sends them. */
  headers: Record<string, string>;
}

/**
 * Fetches one page - from typed parameters (the first page) or from a next link's raw query (sent
 * byte for byte) - and turns the answer into a page or a typed error: a non-2xx is a TwilioApiError;
 * anything but a 200 with a JSON page is a ResponseValidationError, whatever the validation mode.
 * The page's check against the spec is returned, not run (see Fetched.check).
 */
export function createPageFetcher({ raw, encode, checkResponse, baseUrl, headers }: PageFetcherParts) {
  // A next page's request is fixed: the same headers each time, no redirect followed.
  const nextInit: RequestInit = { method: 'GET', headers, redirect: 'manual' };
  return async function getPage(
    chatServiceSid: string,
    query: ListParams | string,
    fetch: RetryingFetch,
  ): Promise<Fetched<ConversationPage>> {
    let response: Response;
    if (typeof query === 'string') {
      // A next link's query is opaque and sent byte for byte: openapi-fetch would add no typing
      // here, only a Request object per attempt, so the URL goes to fetch as it is.
      const url = `${baseUrl}${listPath(encodeURIComponent(chatServiceSid))}${query ? `?${query}` : ''}`;
      response = await fetch(url, nextInit);
    } else {
      // parseAs 'stream' keeps openapi-fetch from reading the body: the retrying fetch already read
      // it (inside the attempt, so timeouts and the size cap cover it) and hands it over in `bodyOf`.
      const init = { params: encode(query), fetch, parseAs: 'stream' } as const;
      response = (await raw().GET(OPERATION_PATH, init)).response;
    }
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
        location: response.headers.get('location'),
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
    const check = () => checkResponse(data, context);
    // Even with validation off, a body without a conversations array and a meta object cannot be
    // paged through. Its spec check runs first: in strict mode that error says more.
    if (!data || !Array.isArray(data.conversations) || data.meta === null || typeof data.meta !== 'object') {
      check();
      const expected = 'an object with a conversations array and a meta object';
      throw shapeError('shape', 'must have a conversations array and a meta object', expected, data);
    }
    return { page: { conversations: data.conversations, meta: data.meta }, requestUrl, check, size: body.size };
  };
}

export type GetPage = ReturnType<typeof createPageFetcher>;
