// `make demo`: the main job on the embedded mock, with no account. Starts Prism on the
// spec, lists a service's conversations through the client, validates every page against
// the spec and prints a table. Prism is stopped however the run ends.
import { createConversationsClient, createSpecValidators, formatViolations, type Conversation } from '../src';
import { startPrismMock } from '../src/mock';
import { listParameters } from '../src/spec';

async function main(): Promise<number> {
  const started = Date.now();
  const prism = await startPrismMock();
  console.log(`Prism mock of openapi/conversations.yaml listening on ${prism.url} (ready in ${Date.now() - started} ms)\n`);
  try {
    const chatServiceSid = String((listParameters().get('ChatServiceSid') as { example?: unknown }).example);
    const client = createConversationsClient({
      accountSid: 'AC00000000000000000000000000000000', // the mock checks only that credentials are present
      authToken: 'mock-token',
      baseUrl: prism.url,
      env: {},
    });
    const validators = createSpecValidators();
    const rows: Conversation[] = [];
    let pages = 0;
    let violations = 0;
    for await (const page of client.iteratePages({ chatServiceSid, pageSize: 50 })) {
      pages++;
      const found = validators.listResponse(page);
      violations += found.length;
      if (found.length) console.error(`page ${pages} breaks the spec:\n${formatViolations(found)}`);
      rows.push(...page.conversations);
    }
    printTable(rows);
    console.log(`\n${rows.length} conversations in service ${chatServiceSid}, ${pages} page(s), ${violations} schema violation(s).`);
    return violations === 0 ? 0 : 1;
  } finally {
    await prism.stop();
  }
}

function printTable(rows: Conversation[]): void {
  const header = ['sid', 'state', 'name', 'created', 'updated'];
  const body = rows.map((c) => [c.sid ?? '', c.state ?? '', c.friendly_name ?? c.unique_name ?? '', c.date_created ?? '', c.date_updated ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of body) console.log(line(r));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
