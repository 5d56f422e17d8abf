import { makeConversation, makePage } from '../../test-support/fixtures';
import { createConversationsClient } from './client';
import type { ClientOptions } from './types';
import { ResponseValidationError } from './errors';
import type { Violation } from '../schema/validate';

const SID = 'IS0123456789abcdef0123456789abcdef';
const BASE = 'http://127.0.0.1:9';

function clientServing(bodies: unknown[], options: Partial<ClientOptions> = {}) {
  const queue = [...bodies];
  return createConversationsClient({
    accountSid: 'AC0123456789abcdef0123456789abcdef',
    authToken: 't',
    baseUrl: BASE,
    env: {},
    fetch: async () => Response.json(queue.shift(), { headers: { 'Twilio-Request-Id': 'RQ1' } }),
    ...options,
  });
}

function pageWith(mutate: (c: Record<string, unknown>, i: number) => void, count = 3) {
  const items = Array.from({ length: count }, (_, i) => {
    const c = makeConversation(i) as unknown as Record<string, unknown>;
    mutate(c, i);
    return c;
  });
  return makePage({ items: items as never, page: 0, pageSize: count, origin: BASE, serviceSid: SID });
}

describe('response validation', () => {
  it('strict mode throws every violation with its JSON pointer, rule and value', async () => {
    const body = pageWith((c, i) => {
      if (i === 1) c.state = 'initializing';
      if (i === 2) c.sid = 'XX1';
    });
    delete (body.meta as Partial<typeof body.meta>).key;
    const error = await clientServing([body], { validation: 'strict' })
      .listConversations({ chatServiceSid: SID })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    const { violations, requestId } = error as ResponseValidationError;
    expect(requestId).toBe('RQ1');
    const found = violations.map((v) => `${v.pointer} ${v.rule}`);
    expect(found).toEqual(
      expect.arrayContaining([
        '/conversations/1/state enum',
        '/conversations/2/sid pattern',
        '/conversations/2/sid minLength',
        '/meta/key required',
      ]),
    );
    expect(violations.find((v) => v.rule === 'enum')!.value).toBe('initializing');
  });

  it('strict mode checks every rule in full: URLs and date-times that only a loose check would pass', async () => {
    // Each passes ajv-formats' `fast` approximation; the full rules (what the spec means) refuse them.
    const body = pageWith((c, i) => {
      if (i === 0) c.url = 'https://conversations.twilio.com/v1/<Conversations>';
      if (i === 1) (c.links as Record<string, string>).messages = 'https://h.example/a%zz';
      if (i === 2) c.date_created = '2025-02-29T00:00:00Z';
    });
    const error = await clientServing([body], { validation: 'strict' })
      .listConversations({ chatServiceSid: SID })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).violations.map((v) => `${v.pointer} ${v.rule}`)).toEqual(
      expect.arrayContaining([
        '/conversations/0/url format',
        '/conversations/1/links/messages format',
        '/conversations/2/date_created format',
      ]),
    );
  });

  it('warn mode reports each distinct violation once, across items and pages, and returns the data', async () => {
    const bad = () => pageWith((c) => (c.state = 'initializing'));
    const warnings: Violation[] = [];
    const client = clientServing([bad(), bad()], { validation: 'warn', onValidationWarning: (v) => warnings.push(v) });
    const first = await client.listConversations({ chatServiceSid: SID });
    await client.listConversations({ chatServiceSid: SID });
    expect(first.conversations).toHaveLength(3);
    expect(warnings.map((w) => w.rule)).toEqual(['enum']);
  });

  it('warn is the default mode', async () => {
    const warnings: Violation[] = [];
    const client = clientServing([pageWith((c) => (c.url = 42))], { onValidationWarning: (v) => warnings.push(v) });
    await client.listConversations({ chatServiceSid: SID });
    expect(warnings.length).toBeGreaterThan(0);
  });

  it('off mode does not look at the body beyond its shape', async () => {
    const warnings: Violation[] = [];
    const client = clientServing([pageWith((c) => (c.state = 'initializing'))], {
      validation: 'off',
      onValidationWarning: (v) => warnings.push(v),
    });
    const page = await client.listConversations({ chatServiceSid: SID });
    expect(page.conversations[0]!.state).toBe('initializing');
    expect(warnings).toEqual([]);
  });

  it('off mode still refuses a body it cannot page through', async () => {
    const client = clientServing([{ items: [] }], { validation: 'off' });
    await expect(client.listConversations({ chatServiceSid: SID })).rejects.toThrow(ResponseValidationError);
  });

  it('allows unknown properties, and reports them once each when asked', async () => {
    const unknown: Violation[] = [];
    const body = pageWith((c) => (c.brand_new_field = 1));
    (body.meta as Record<string, unknown>).extra = true;
    const client = clientServing([body], { validation: 'strict', onUnknownProperty: (v) => unknown.push(v) });
    await client.listConversations({ chatServiceSid: SID });
    expect(unknown.map((v) => v.pointer).sort()).toEqual(['/conversations/0/brand_new_field', '/meta/extra']);
  });
});
