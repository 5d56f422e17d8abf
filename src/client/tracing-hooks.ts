// The tracing interface the client calls: its own, with no OpenTelemetry in it. tracing.ts wires it
// into the list methods; the `/opentelemetry` entry point implements it with spans.
import type { HttpEvent } from './retry';

/** The list method a listing came through. */
export type ListingMethod = 'listConversations' | 'iteratePages' | 'iterateConversations' | 'listAllConversations';

/** What is known as a listing starts. */
export interface ListingInfo {
  /** The list method called. */
  method: ListingMethod;
  /** The service listed (a SID is not a secret). */
  chatServiceSid: string | undefined;
  /** The client's base URL, e.g. `https://conversations.twilio.com`. */
  baseUrl: string;
}

/** How a listing ended. */
export interface ListingOutcome {
  /** Pages received (2xx answers). */
  pages: number;
  /** Conversations handed to the caller. */
  items: number;
  /** Attempts that were retries of an earlier one. */
  retries: number;
  /** The error the listing ended with; absent when it finished or the caller stopped it early. */
  error?: unknown;
}

/** One listing's trace: told of each attempt, then of the end, once. */
export interface ListingTrace {
  /** Each attempt's `request`, then its `response` or `failure`, as `onEvent` gets them (scrubbed). */
  event(event: HttpEvent): void;
  /** The listing finished, failed or was stopped by its caller; called once. */
  end(outcome: ListingOutcome): void;
}

/** What the `tracing` option takes; `openTelemetryTracing()` from `/opentelemetry` gives one. */
export interface ClientTracing {
  /** Called as a listing starts (before its first request); the trace returned follows that listing alone. */
  startListing(info: ListingInfo): ListingTrace;
}
