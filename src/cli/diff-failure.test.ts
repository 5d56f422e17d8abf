import { PassThrough } from 'node:stream';
import path from 'node:path';
import { main } from './main';

// A failure of the differ itself is exit 2 with its cause: CI must never read it as a breaking
// finding (exit 1). The differ is made to throw as a bug would.
jest.mock('../spec-diff', () => ({
  ...jest.requireActual('../spec-diff'),
  diffSpecs: () => {
    throw new TypeError("Cannot read properties of undefined (reading 'types')");
  },
}));

it('diff: the differ failing is exit 2 naming the cause, not exit 1', async () => {
  const spec = path.resolve(__dirname, '..', '..', 'openapi', 'conversations.yaml');
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (d) => (err += d));
  const code = await main(['diff', spec, spec, '--fail-on', 'breaking'], {
    stdout: new PassThrough(),
    stderr,
    env: {},
  });
  expect(code).toBe(2);
  expect(err).toBe(
    "conversations-contract: the differ could not compare these documents: Cannot read properties of undefined (reading 'types')\n",
  );
});
