import { createConversationsClient, type ClientOptions } from '../../src';

/** URL of the Prism mock started by globalSetup. */
export function prismUrl(): string {
  const url = process.env.PRISM_URL;
  if (!url) throw new Error('PRISM_URL is not set: run the contract suites through jest (globalSetup starts Prism)');
  return url;
}

/** Obviously fake credentials: Prism only checks that Basic credentials are present. */
export const TEST_CREDENTIALS = {
  accountSid: 'AC00000000000000000000000000000000',
  authToken: 'test-auth-token',
} as const;

/** The service SID used in the spec's own examples. */
export { default as SERVICE_SID } from './service-sid';

export interface Exchange {
  request: Request;
  response: Response;
}

/** A client against the mock whose fetch records every exchange and can add headers (e.g. Prefer). */
export function mockClient(extraHeaders: Record<string, string> = {}, options: Partial<ClientOptions> = {}) {
  const exchanges: Exchange[] = [];
  const client = createConversationsClient({
    ...TEST_CREDENTIALS,
    baseUrl: prismUrl(),
    env: {},
    fetch: async (input) => {
      const request = new Request(input);
      for (const [k, v] of Object.entries(extraHeaders)) request.headers.set(k, v);
      const response = await fetch(request.clone());
      exchanges.push({ request, response });
      return response;
    },
    ...options,
  });
  return { client, exchanges };
}
