// Tracing hooks: the client tells a ClientTracing of each listing and of every attempt inside it.
// The interface is the client's own (no OpenTelemetry import); the `/opentelemetry` entry point
// turns it into spans. With no `tracing` option nothing here runs.
import type { ClientTracing, ListingMethod, ListingTrace } from './tracing-hooks';
import type { CallOptions, ConversationsClient } from './types';

export type { ClientTracing, ListingInfo, ListingMethod, ListingOutcome, ListingTrace } from './tracing-hooks';

/** Where a call's trace travels: a symbol, so spreading the call options (a listing by day does) keeps it. */
export const TRACE = Symbol('listing trace');
export type TracedCall = CallOptions & { [TRACE]?: ListingTrace };

type Methods = Pick<ConversationsClient, ListingMethod>;

/**
 * Wraps the four list methods so each call is one listing trace. Attempts reach the trace through
 * the call options (see TRACE); pages, items and retries are counted here.
 */
export function traceMethods(methods: Methods, tracing: ClientTracing, baseUrl: string): Methods {
  const open = (method: ListingMethod, params: { chatServiceSid?: string } | undefined, call?: CallOptions) => {
    const trace = tracing.startListing({ method, chatServiceSid: params?.chatServiceSid, baseUrl });
    const counts = { pages: 0, items: 0, retries: 0 };
    let ended = false;
    const listing: ListingTrace = {
      event(event) {
        if (event.type === 'request' && event.attempt > 1) counts.retries++;
        if (event.type === 'response' && event.status >= 200 && event.status < 300) counts.pages++;
        trace.event(event);
      },
      end(outcome) {
        if (ended) return;
        ended = true;
        trace.end(outcome);
      },
    };
    const finish = (error?: unknown) => listing.end(error === undefined ? { ...counts } : { ...counts, error });
    return { call: { ...call, [TRACE]: listing } as TracedCall, counts, finish };
  };

  // A call that resolves once: `items` counts what it resolved to.
  async function once<T>(
    method: ListingMethod,
    params: Params,
    call: CallOptions | undefined,
    run: (call: TracedCall) => Promise<T>,
    items: (result: T) => number,
  ): Promise<T> {
    const t = open(method, params, call);
    try {
      const result = await run(t.call);
      t.counts.items = items(result);
      t.finish();
      return result;
    } catch (error) {
      t.finish(error);
      throw error;
    }
  }

  // A listing handed on as it goes: `items` counts each value yielded. Ended when it finishes,
  // fails, or the caller stops early (break, return).
  async function* each<T>(
    method: ListingMethod,
    params: Params,
    call: CallOptions | undefined,
    run: (call: TracedCall) => AsyncIterable<T>,
    items: (value: T) => number,
  ): AsyncGenerator<T, void, undefined> {
    const t = open(method, params, call);
    try {
      for await (const value of run(t.call)) {
        t.counts.items += items(value);
        yield value;
      }
    } catch (error) {
      t.finish(error);
      throw error;
    } finally {
      t.finish();
    }
  }

  return {
    listConversations: (params, call) =>
      once(
        'listConversations',
        params,
        call,
        (c) => methods.listConversations(params, c),
        (page) => page.conversations.length,
      ),
    iteratePages: (params, call) =>
      each(
        'iteratePages',
        params,
        call,
        (c) => methods.iteratePages(params, c),
        (page) => page.conversations.length,
      ),
    iterateConversations: (params, call) =>
      each(
        'iterateConversations',
        params,
        call,
        (c) => methods.iterateConversations(params, c),
        () => 1,
      ),
    listAllConversations: (params, call) =>
      once(
        'listAllConversations',
        params,
        call,
        (c) => methods.listAllConversations(params, c),
        (all) => all.length,
      ),
  };
}

type Params = { chatServiceSid?: string } | undefined;
