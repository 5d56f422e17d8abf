import { TwilioApiError } from '../src';
import { deref, listOperation } from '../src/schema/spec';
import { mockClient, SERVICE_SID } from './setup/env';

// Suite 4: each error response of the spec, served by Prism, becomes a TwilioApiError
// whose fields come from the example body and the Twilio-Request-Id header example.
interface ErrorResponse {
  headers: Record<string, { $ref?: string; example?: string }>;
  content: Record<string, { examples: Record<string, { value: Record<string, unknown> }> }>;
}

const responses = listOperation().responses as Record<string, unknown>;
const errorCases = Object.keys(responses)
  .filter((status) => status !== '200')
  .map((status) => {
    const response = deref<ErrorResponse>(responses[status]);
    const [name, example] = Object.entries(response.content['application/json']!.examples)[0]!;
    const requestId = deref<{ example: string }>(response.headers['Twilio-Request-Id']).example;
    // The default response has no status of its own; Prism serves it for any undeclared code.
    const code = status === 'default' ? Number(example.value.status) : Number(status);
    return { status, code, name, body: example.value, requestId };
  });

describe('error responses', () => {
  it('covers every declared error response', () => {
    expect(errorCases.map((c) => c.status).sort()).toEqual(['400', '401', '403', '404', '429', 'default']);
  });

  it.each(errorCases.map((c) => [c.status, c] as const))(
    '%s becomes a TwilioApiError with the example fields',
    async (_status, c) => {
      const { client, exchanges } = mockClient({ Prefer: `code=${c.code}` });
      const error = await client.listConversations({ chatServiceSid: SERVICE_SID }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TwilioApiError);
      const apiError = error as TwilioApiError;
      expect(apiError.status).toBe(c.code);
      expect(apiError.code).toBe(c.body.code);
      expect(apiError.message).toContain(String(c.body.message));
      expect(apiError.moreInfo).toBe(c.body.more_info);
      expect(apiError.requestId).toBe(c.requestId);
      expect(apiError.method).toBe('GET');
      expect(apiError.url).toBe(exchanges[0]!.request.url);
      if ('detail' in c.body) expect(apiError.details).toBe(c.body.detail);
      expect(JSON.stringify(apiError)).not.toContain('test-auth-token');
      expect(String(apiError)).not.toContain('test-auth-token');
    },
  );
});
