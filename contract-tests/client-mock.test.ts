import type { Conversation, ConversationPage } from '../src';
import { parseSlViolations } from '../src/conformance/prism-violations';
import { createSpecValidators, formatViolations } from '../src/schema/validate';
import { mockClient, SERVICE_SID } from './setup/env';

// Suite 2: the client against Prism. Every request it sends with valid input is one
// Prism accepts (no sl-violations), and every page it returns is valid by the spec.
const validators = createSpecValidators();

function expectNoRequestViolations(exchanges: { request: Request; response: Response }[]) {
  expect(exchanges.length).toBeGreaterThan(0);
  for (const { request, response } of exchanges) {
    const header = response.headers.get('sl-violations');
    const { violations, truncated } = parseSlViolations(header);
    if (header)
      throw new Error(
        `Prism rejected ${request.url}: ${truncated ? header.slice(0, 200) : JSON.stringify(violations)}`,
      );
    expect(response.status).toBe(200);
  }
}

function expectValidPage(page: ConversationPage) {
  const violations = validators.listResponse(page);
  if (violations.length) throw new Error(formatViolations(violations));
}

const validInputs = [
  { name: 'only the service', params: {} },
  {
    name: 'every filter and paging parameter',
    params: {
      pageSize: 1000,
      page: 3,
      pageToken: 'PT+a:b=c%2B',
      state: 'closed',
      startDate: '2026-01-01T00:00:00Z',
      endDate: new Date('2026-12-31T23:59:59Z'),
    },
  },
  { name: 'the smallest page size', params: { pageSize: 1, page: 0 } },
  { name: 'a date with an offset and milliseconds', params: { startDate: '2026-05-01T10:00:00.123+02:00' } },
  { name: 'each state', params: { state: 'inactive' } },
  { name: 'each state (active)', params: { state: 'active' } },
] as const;

describe('client against the Prism mock', () => {
  it.each(validInputs.map((c) => [c.name, c.params] as const))(
    'lists a valid page that Prism accepts: %s',
    async (_name, params) => {
      const { client, exchanges } = mockClient();
      const page = await client.listConversations({ chatServiceSid: SERVICE_SID, ...params });
      expectValidPage(page);
      expect(page.conversations.length).toBeGreaterThan(0);
      expectNoRequestViolations(exchanges);
      const url = new URL(exchanges[0]!.request.url);
      expect(url.pathname).toBe(`/v1/Services/${SERVICE_SID}/Conversations`);
    },
  );

  it('returns typed conversations with the wire field names unchanged', async () => {
    const { client } = mockClient();
    const { conversations, meta } = await client.listConversations({ chatServiceSid: SERVICE_SID });
    const first: Conversation = conversations[0]!;
    expect(first.sid).toMatch(/^CH[0-9a-fA-F]{32}$/);
    expect(first.chat_service_sid).toBe(SERVICE_SID);
    expect(Object.keys(meta).sort()).toEqual([
      'first_page_url',
      'key',
      'next_page_url',
      'page',
      'page_size',
      'previous_page_url',
      'url',
    ]);
  });

  it('sends dates as whole-second UTC timestamps', async () => {
    const { client, exchanges } = mockClient();
    await client.listConversations({
      chatServiceSid: SERVICE_SID,
      startDate: '2026-05-01T10:00:00.999+02:00',
      endDate: new Date(Date.UTC(2026, 4, 2)),
    });
    const query = new URL(exchanges[0]!.request.url).searchParams;
    expect(query.get('StartDate')).toBe('2026-05-01T08:00:00Z');
    expect(query.get('EndDate')).toBe('2026-05-02T00:00:00Z');
  });

  it('sends HTTP Basic credentials to the mock', async () => {
    const { client, exchanges } = mockClient();
    await client.listConversations({ chatServiceSid: SERVICE_SID });
    const auth = exchanges[0]!.request.headers.get('authorization');
    expect(auth).toBe(`Basic ${Buffer.from('AC00000000000000000000000000000000:test-auth-token').toString('base64')}`);
  });

  it('iterates the mock list to its end (its example page has no next link)', async () => {
    const { client, exchanges } = mockClient();
    const seen: string[] = [];
    for await (const c of client.iterateConversations({ chatServiceSid: SERVICE_SID })) seen.push(c.sid!);
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen).size).toBe(seen.length);
    expectNoRequestViolations(exchanges);
    expect(exchanges).toHaveLength(1);
  });

  it('stops at the limit without fetching more', async () => {
    const { client, exchanges } = mockClient();
    const seen: Conversation[] = [];
    for await (const c of client.iterateConversations({ chatServiceSid: SERVICE_SID, limit: 1 })) seen.push(c);
    expect(seen).toHaveLength(1);
    expect(exchanges).toHaveLength(1);
  });

  it('does not follow a next link to the real API host named in a mock example', async () => {
    // Prism's firstPageWithNext example links to conversations.twilio.com; the client must
    // rebase that link onto the mock, so no request ever leaves 127.0.0.1.
    const { client, exchanges } = mockClient({ Prefer: 'example=firstPageWithNext' });
    await expect(async () => {
      for await (const _ of client.iterateConversations({ chatServiceSid: SERVICE_SID })) void _;
    }).rejects.toThrow(/leads back to a page already listed/);
    expect(exchanges.length).toBe(2);
    for (const { request } of exchanges) expect(new URL(request.url).hostname).toBe('127.0.0.1');
    expect(exchanges[1]!.request.url).toContain(
      'PageToken=PT2026-04-20T12%3A00%3A05Z%2BCHaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa3',
    );
    expectNoRequestViolations(exchanges);
  });
});
