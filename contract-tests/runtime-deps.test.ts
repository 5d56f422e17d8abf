import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  FIXTURE_ACCOUNT_SID,
  FIXTURE_AUTH_TOKEN,
  FIXTURE_SERVICE_SID,
  makeConversation,
} from '../test-support/fixtures';
import { startFakeTwilio, type FakeTwilio } from '../test-support/twilio-server';

// ajv is a development dependency and @opentelemetry/api an optional peer: the built package must
// validate with the precompiled modules alone, and load no tracing code unless asked.
// The child process refuses to load either, then uses every validating path.
const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');

const script = `
const Module = require('module');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (/^(ajv(-formats)?|@opentelemetry\\/api)(\\/|$)/.test(request)) throw new Error('loaded at run time: ' + request);
  return load.call(this, request, ...rest);
};
const pkg = require(${JSON.stringify(ROOT)});
const { verifyExchanges } = require(${JSON.stringify(path.join(ROOT, 'dist', 'src', 'conformance'))});
(async () => {
  const [baseUrl, accountSid, authToken, chatServiceSid] = process.argv.slice(1);
  const unknown = [];
  const client = pkg.createConversationsClient({ accountSid, authToken, baseUrl, env: {}, validation: 'strict', onUnknownProperty: (v) => unknown.push(v) });
  const items = await client.listAllConversations({ chatServiceSid, state: 'active', startDate: new Date(0), limit: 10 });
  const bad = await client.listConversations({ chatServiceSid: '..' }).catch((e) => e.name);
  const v = pkg.createSpecValidators({ formats: 'full', closed: true });
  const page = await client.listConversations({ chatServiceSid });
  const report = verifyExchanges('x', [{ source: 's', method: 'GET', url: page.meta.url, status: 200, contentType: 'application/json', body: page }]).report;
  console.log(JSON.stringify({ items: items.length, bad, closed: v.listResponse(page).length, ok: report.ok }));
})().catch((e) => { console.error(e.message); process.exit(1); });
`;

describe('the built package at run time', () => {
  let server: FakeTwilio;
  beforeAll(async () => {
    server = await startFakeTwilio({ conversations: Array.from({ length: 30 }, (_, i) => makeConversation(i)) });
  });
  afterAll(() => server.stop());

  it('validates parameters, responses, unknown fields and conformance without loading ajv', async () => {
    const { stdout } = await run(
      process.execPath,
      ['-e', script, server.url, FIXTURE_ACCOUNT_SID, FIXTURE_AUTH_TOKEN, FIXTURE_SERVICE_SID],
      { cwd: ROOT },
    );
    expect(JSON.parse(stdout)).toEqual({ items: 10, bad: 'RequestValidationError', closed: 0, ok: true });
  });
});

describe('importing the package', () => {
  it("does not load Node's fetch implementation until a request is made (cold start)", async () => {
    const probe = `require(${JSON.stringify(ROOT)}).createConversationsClient({ accountSid: 'AC0123456789abcdef0123456789abcdef', authToken: 't', env: {} });
      console.log(JSON.stringify(process.moduleLoadList.filter((m) => /undici/.test(m))));`;
    const { stdout } = await run(process.execPath, ['-e', probe], { cwd: ROOT });
    expect(JSON.parse(stdout)).toEqual([]);
  });
});
