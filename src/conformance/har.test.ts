import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createConversationsClient } from '../client/client';
import { secretForms } from '../client/secrets';
import { startSimulator } from '../simulator';
import { FIXTURE_SERVICE_SID, makeConversation, makePage } from '../../test-support/fixtures';
import { jsonAnswer, scriptedFetch } from '../../test-support/scripted-fetch';
import { createHarRecorder } from './har';
import { verifyRecorded } from './targets';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'har-'));
const API_KEY = { sid: `SK${'4'.repeat(32)}`, secret: 'api-key-secret-value-99' };

/** No spelling of the secret (alone or paired with its user) may be in the text. */
function expectNoForm(text: string, secret: string, user?: string) {
  const forms = secretForms(secret, user);
  for (const form of forms.exact) expect(text).not.toContain(form);
  for (const form of forms.caseless) expect(text.toLowerCase()).not.toContain(form.toLowerCase());
}

describe('createHarRecorder: an application records its own traffic for verify to check offline', () => {
  it('records what the client fetched (API key auth), and verifyRecorded passes on the file', async () => {
    const sim = await startSimulator({ conversations: 23, seed: 4, apiKeys: [API_KEY] });
    const file = path.join(tmp(), 'staging', 'traffic.har');
    try {
      const recorder = await createHarRecorder(file);
      const client = createConversationsClient({
        accountSid: sim.accountSid,
        apiKey: API_KEY.sid,
        apiSecret: API_KEY.secret,
        baseUrl: sim.url,
        env: {},
        fetch: recorder.fetch,
      });
      let items = 0;
      try {
        for await (const page of client.iteratePages({ chatServiceSid: sim.serviceSid, pageSize: 10 }))
          items += page.conversations.length;
      } finally {
        await recorder.close();
      }
      expect(items).toBe(23);
      expect(recorder.entries).toBe(3);
      const text = readFileSync(file, 'utf8');
      expectNoForm(text, API_KEY.secret, API_KEY.sid);
      expect(text).toContain(sim.serviceSid); // SIDs stay: a replay needs them

      const { report } = await verifyRecorded([file], { strict: true });
      expect(report.ok).toBe(true);
      expect(report.exchanges).toBe(3);
      expect(report.checks.pagination_links.passed).toBe(3);
    } finally {
      await sim.close();
    }
  });

  it('keeps out what a hostile server echoes: in headers, cookies and the body, in every encoding', async () => {
    const token = 'tok-en/secret+value=1';
    const pair = Buffer.from(`AC${'1'.repeat(32)}:${token}`).toString('base64');
    const body = {
      conversations: [],
      meta: {
        page: 0,
        page_size: 50,
        first_page_url: `https://x/v1/Services/IS${'2'.repeat(32)}/Conversations?PageSize=50&Page=0`,
        previous_page_url: null,
        next_page_url: null,
        url: `https://x/v1/Services/IS${'2'.repeat(32)}/Conversations?PageSize=50&Page=0`,
        key: 'conversations',
      },
      echo: [token, encodeURIComponent(token), JSON.stringify(token), Buffer.from(token).toString('base64url')],
    };
    const script = scriptedFetch(
      jsonAnswer(body, 200, {
        'x-echo-authorization': `Basic ${pair}`,
        'set-cookie': `session=${token}`,
        'x-other': 'other-secret-given-by-the-app',
      }),
    );
    const file = path.join(tmp(), 'hostile.har');
    const recorder = await createHarRecorder(file, {
      fetch: script.fetch,
      secrets: ['other-secret-given-by-the-app'],
    });
    const client = createConversationsClient({
      accountSid: `AC${'1'.repeat(32)}`,
      authToken: token,
      env: {},
      fetch: recorder.fetch,
    });
    await client.listConversations({ chatServiceSid: `IS${'2'.repeat(32)}` });
    await recorder.close();
    const text = readFileSync(file, 'utf8');
    expectNoForm(text, token, `AC${'1'.repeat(32)}`);
    expect(text).not.toContain('other-secret-given-by-the-app');
    expect(text.toLowerCase()).not.toContain('set-cookie');
    expect(text).toContain('[REDACTED]');
  });

  it('an unfinished recording never looks whole: the file appears only on close', async () => {
    const file = path.join(tmp(), 'unfinished.har');
    const script = scriptedFetch(jsonAnswer({ conversations: [], echo: 'as sent' }, 200));
    const recorder = await createHarRecorder(file, { fetch: script.fetch });
    const answer = await recorder.fetch(new Request('https://conversations.twilio.com/v1/Services/IS1/Conversations'));
    // The application gets the answer as the server sent it.
    expect(await answer.json()).toEqual({ conversations: [], echo: 'as sent' });
    const partials = () => readdirSync(path.dirname(file)).filter((n) => n.endsWith('.partial'));
    expect(existsSync(file)).toBe(false);
    expect(partials()).toHaveLength(1);
    await recorder.close();
    expect(existsSync(file)).toBe(true);
    expect(partials()).toEqual([]);
    expect((JSON.parse(readFileSync(file, 'utf8')) as { log: { entries: unknown[] } }).log.entries).toHaveLength(1);
  });
});

it('a replayed filtered listing is checked item by item, as a live one is (bare dates mean whole UTC days)', async () => {
  const file = path.join(tmp(), 'filtered.har');
  const origin = 'https://conversations.twilio.com';
  const items = [makeConversation(1), makeConversation(2)]; // inactive and closed, created 2026-01-01
  const list = `${origin}/v1/Services/${FIXTURE_SERVICE_SID}/Conversations`;
  const page = (query: string) =>
    makePage({ items, page: 0, pageSize: 50, origin, selfQuery: query, firstQuery: query });
  const script = scriptedFetch(
    jsonAnswer(page('State=closed&PageSize=50&Page=0')),
    jsonAnswer(page('EndDate=2026-01-01&PageSize=50&Page=0')),
  );
  const recorder = await createHarRecorder(file, { fetch: script.fetch });
  await recorder.fetch(new Request(`${list}?State=closed&PageSize=50&Page=0`));
  await recorder.fetch(new Request(`${list}?EndDate=2026-01-01&PageSize=50&Page=0`));
  await recorder.close();
  const { report } = await verifyRecorded([file]);
  expect(report.checks.filter_conformance).toMatchObject({ passed: 1, failed: 1 });
  expect(report.groups).toEqual([
    expect.objectContaining({ check: 'filter_conformance', rule: 'State filter', expected: 'closed', count: 1 }),
  ]);
});
