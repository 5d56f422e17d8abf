/**
 * OpenTelemetry tracing for the client: `createConversationsClient({ tracing: openTelemetryTracing() })`
 * makes one span per listing and, inside it, one HTTP client span per attempt, named and attributed
 * as OpenTelemetry's HTTP semantic conventions say. Needs `@opentelemetry/api` (an optional peer
 * dependency); only this entry point imports it, so a client without tracing loads none of it.
 */
import {
  context,
  SpanKind,
  SpanStatusCode,
  trace,
  type Span,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../../generated/package-info';
import type { HttpEvent } from '../client/retry';
import type { ClientTracing, ListingInfo, ListingOutcome } from '../client/tracing';
import { OPERATION_PATH } from '../schema/operation';

export type { ClientTracing, ListingInfo, ListingOutcome, ListingTrace, ListingMethod } from '../client/tracing';

/** Where the spans go. Default: the global tracer provider's tracer named after this package. */
export interface OpenTelemetryOptions {
  /** A tracer to use as it is. */
  tracer?: Tracer;
  /** A provider to take this package's tracer from (ignored when `tracer` is given). */
  tracerProvider?: TracerProvider;
}

/**
 * A `tracing` option that makes OpenTelemetry spans.
 * - A listing: an `INTERNAL` span named `conversations.<method>` (`conversations.listAllConversations`),
 *   with the service SID, `twilio.conversations.pages`, `.items` and `.retries`, and `error.type`
 *   (the error's class, e.g. `TwilioApiError`) with status ERROR when it failed. Its parent is the
 *   active span, when there is one.
 * - Each attempt: a `CLIENT` span named `GET /v1/Services/{ChatServiceSid}/Conversations`, child of
 *   the listing, with `http.request.method`, `url.full`, `url.template`, `server.address`,
 *   `server.port`, `http.response.status_code`, `http.request.resend_count` (from the 2nd attempt),
 *   `twilio.request_id`, and `error.type` (the status code from 400, `timeout`, or the failure's name).
 * No secret reaches an attribute: URLs carry none (credentials travel in a header, which is never
 * recorded), and they are scrubbed before they arrive here.
 * @example const client = createConversationsClient({ tracing: openTelemetryTracing() });
 */
export function openTelemetryTracing(options: OpenTelemetryOptions = {}): ClientTracing {
  const tracer = options.tracer ?? (options.tracerProvider ?? trace).getTracer(PACKAGE_NAME, PACKAGE_VERSION);
  return {
    startListing(info: ListingInfo) {
      const parent = context.active();
      const server = serverOf(info.baseUrl);
      const listing = tracer.startSpan(
        `conversations.${info.method}`,
        {
          kind: SpanKind.INTERNAL,
          attributes: {
            'twilio.conversations.method': info.method,
            ...(info.chatServiceSid ? { 'twilio.conversations.chat_service_sid': info.chatServiceSid } : {}),
            ...server,
          },
        },
        parent,
      );
      const inside = trace.setSpan(parent, listing);
      const open = new Map<string, Span>();
      return {
        event(event: HttpEvent) {
          const key = `${event.attempt} ${event.url}`;
          if (event.type === 'request') {
            open.set(key, startAttempt(tracer, event, inside));
            return;
          }
          const span = open.get(key);
          if (!span) return;
          open.delete(key);
          endAttempt(span, event);
        },
        end(outcome: ListingOutcome) {
          for (const span of open.values()) {
            span.setAttribute('error.type', 'cancelled');
            span.end();
          }
          listing.setAttributes({
            'twilio.conversations.pages': outcome.pages,
            'twilio.conversations.items': outcome.items,
            'twilio.conversations.retries': outcome.retries,
          });
          if (outcome.error !== undefined) {
            const type = errorType(outcome.error);
            listing.setAttribute('error.type', type);
            listing.setStatus({ code: SpanStatusCode.ERROR, message: type });
          }
          listing.end();
        },
      };
    },
  };
}

function startAttempt(
  tracer: Tracer,
  event: HttpEvent & { type: 'request' },
  parent: ReturnType<typeof context.active>,
) {
  const url = new URL(event.url);
  url.username = '';
  url.password = '';
  return tracer.startSpan(
    `${event.method} ${OPERATION_PATH}`,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'http.request.method': event.method,
        'url.full': url.href,
        'url.template': OPERATION_PATH,
        ...serverOf(url.href),
        ...(event.attempt > 1 ? { 'http.request.resend_count': event.attempt - 1 } : {}),
      },
    },
    parent,
  );
}

function endAttempt(span: Span, event: HttpEvent) {
  if (event.type === 'response') {
    span.setAttribute('http.response.status_code', event.status);
    if (event.requestId) span.setAttribute('twilio.request_id', event.requestId);
    if (event.status >= 400) {
      span.setAttribute('error.type', String(event.status));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
  } else if (event.type === 'failure') {
    span.setAttribute('error.type', event.errorType);
    span.setStatus({ code: SpanStatusCode.ERROR, message: event.errorType });
  }
  span.end();
}

function serverOf(href: string): { 'server.address': string; 'server.port': number } {
  const url = new URL(href);
  return {
    'server.address': url.hostname,
    'server.port': url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80,
  };
}

function errorType(error: unknown): string {
  return error instanceof Error ? error.name : '_OTHER';
}
