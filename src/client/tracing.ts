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
// (Over 60 lines: four wrappers that differ only in how they hand results on.)
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

  return {
    async listConversations(params, call) {
      const t = open('listConversations', params, call);
      try {
        const page = await methods.listConversations(params, t.call);
        t.counts.items = page.conversations.length;
        t.finish();
        return page;
      } catch (error) {
        t.finish(error);
        throw error;
      }
    },
    async *iteratePages(params, call) {
      const t = open('iteratePages', params, call);
      try {
        for await (const page of methods.iteratePages(params, t.call)) {
          t.counts.items += page.conversations.length;
          yield page;
        }
      } catch (error) {
        t.finish(error);
        throw error;
      } finally {
        t.finish(); // finished, or stopped early by the caller (break, return)
      }
    },
    async *iterateConversations(params, call) {
      const t = open('iterateConversations', params, call);
      try {
        for await (const conversation of methods.iterateConversations(params, t.call)) {
          t.counts.items++;
          yield conversation;
        }
      } catch (error) {
        t.finish(error);
        throw error;
      } finally {
        t.finish();
      }
    },
    async listAllConversations(params, call) {
      const t = open('listAllConversations', params, call);
      try {
        const all = await methods.listAllConversations(params, t.call);
        t.counts.items = all.length;
        t.finish();
        return all;
      } catch (error) {
        t.finish(error);
        throw error;
      }
    },
  };
}
