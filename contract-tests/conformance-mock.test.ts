import { verifyTarget } from '../src/conformance';
import { startPrismMock, type PrismMock } from '../src/prism/launcher';
import { prismUrl, SERVICE_SID } from './setup/env';
import {
  FIXTURE_ACCOUNT_SID,
  FIXTURE_AUTH_TOKEN,
  FIXTURE_SERVICE_SID,
  makeConversation,
} from '../test-support/fixtures';
import { startFakeTwilio, type FakeTwilio } from '../test-support/twilio-server';

// The mock target: the same named checks, run against Prism serving the spec.
describe('conformance of the Prism mock', () => {
  it('passes every check on what the mock serves, including the probe without credentials', async () => {
    const { report } = await verifyTarget('mock', {
      baseUrl: prismUrl(),
      accountSid: `AC${'0'.repeat(32)}`,
      authToken: 'mock-token',
      chatServiceSid: SERVICE_SID,
      filters: false,
      probes: ['no-credentials'],
    });
    expect(report.groups).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.checks.response_schema_conformance.passed).toBeGreaterThan(0);
    expect(report.checks.error_body_conformance.passed).toBe(1);
  });
});

// `make proxy` runs `prism proxy --errors` in front of the real API; here it sits in front of
// our local server, and turns a planted violation into a 500 problem+json, as documented.
describe('prism proxy --errors', () => {
  let upstream: FakeTwilio;
  let proxy: PrismMock;
  beforeAll(async () => {
    upstream = await startFakeTwilio({
      conversations: [makeConversation(0), makeConversation(1)],
      mutate: (body, { filtered }) => {
        if (filtered) body.conversations[0].sid = 'not-a-sid';
        return body;
      },
    });
    proxy = await startPrismMock({ upstream: upstream.url, args: ['--errors'] });
  });
  afterAll(async () => {
    await proxy?.stop();
    await upstream?.stop();
  });

  const get = (query = '') =>
    fetch(`${proxy.url}/v1/Services/${FIXTURE_SERVICE_SID}/Conversations${query}`, {
      headers: {
        Authorization: `Basic ${Buffer.from(`${FIXTURE_ACCOUNT_SID}:${FIXTURE_AUTH_TOKEN}`).toString('base64')}`,
      },
    });

  it('passes conforming traffic through', async () => {
    const response = await get();
    expect(response.status).toBe(200);
    expect(((await response.json()) as { conversations: unknown[] }).conversations).toHaveLength(2);
  });

  it('reports a response that breaks the spec', async () => {
    const response = await get('?State=active');
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.text()).toMatch(/sid/);
  });
});
