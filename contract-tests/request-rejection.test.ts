import { parseSlViolations } from '../src/conformance/prism-violations';
import { prismUrl, SERVICE_SID, TEST_CREDENTIALS } from './setup/env';

// Suite 5: the spec's parameter constraints are real. Requests that break them, sent
// straight to Prism (the client would refuse them), are rejected and the violation names
// the parameter. Prism lowercases query parameter names in its report.
const auth = `Basic ${Buffer.from(`${TEST_CREDENTIALS.accountSid}:${TEST_CREDENTIALS.authToken}`).toString('base64')}`;

const outOfContract = [
  { name: 'PageSize 0', sid: SERVICE_SID, query: 'PageSize=0', location: ['query', 'pagesize'] },
  { name: 'PageSize 1001', sid: SERVICE_SID, query: 'PageSize=1001', location: ['query', 'pagesize'] },
  { name: 'PageSize not an integer', sid: SERVICE_SID, query: 'PageSize=2.5', location: ['query', 'pagesize'] },
  { name: 'Page -1', sid: SERVICE_SID, query: 'Page=-1', location: ['query', 'page'] },
  { name: 'an unknown State', sid: SERVICE_SID, query: 'State=initializing', location: ['query', 'state'] },
  {
    name: 'a StartDate that is not a date-time',
    sid: SERVICE_SID,
    query: 'StartDate=yesterday',
    location: ['query', 'startdate'],
  },
  {
    name: 'a malformed SID (wrong prefix)',
    sid: 'CHaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa4',
    query: '',
    location: ['path', 'ChatServiceSid'],
  },
  { name: 'a malformed SID (too short)', sid: 'IS6b25', query: '', location: ['path', 'ChatServiceSid'] },
];

describe('Prism enforces the spec on requests', () => {
  it.each(outOfContract.map((c) => [c.name, c] as const))('rejects %s', async (_name, c) => {
    const url = `${prismUrl()}/v1/Services/${c.sid}/Conversations${c.query ? `?${c.query}` : ''}`;
    const response = await fetch(url, { headers: { Authorization: auth } });
    expect(response.status).toBe(400);
    const { violations, truncated } = parseSlViolations(response.headers.get('sl-violations'));
    expect(truncated).toBe(false);
    const locations = violations.map((v) => v.location.slice(1).join('.').toLowerCase());
    expect(locations).toContain(c.location.join('.').toLowerCase());
  });

  it('accepts the same request with in-contract values (the rejections above are about the values)', async () => {
    const response = await fetch(
      `${prismUrl()}/v1/Services/${SERVICE_SID}/Conversations?PageSize=1000&Page=0&State=closed&StartDate=2026-01-01T00:00:00Z`,
      {
        headers: { Authorization: auth },
      },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('sl-violations')).toBeNull();
  });

  it('rejects a request without credentials', async () => {
    const response = await fetch(`${prismUrl()}/v1/Services/${SERVICE_SID}/Conversations`);
    expect(response.status).toBe(401);
  });
});
