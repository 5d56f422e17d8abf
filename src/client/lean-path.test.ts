import { startSimulator, type Simulator } from '../simulator';
import { createConversationsClient } from './client';

// Follow-up pages go out as fetch(url, init) - no Request object of ours per page - with the same
// headers as the first page, the next link's query byte for byte, and the retries, timeouts and
// size cap of every other request. Observed at the global fetch, against a real local server.
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ conversations: 25, seed: 8 });
});
afterAll(() => sim.close());

function spyFetch() {
  const real = globalThis.fetch;
  const calls: { input: unknown; init: RequestInit | undefined }[] = [];
  const spy = jest.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
    calls.push({ input, init });
    return real(input, init);
  });
  return { calls, restore: () => spy.mockRestore() };
}

const headersOf = (call: { input: unknown; init: RequestInit | undefined }): Record<string, string> => {
  const out: Record<string, string> = {};
  new Headers(call.input instanceof Request ? call.input.headers : call.init?.headers).forEach((value, name) => {
    if (['authorization', 'user-agent', 'x-trace'].includes(name)) out[name] = value;
  });
  return out;
};

it('sends next pages as a URL string with an init: the same headers, the link query as written, no redirect', async () => {
  const client = createConversationsClient({
    accountSid: sim.accountSid,
    authToken: sim.authToken,
    baseUrl: sim.url,
    env: {},
    headers: { 'X-Trace': 't-1' },
  });
  const { calls, restore } = spyFetch();
  const links: (string | null)[] = [];
  try {
    for await (const page of client.iteratePages({ chatServiceSid: sim.serviceSid, pageSize: 10 }))
      links.push(page.meta.next_page_url);
  } finally {
    restore();
  }
  expect(calls).toHaveLength(3);
  expect(calls[0]!.input).toBeInstanceOf(Request); // the first page: openapi-fetch, typed parameters
  for (const [i, call] of calls.slice(1).entries()) {
    expect(typeof call.input).toBe('string');
    // The server's own link, byte for byte (its PageToken holds + and :).
    expect(call.input).toBe(links[i]);
    expect(call.init?.redirect).toBe('manual');
    expect(call.init?.signal).toBeInstanceOf(AbortSignal);
    expect(headersOf(call)).toEqual(headersOf(calls[0]!));
  }
  expect(headersOf(calls[0]!)).toMatchObject({ 'x-trace': 't-1', authorization: expect.stringMatching(/^Basic /) });
});

it('middleware added to client.raw stays out of the list methods', async () => {
  const client = createConversationsClient({
    accountSid: sim.accountSid,
    authToken: sim.authToken,
    baseUrl: sim.url,
    env: {},
  });
  let seen = 0;
  client.raw.use({
    onRequest: () => {
      seen++;
      return undefined;
    },
  });
  let items = 0;
  for await (const c of client.iterateConversations({ chatServiceSid: sim.serviceSid, pageSize: 10 }))
    items += c ? 1 : 0;
  expect(items).toBe(25);
  expect(seen).toBe(0);
  await client.raw.GET('/v1/Services/{ChatServiceSid}/Conversations', {
    params: { path: { ChatServiceSid: sim.serviceSid } },
  });
  expect(seen).toBe(1);
});
