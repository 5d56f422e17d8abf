import { bundle, LIST_SNIPPET } from '../test-support/bundle';

// The client goes into a browser or Worker bundle as it is: no `node:` built-in, no __dirname, no
// file read and no require left for the runtime to resolve, with nothing marked external.

describe('a browser-platform bundle', () => {
  it.each([
    ['create a client and list (the main entry point)', LIST_SNIPPET.ours],
    [
      '/conformance: check a response and format the report',
      `import { checkResponse, formatText, formatJunit } from 'twilio-conversations-contract/conformance';
export const run = (body) => [checkResponse({ body }), formatText, formatJunit];`,
    ],
    ['/types', `export * from 'twilio-conversations-contract/types';`],
  ])('%s builds with nothing external and needs nothing from Node', async (_name, code) => {
    const result = await bundle(code);
    expect(
      result.inputs.filter((input) => input.startsWith('node:') || !/^(dist|node_modules|snippet)/.test(input)),
    ).toEqual([]);
    // esbuild leaves __require for a require it could not bundle; __dirname is Node's alone.
    expect(result.text).not.toMatch(/__require\(|__dirname|__filename/);
    expect(result.inputs.some((input) => /node_modules\/ajv/.test(input))).toBe(false);
  });

  it('does not build from the /node entry point, which names what it needs', async () => {
    await expect(bundle(`export * from 'twilio-conversations-contract/node';`)).rejects.toThrow(
      /node:fs|node:path|node:child_process/,
    );
  });
});
