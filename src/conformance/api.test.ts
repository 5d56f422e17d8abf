import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigurationError } from '../client/errors';
import { startSimulator } from '../simulator';
import { verifyRecorded } from '../node';
import { checkResponse, verifyLive } from './index';

// The programmatic conformance API, as a user's test suite calls it.

describe('twilio-conversations-contract/conformance', () => {
  it('checkResponse judges one body with the named checks', async () => {
    const sim = await startSimulator({ conversations: 5 });
    try {
      const url = `${sim.url}/v1/Services/${sim.serviceSid}/Conversations?PageSize=5`;
      const body = await (
        await fetch(url, {
          headers: { Authorization: `Basic ${Buffer.from(`${sim.accountSid}:${sim.authToken}`).toString('base64')}` },
        })
      ).json();
      expect(checkResponse({ body, url, status: 200, contentType: 'application/json' })).toEqual({
        ok: true,
        findings: [],
      });
      const broken = { ...(body as object), conversations: [{ sid: 1 }] };
      const verdict = checkResponse({ body: broken, url, status: 200 });
      expect(verdict.ok).toBe(false);
      expect(
        verdict.findings.some((f) => f.check === 'response_schema_conformance' && f.pointer === '/conversations/0/sid'),
      ).toBe(true);
    } finally {
      await sim.close();
    }
  });

  it('verifyLive returns the report verify --live prints, here against the simulator', async () => {
    const sim = await startSimulator({ conversations: 60, seed: 2 });
    try {
      const { report } = await verifyLive({
        baseUrl: sim.url,
        accountSid: sim.accountSid,
        authToken: sim.authToken,
        chatServiceSid: sim.serviceSid,
        env: {},
        strict: true,
      });
      expect(report.ok).toBe(true);
      expect(report.groups).toEqual([]);
      expect(report.checks.filter_conformance.passed).toBeGreaterThan(0);
    } finally {
      await sim.close();
    }
  });

  it('verifyLive refuses to start without credentials, naming what is missing', async () => {
    await expect(verifyLive({ env: {} })).rejects.toThrow(ConfigurationError);
    await expect(verifyLive({ env: {} })).rejects.toThrow(/accountSid, authToken, chatServiceSid/);
  });

  it('verifyLive from /conformance writes no file: asked to record, it refuses and points to /node', async () => {
    const options = { env: {}, record: path.join(tmpdir(), 'never-written.har') } as Parameters<typeof verifyLive>[0];
    await expect(verifyLive(options)).rejects.toThrow(ConfigurationError);
    await expect(verifyLive(options)).rejects.toThrow(/twilio-conversations-contract\/node/);
  });

  it('verifyRecorded checks files and folders', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'api-'));
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ conversations: 'no', meta: {} }));
    const { report } = await verifyRecorded([dir]);
    expect(report.ok).toBe(false);
    expect(report.checks.response_schema_conformance.failed).toBe(1);
  });
});
