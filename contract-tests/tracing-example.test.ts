import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startSimulator, type Simulator } from '../src/simulator';
import { runProcess } from '../test-support/cli';

// The tracing example of docs/client.md, run as a user's program: its code block is copied as it is, a
// global tracer provider with the SDK's in-memory exporter is registered first (as an app's
// NodeSDK would be), and the spans it made are read back.

const ROOT = path.resolve(__dirname, '..');
// Inside the repository, so the package resolves by its own name.
const DIR = path.join(ROOT, 'build', 'tracing-example');

function docsExample(): string {
  const guide = readFileSync(path.join(ROOT, 'docs/client.md'), 'utf8');
  const match = /<!-- example: tracing[^>]*-->\n```ts\n([\s\S]*?)```/.exec(guide);
  if (!match) throw new Error('docs/client.md has no tracing example block');
  return match[1]!;
}

const SETUP = `import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { writeFileSync } from 'node:fs';
const exporter = new InMemorySpanExporter();
trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
process.on('beforeExit', () => {
  const spans = exporter.getFinishedSpans().map((s) => ({ name: s.name, attributes: s.attributes }));
  writeFileSync(process.env.SPANS_FILE, JSON.stringify(spans));
});
`;

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ conversations: 150 });
  mkdirSync(DIR, { recursive: true });
});
afterAll(async () => {
  await sim.close();
  rmSync(DIR, { recursive: true, force: true });
});

it('the tracing example of the docs runs and makes a listing span with an HTTP span per page', async () => {
  writeFileSync(path.join(DIR, 'setup.mts'), SETUP);
  writeFileSync(path.join(DIR, 'example.mts'), docsExample());
  const spansFile = path.join(DIR, 'spans.json');
  const result = await runProcess(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), '--import', './setup.mts', 'example.mts'],
    {
      cwd: DIR,
      env: {
        PATH: process.env.PATH ?? '',
        SPANS_FILE: spansFile,
        TWILIO_ACCOUNT_SID: sim.accountSid,
        TWILIO_AUTH_TOKEN: sim.authToken,
        TWILIO_CHAT_SERVICE_SID: sim.serviceSid,
        TWILIO_CONVERSATIONS_BASE_URL: sim.url,
      },
    },
  );
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const active = sim.conversations().filter((c) => c.state === 'active').length;
  expect(result.stdout).toBe(`${Math.min(active, 200)} active conversations\n`);
  const spans = JSON.parse(readFileSync(spansFile, 'utf8')) as { name: string; attributes: Record<string, unknown> }[];
  const listing = spans.filter((s) => s.name === 'conversations.listAllConversations');
  expect(listing).toHaveLength(1);
  const http = spans.filter((s) => s.name === 'GET /v1/Services/{ChatServiceSid}/Conversations');
  expect(http.length).toBe(listing[0]!.attributes['twilio.conversations.pages']);
  expect(http.length).toBeGreaterThanOrEqual(1);
  expect(JSON.stringify(spans)).not.toContain(sim.authToken);
});
