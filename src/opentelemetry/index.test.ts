import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { createConversationsClient } from '../client/client';
import { TwilioApiError } from '../client/errors';
import { startSimulator, type Simulator } from '../simulator';
import { openTelemetryTracing } from './index';

// Spans checked with the SDK's in-memory exporter, against the simulator on 127.0.0.1.
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const TOKEN = 'tracing-secret-token-1234';
let sim: Simulator;
let requests = 0;

beforeAll(async () => {
  sim = await startSimulator({
    conversations: 120,
    authToken: TOKEN,
    // The second request is throttled once: the listing retries it.
    hooks: { fault: () => (++requests === 2 ? { status: 429, retryAfter: '0' } : undefined) },
  });
});
afterAll(() => sim.close());
beforeEach(() => exporter.reset());

const client = (overrides: { authToken?: string; fetch?: (r: Request) => Promise<Response> } = {}) =>
  createConversationsClient({
    baseUrl: sim.url,
    accountSid: sim.accountSid,
    authToken: overrides.authToken ?? TOKEN,
    env: {},
    baseDelayMs: 0,
    maxRetries: 2,
    tracing: openTelemetryTracing({ tracerProvider: provider }),
    ...(overrides.fetch ? { fetch: overrides.fetch } : {}),
  });

const named = (prefix: string) => exporter.getFinishedSpans().filter((s) => s.name.startsWith(prefix));
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

describe('openTelemetryTracing', () => {
  it('makes one listing span and one HTTP client span per attempt, retries counted', async () => {
    const all = await client().listAllConversations({ chatServiceSid: sim.serviceSid, pageSize: 50, limit: 1000 });
    expect(all).toHaveLength(120);
    const [listing, ...others] = named('conversations.');
    expect(others).toEqual([]);
    expect(listing!.name).toBe('conversations.listAllConversations');
    expect(listing!.kind).toBe(0); // INTERNAL
    expect(listing!.attributes).toMatchObject({
      'twilio.conversations.chat_service_sid': sim.serviceSid,
      'twilio.conversations.pages': 3,
      'twilio.conversations.items': 120,
      'twilio.conversations.retries': 1,
      'server.address': '127.0.0.1',
    });
    const http = named('GET ');
    expect(http).toHaveLength(4); // three pages, one of them sent twice
    for (const span of http) {
      expect(span.name).toBe('GET /v1/Services/{ChatServiceSid}/Conversations');
      expect(span.kind).toBe(2); // CLIENT
      expect(parentOf(span)).toBe(listing!.spanContext().spanId);
      expect(span.attributes['http.request.method']).toBe('GET');
      expect(span.attributes['url.full']).toMatch(
        new RegExp(`^${sim.url}/v1/Services/${sim.serviceSid}/Conversations`),
      );
      expect(span.attributes['server.port']).toBe(Number(new URL(sim.url).port));
    }
    const statuses = http.map((s) => s.attributes['http.response.status_code']);
    expect(statuses).toEqual([200, 429, 200, 200]);
    const throttled = http[1]!;
    expect(throttled.attributes['error.type']).toBe('429');
    expect(throttled.status.code).toBe(2); // ERROR
    expect(http[2]!.attributes['http.request.resend_count']).toBe(1);
    expect(http[0]!.attributes['http.request.resend_count']).toBeUndefined();
    expect(http[0]!.attributes['twilio.request_id']).toMatch(/^RQ/);
  });

  it('marks a failed listing with the error class, and a transport failure with its name', async () => {
    await expect(
      client({ authToken: 'wrong-token-value' }).listConversations({ chatServiceSid: sim.serviceSid }),
    ).rejects.toThrow(TwilioApiError);
    const [listing] = named('conversations.');
    expect(listing!.attributes['error.type']).toBe('TwilioApiError');
    expect(listing!.status.code).toBe(2);
    expect(named('GET ')[0]!.attributes['error.type']).toBe('401');

    exporter.reset();
    const refused = () => Promise.reject(new TypeError('fetch failed'));
    await expect(client({ fetch: refused }).listConversations({ chatServiceSid: sim.serviceSid })).rejects.toThrow();
    const attempts = named('GET ');
    expect(attempts).toHaveLength(3);
    expect(attempts.map((s) => s.attributes['error.type'])).toEqual(['TypeError', 'TypeError', 'TypeError']);
    expect(named('conversations.')[0]!.attributes['error.type']).toBe('NetworkError');
  });

  it('ends the listing span when the caller stops early, and counts what it was given', async () => {
    for await (const conversation of client().iterateConversations({ chatServiceSid: sim.serviceSid, pageSize: 50 })) {
      if (conversation) break;
    }
    const [listing] = named('conversations.');
    expect(listing!.name).toBe('conversations.iterateConversations');
    expect(listing!.attributes['twilio.conversations.items']).toBe(1);
    expect(listing!.attributes['error.type']).toBeUndefined();
  });

  it('puts no secret in any span: not the token, its base64 pair, nor an Authorization header', async () => {
    await client().listAllConversations({ chatServiceSid: sim.serviceSid, limit: 10 });
    await client({ authToken: 'wrong-token-value' })
      .listConversations({ chatServiceSid: sim.serviceSid })
      .catch(() => {});
    const text = JSON.stringify(exporter.getFinishedSpans().map((s) => [s.name, s.attributes, s.status, s.events]));
    for (const secret of [TOKEN, 'wrong-token-value', Buffer.from(`${sim.accountSid}:${TOKEN}`).toString('base64')]) {
      expect(text).not.toContain(secret);
    }
    expect(text.toLowerCase()).not.toContain('authorization');
  });
});
