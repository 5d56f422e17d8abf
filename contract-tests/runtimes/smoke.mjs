// The smoke run every runtime goes through: Node, Bun, Deno and Workers (bundled) each call
// `smoke` with the package's entry points and the addresses of simulators the Node test process
// started. Plain JavaScript, so every runtime runs it as it is. It returns what it saw; the jest
// test (runtimes.test.ts) compares that with what the spec and the simulators promise.

/**
 * @param {{ listing: Target, hanging: Target, broken: Target }} targets simulators on 127.0.0.1
 * @param {typeof import('../../src/index')} client the main entry point
 * @param {typeof import('../../src/conformance/index')} conformance the /conformance entry point
 * @typedef {{ url: string, accountSid: string, authToken: string, serviceSid: string }} Target
 */
export async function smoke(targets, client, conformance) {
  const { createConversationsClient } = client;
  const connect = (target, options = {}) =>
    createConversationsClient({
      baseUrl: target.url,
      accountSid: target.accountSid,
      authToken: target.authToken,
      env: {},
      validation: 'strict',
      baseDelayMs: 0,
      ...options,
    });
  const out = {};

  // Several pages, with the retries the simulator's faults force on the way.
  const retries = [];
  const listing = connect(targets.listing, { onRetry: (event) => retries.push(event.reason) });
  const pages = [];
  for await (const page of listing.iteratePages({ chatServiceSid: targets.listing.serviceSid, pageSize: 100 })) {
    pages.push(page.conversations.length);
  }
  out.pages = pages;
  out.retries = retries;

  // A typed error from the API: wrong credentials are Twilio's 401, code 20003.
  out.apiError = await connect({ ...targets.listing, authToken: 'wrong-token' })
    .listConversations({ chatServiceSid: targets.listing.serviceSid })
    .then(
      () => 'no error',
      (error) => ({
        isTwilioApiError: error instanceof client.TwilioApiError,
        status: error.status,
        code: error.code,
      }),
    );

  // Bad input is refused before anything is sent.
  out.inputError = await listing.listConversations({ chatServiceSid: 'not-a-sid' }).then(
    () => 'no error',
    (error) => ({ isRequestValidationError: error instanceof client.RequestValidationError }),
  );

  // The timeout covers the whole answer: a server that never answers ends in a TimeoutError.
  out.timeout = await connect(targets.hanging, { timeoutMs: 300, maxRetries: 1 })
    .listConversations({ chatServiceSid: targets.hanging.serviceSid })
    .then(
      () => 'no error',
      (error) => ({ isTimeoutError: error instanceof client.TimeoutError, attempts: error.attempts }),
    );

  // Strict validation refuses a page that breaks the spec, naming the rule.
  out.validation = await connect(targets.broken)
    .listConversations({ chatServiceSid: targets.broken.serviceSid })
    .then(
      () => 'no error',
      (error) => ({
        isResponseValidationError: error instanceof client.ResponseValidationError,
        rules: [...new Set(error.violations.map((v) => v.rule))],
      }),
    );

  // The conformance checks over one answer, as a user's own test would run them.
  const page = await listing.listConversations({ chatServiceSid: targets.listing.serviceSid, pageSize: 5 });
  const verdict = conformance.checkResponse({ status: 200, contentType: 'application/json', body: page });
  out.conformance = { ok: verdict.ok, findings: verdict.findings.length };
  return out;
}
