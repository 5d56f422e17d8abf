import { inspect } from 'node:util';
import { ConversationsError, MESSAGE_LIMIT, TwilioApiError } from './errors';

const init = {
  status: 404,
  method: 'GET',
  url: 'https://conversations.twilio.com/v1/Services/IS0/Conversations',
  requestId: 'RQ1',
};

describe('TwilioApiError', () => {
  it('carries the fields of a Twilio error body', () => {
    const e = new TwilioApiError({
      ...init,
      body: { code: 20404, message: 'Not found', more_info: 'https://www.twilio.com/docs/errors/20404', status: 404 },
    });
    expect(e).toMatchObject({
      name: 'TwilioApiError',
      status: 404,
      code: 20404,
      moreInfo: 'https://www.twilio.com/docs/errors/20404',
      requestId: 'RQ1',
    });
    expect(e.message).toBe(`GET ${init.url} failed with HTTP 404 (Twilio error 20404): Not found [request RQ1]`);
  });

  it('keeps a snippet of a non-JSON body, such as a proxy error page', () => {
    const e = new TwilioApiError({
      ...init,
      status: 502,
      body: `<html><body>${'Bad gateway '.repeat(40)}</body></html>`,
    });
    expect(e.code).toBeUndefined();
    expect(e.bodySnippet).toMatch(/^<html><body>Bad gateway/);
    expect(e.message).toContain('HTTP 502');
    expect(e.message.length).toBeLessThan(400);
  });

  it('quotes at most 2 KB of a huge body, and of a huge error message', () => {
    const html = new TwilioApiError({ ...init, status: 502, body: `<html>${'x'.repeat(20 * 1024 * 1024)}</html>` });
    expect(html.bodySnippet!.length).toBeLessThanOrEqual(2048 + 3);
    const twilio = new TwilioApiError({
      ...init,
      status: 400,
      body: { code: 20001, message: 'y'.repeat(20 * 1024 * 1024) },
    });
    expect(twilio.message.length).toBeLessThanOrEqual(MESSAGE_LIMIT + 40);
    expect(twilio.message).toContain('[request RQ1]'); // the request id survives the cut
  });

  it('every error message is capped, whatever builds it', () => {
    expect(new ConversationsError('z'.repeat(100_000)).message.length).toBeLessThanOrEqual(MESSAGE_LIMIT + 40);
  });

  it('says when the body was empty', () => {
    expect(new TwilioApiError({ ...init, status: 503, body: '' }).message).toContain('empty body');
  });

  it('never shows credentials, because it is never given any', () => {
    const e = new TwilioApiError({ ...init, body: { message: 'x' } });
    for (const text of [e.message, String(e), JSON.stringify(e), inspect(e)])
      expect(text).not.toMatch(/authorization|basic /i);
  });
});

describe('TwilioApiError with a JSON body of another shape', () => {
  it('says the body is not a Twilio error and keeps a snippet', () => {
    const e = new TwilioApiError({
      ...init,
      status: 500,
      body: { type: 'https://example.test/problem', title: 'boom' },
    });
    expect(e.message).toContain('body is not a Twilio error: {"type":"https://example.test/problem","title":"boom"}');
    expect(e.bodySnippet).toContain('boom');
  });
});
