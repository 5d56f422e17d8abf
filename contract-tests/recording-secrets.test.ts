import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../test-support/cli';
import { FIXTURE_ACCOUNT_SID, makeConversation, makePage } from '../test-support/fixtures';

// Secrets inside recordings (#30): a HAR from another tool may hold credentials in URLs (user info),
// in Authorization headers or in token query parameters. The environment does not know them, yet no
// output format may show them - the curl "reproduce" line of a finding included.
const TOKEN_IN_URL = 'urltoken0123456789abcdef01234567';
const TOKEN_IN_HEADER = 'hdrtoken0123456789abcdef01234567';
const TOKEN_IN_QUERY = 'qrytoken0123456789abcdef01234567';
const SECRETS = [TOKEN_IN_URL, TOKEN_IN_HEADER, TOKEN_IN_QUERY];
const forms = (secret: string) => [
  secret,
  encodeURIComponent(secret),
  Buffer.from(`${FIXTURE_ACCOUNT_SID}:${secret}`).toString('base64'),
];

const dir = mkdtempSync(path.join(tmpdir(), 'recording-secrets-'));
const origin = 'https://conversations.twilio.com';
const listUrl = `${origin}/v1/Services/IS0123456789abcdef0123456789abcdef/Conversations`;
// A page that breaks the spec (so findings, with reproduce lines, are printed) and echoes a secret.
const broken = makePage({ items: [makeConversation(0)], page: 0, pageSize: 1, origin });
(broken.conversations[0] as Record<string, unknown>).state = `bad ${TOKEN_IN_HEADER}`;
const entry = (url: string, headers: { name: string; value: string }[]) => ({
  request: { method: 'GET', url, headers },
  response: {
    status: 200,
    headers: [{ name: 'Content-Type', value: 'application/json' }],
    content: { mimeType: 'application/json', text: JSON.stringify(broken) },
  },
});
const har = path.join(dir, 'other-tool.har');
writeFileSync(
  har,
  JSON.stringify({
    log: {
      entries: [
        entry(listUrl.replace('https://', `https://${FIXTURE_ACCOUNT_SID}:${TOKEN_IN_URL}@`), []),
        entry(`${listUrl}?PageSize=1`, [
          {
            name: 'Authorization',
            value: `Basic ${Buffer.from(`${FIXTURE_ACCOUNT_SID}:${TOKEN_IN_HEADER}`).toString('base64')}`,
          },
        ]),
        entry(`${listUrl}?PageSize=2&access_token=${TOKEN_IN_QUERY}`, []),
      ],
    },
  }),
);

describe('credentials found in a recording never reach a report', () => {
  it.each(['text', 'json', 'junit', 'github', 'markdown'])('%s', async (format) => {
    const result = await runCli(['verify', har, '--format', format], {}); // the environment holds no secret
    expect(result.code).toBe(1); // the planted finding
    const output = result.stdout + result.stderr;
    expect(output).toMatch(/curl|reproduce|state/);
    for (const secret of SECRETS) for (const form of forms(secret)) expect(output).not.toContain(form);
    expect(output).not.toMatch(/:\/\/[^/\s'"]*@/); // no user info left in any URL
  });
});
