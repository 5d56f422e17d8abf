import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createSpecValidators, formatViolations } from '../src/schema/validate';
import { mockClient, prismUrl, SERVICE_SID } from './setup/env';

// Suite 3: Prism invents bodies from the schemas (Prefer: dynamic=true). Every one must
// validate and come through the client. Prism runs without --seed, so each body differs;
// a failing body is saved to a file, which is what reproduces the failure.
const BODIES = Number(process.env.DYNAMIC_BODIES ?? 200);
const validators = createSpecValidators();

describe('dynamic mock responses', () => {
  it(`${BODIES} generated bodies are distinct, validate, and parse through the client`, async () => {
    const { client, exchanges } = mockClient({ Prefer: 'dynamic=true' });
    const distinct = new Set<string>();
    const failures: string[] = [];
    for (let i = 0; i < BODIES; i++) {
      const page = await client.listConversations({ chatServiceSid: SERVICE_SID, pageSize: 1 + (i % 1000) });
      const body = JSON.stringify(page);
      distinct.add(body);
      const violations = validators.listResponse(page);
      if (violations.length) failures.push(saveFailure(i, body, formatViolations(violations)));
    }
    for (const { response } of exchanges) expect(response.headers.get('sl-violations')).toBeNull();
    if (failures.length)
      throw new Error(
        `${failures.length} of ${BODIES} generated bodies broke the spec:\n${failures.slice(0, 5).join('\n')}`,
      );
    expect(distinct.size).toBe(BODIES);
  }, 60_000);
});

function saveFailure(index: number, body: string, violations: string): string {
  const dir = path.join(process.cwd(), 'reports', 'dynamic-failures');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `body-${index}.json`);
  writeFileSync(file, body);
  // Without --seed the body cannot be asked for again, so the saved file is the reproduction.
  return `body #${index} saved to ${file}\n${violations}\n(requested as: curl -u 'AC...:<token>' -H 'Prefer: dynamic=true' '${prismUrl()}/v1/Services/${SERVICE_SID}/Conversations')`;
}
