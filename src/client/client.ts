import type createClientFn from 'openapi-fetch';
import type { paths } from '../../generated/conversations';
import { createSpecValidators } from '../schema/validate';
import { resolveConfig } from './config';
import { createListMethods, type ListingHooks } from './methods';
import { createPageFetcher } from './page';
import { createParamEncoder } from './params';
import { createResponseCheck } from './response-check';
import { createRetryingFetch, LISTING_THROTTLE_RETRIES, type HttpEvent, type RetryEvent } from './retry';
import { TRACE, traceMethods, type TracedCall } from './tracing';
import { callPolicy, resolveSettings, responseHooks } from './settings';
import type { CallOptions, ClientOptions, ConversationsClient, RawClient } from './types';

/**
 * Creates a client for `GET /v1/Services/{ChatServiceSid}/Conversations`. Credentials and the host come
 * from the options or the environment (`TWILIO_ACCOUNT_SID`, `TWILIO_AUTH_TOKEN` or `TWILIO_API_KEY` +
 * `TWILIO_API_SECRET`, `TWILIO_CONVERSATIONS_BASE_URL`).
 * @throws `ConfigurationError` naming the option (and variable) at fault.
 * @example const client = createConversationsClient({ validation: 'strict' });
 */
export function createConversationsClient(options: ClientOptions = {}): ConversationsClient {
  // Wiring only: each part lives in its own module.
  const { baseUrl, authorization, scrub } = resolveConfig(options);
  const settings = resolveSettings(options, authorization);
  const encode = createParamEncoder(createSpecValidators());
  const checkResponse = createResponseCheck({ mode: options.validation ?? 'warn', ...responseHooks(options, scrub) });

  const fetchFor = (call: CallOptions = {}, listing?: ListingHooks) => {
    const onThrottled = listing?.onThrottled;
    const onRetry = call.onRetry ?? options.onRetry;
    const userEvent = options.onEvent;
    const trace = (call as TracedCall)[TRACE];
    const onEvent =
      userEvent || trace
        ? (event: HttpEvent) => {
            const safe = scrub.deep({ ...event });
            userEvent?.(safe);
            trace?.event(safe);
          }
        : undefined;
    // Hooks get scrubbed copies: a next link may carry an echoed secret.
    const retryHook = onRetry && ((event: RetryEvent) => onRetry(scrub.deep({ ...event })));
    const policy = callPolicy(settings, call);
    return createRetryingFetch({
      fetch: options.fetch,
      // A listing by day gives 429s a budget of their own (see RetryPolicy.maxThrottleRetries).
      policy:
        listing && policy.maxRetries > 0
          ? { ...policy, maxThrottleRetries: Math.max(policy.maxRetries, LISTING_THROTTLE_RETRIES) }
          : policy,
      timing: settings.timing,
      signal: call.signal,
      // A listing by day is told of each 429, so that it lists fewer days at once.
      onRetry: onThrottled
        ? (event) => {
            if (event.status === 429) onThrottled();
            retryHook?.(event);
          }
        : retryHook,
      onEvent,
      scrub: scrub.text,
      maxResponseBytes: settings.maxResponseBytes,
      gate: listing?.gate,
    });
  };
  const defaultFetch = fetchFor();
  // One retrying fetch per call (a whole listing shares it), not one per page.
  const fetchForCall = (call?: CallOptions, listing?: ListingHooks) =>
    listing || (call && (Object.keys(call).length || (call as TracedCall)[TRACE]))
      ? fetchFor(call, listing)
      : defaultFetch;

  // The openapi-fetch client is created on first use: creating it reads globalThis.Request,
  // which loads Node's fetch implementation (~20 ms), and a process that never sends a
  // request should not pay that.
  const createClient = (require('openapi-fetch') as { default: typeof createClientFn }).default;
  // A redirect is reported as an error rather than followed somewhere unknown.
  const newRaw = () =>
    createClient<paths>({ baseUrl, fetch: defaultFetch, headers: settings.headers, redirect: 'manual' });
  // Two instances: middleware a caller adds to `client.raw` stays out of the list methods.
  let listRaw: RawClient | undefined;
  let publicRaw: RawClient | undefined;
  const getPage = createPageFetcher({
    raw: () => (listRaw ??= newRaw()),
    encode,
    checkResponse,
    baseUrl,
    headers: settings.headers,
  });

  const untraced = createListMethods({
    getPage,
    fetchForCall,
    encode,
    baseUrl,
    pagination: settings.pagination,
    scrub,
  });
  const methods = options.tracing ? traceMethods(untraced, options.tracing, baseUrl) : untraced;
  return {
    ...methods,
    get raw() {
      return (publicRaw ??= newRaw());
    },
    baseUrl,
  };
}
