// Suite 6: type behaviour, checked by `tsc --noEmit` (make typecheck). Every
// expect-error directive below fails the build if the error it expects goes away.
import { createConversationsClient, type Conversation, type ConversationState, type Meta } from '../../src';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | void {}

const client = createConversationsClient({ accountSid: 'AC00000000000000000000000000000000', authToken: 'x' });
const sid = 'IS00000000000000000000000000000000';

export async function typeTests() {
  const page = await client.listConversations({
    chatServiceSid: sid,
    pageSize: 10,
    state: 'active',
    startDate: new Date(),
  });
  assertType<Equal<typeof page.conversations, Conversation[]>>();
  assertType<Equal<typeof page.meta, Meta>>();
  assertType<Equal<Conversation['state'], 'inactive' | 'active' | 'closed' | null>>();
  assertType<Equal<ConversationState, 'inactive' | 'active' | 'closed'>>();
  assertType<Equal<Meta['next_page_url'], string | null>>();
  assertType<Equal<Conversation['sid'], string | null>>();

  // @ts-expect-error chatServiceSid is required
  await client.listConversations({});
  // @ts-expect-error wire names are not the client's parameter names
  await client.listConversations({ chatServiceSid: sid, PageSize: 10 });
  // @ts-expect-error pageSize is a number
  await client.listConversations({ chatServiceSid: sid, pageSize: '10' });
  // @ts-expect-error 'initializing' is not a state in our spec (it is upstream's)
  await client.listConversations({ chatServiceSid: sid, state: 'initializing' });
  // @ts-expect-error startDate is a Date or a string
  await client.listConversations({ chatServiceSid: sid, startDate: 1700000000 });
  // @ts-expect-error wire field names are kept: there is no camelCase chatServiceSid on a conversation
  void page.conversations[0]?.chatServiceSid;
  // @ts-expect-error state can be null, so it must be narrowed first
  page.conversations[0]!.state.toUpperCase();

  for await (const c of client.iterateConversations({ chatServiceSid: sid, limit: 5 })) {
    assertType<Equal<typeof c, Conversation>>();
  }
  // @ts-expect-error limit is a number
  client.iterateConversations({ chatServiceSid: sid, limit: 'all' });

  const all = await client.listAllConversations({ chatServiceSid: sid, limit: 100 });
  assertType<Equal<typeof all, Conversation[]>>();
  // @ts-expect-error listAllConversations needs a limit
  await client.listAllConversations({ chatServiceSid: sid });
  // @ts-expect-error validation modes are off, warn and strict
  createConversationsClient({ accountSid: 'AC00000000000000000000000000000000', authToken: 'x', validation: 'loose' });
  const followed = {
    accountSid: 'AC00000000000000000000000000000000',
    authToken: 'x',
    foreignNextLinks: 'follow',
  } as const;
  // @ts-expect-error foreign next links are rebased or refused, never followed
  createConversationsClient(followed);
  for await (const p of client.iteratePages(
    {
      chatServiceSid: sid,
      resumeFrom:
        'https://conversations.twilio.com/v1/Services/IS00000000000000000000000000000000/Conversations?Page=1',
    },
    { signal: AbortSignal.timeout(1000), maxRetries: 0 },
  )) {
    assertType<Equal<typeof p.meta.next_page_url, string | null>>();
  }

  const raw = await client.raw.GET('/v1/Services/{ChatServiceSid}/Conversations', {
    params: { path: { ChatServiceSid: sid } },
  });
  if (raw.data) assertType<Equal<typeof raw.data.conversations, Conversation[]>>();
  // @ts-expect-error the raw client knows only the spec's path
  await client.raw.GET('/v1/Services/{ChatServiceSid}/Messages', { params: { path: { ChatServiceSid: sid } } });
}
