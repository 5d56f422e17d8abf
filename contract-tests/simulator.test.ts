import type { ConformanceReport } from '../src/conformance';
import { startSimulator, type Simulator } from '../src/simulator';
import { runCli } from '../test-support/cli';

// The simulator judged from outside: by this package's own conformance run, and by a client it
// did not write - the official twilio SDK - against a plain fetch loop.

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ conversations: 400, seed: 11 });
});
afterAll(() => sim.close());

const env = () => ({
  TWILIO_ACCOUNT_SID: sim.accountSid,
  TWILIO_AUTH_TOKEN: sim.authToken,
  TWILIO_CHAT_SERVICE_SID: sim.serviceSid,
  TWILIO_CONVERSATIONS_BASE_URL: sim.url,
});

it('verify --live finds nothing: every check that can apply does (filters and probes included) and passes', async () => {
  const result = await runCli(['verify', '--live', '--strict', '--format', 'json'], env());
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const report = JSON.parse(result.stdout) as ConformanceReport;
  expect(report.groups).toEqual([]);
  expect(report.runErrors).toEqual([]);
  for (const [name, check] of Object.entries(report.checks)) {
    // request_conformance reads Prism's sl-violations header, which only Prism sends.
    if (name === 'request_conformance') continue;
    expect([name, check.passed]).toEqual([name, expect.any(Number)]);
    expect(check.passed).toBeGreaterThan(0);
    expect(check.failed + check.drift).toBe(0);
  }
  expect(report.checks.filter_conformance.passed).toBeGreaterThan(1);
});

/** Every SID a plain fetch loop gets for a query, following next_page_url. */
async function fetchLoop(query: string): Promise<string[]> {
  const sids: string[] = [];
  let url: string | null = `${sim.url}/v1/Services/${sim.serviceSid}/Conversations?${query}`;
  const headers = { Authorization: `Basic ${Buffer.from(`${sim.accountSid}:${sim.authToken}`).toString('base64')}` };
  while (url) {
    const body = (await (await fetch(url, { headers })).json()) as {
      conversations: { sid: string }[];
      meta: { next_page_url: string | null };
    };
    sids.push(...body.conversations.map((c) => c.sid));
    url = body.meta.next_page_url;
  }
  return sids;
}

function twilioClient() {
  const twilio = require('twilio') as typeof import('twilio');
  const RequestClient = require('twilio/lib/base/RequestClient') as new () => {
    request(opts: { uri: string }): Promise<unknown>;
  };
  // The SDK always targets conversations.twilio.com; its httpClient option sends it here instead.
  class LocalRequestClient extends RequestClient {
    override request(opts: { uri: string }) {
      return super.request({ ...opts, uri: opts.uri.replace('https://conversations.twilio.com', sim.url) });
    }
  }
  return twilio(sim.accountSid, sim.authToken, {
    httpClient: new LocalRequestClient() as never,
  }).conversations.v1.services(sim.serviceSid).conversations;
}

it.each([
  ['no filter', {}, 'PageSize=30'],
  ['State', { state: 'inactive' as const }, 'State=inactive&PageSize=30'],
  [
    'a date window',
    { startDate: '2025-08-01T00:00:00Z', endDate: '2025-10-31T23:59:59Z' },
    'StartDate=2025-08-01T00%3A00%3A00Z&EndDate=2025-10-31T23%3A59%3A59Z&PageSize=30',
  ],
])('the twilio SDK lists through it (%s) and gets what a plain fetch loop gets', async (_what, filters, query) => {
  const viaSdk = (await twilioClient().list({ ...filters, pageSize: 30 })).map((c) => c.sid);
  const viaFetch = await fetchLoop(query);
  expect(viaSdk).toEqual(viaFetch);
  expect(viaSdk.length).toBeGreaterThan(0);
});
