import { build, type Metafile } from 'esbuild';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = path.resolve(__dirname, '..');

/** What a bundle of one snippet came to. */
export interface BundleSize {
  /** Minified bytes. */
  bytes: number;
  /** The same, gzipped (level 9). */
  gzipBytes: number;
  /** Every input esbuild read, relative to the repository (`node_modules/...`, `dist/...`). */
  inputs: string[];
  /** The bundle itself. */
  text: string;
}

/**
 * Bundles `code` (an ES module, resolved from the repository, so the package is found by its own
 * name) as a browser or Worker build: ESM, the browser platform, the workerd conditions, minified,
 * nothing external. esbuild throws, naming the import, when something cannot be bundled (a `node:`
 * built-in, say); with `platform: 'node'` those stay external instead, as a Node build would.
 */
export async function bundle(code: string, platform: 'browser' | 'node' = 'browser'): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: code, resolveDir: ROOT, sourcefile: 'snippet.mjs', loader: 'js' },
    bundle: true,
    format: 'esm',
    platform,
    conditions: platform === 'browser' ? ['workerd', 'worker', 'browser'] : [],
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const text = result.outputFiles[0]!.text;
  const meta: Metafile = result.metafile;
  return {
    bytes: Buffer.byteLength(text),
    gzipBytes: gzipSync(text, { level: 9 }).byteLength,
    inputs: Object.keys(meta.inputs),
    text,
  };
}

/** "Create a client and list": the snippet both bundles are measured on. */
export const LIST_SNIPPET = {
  ours: `import { createConversationsClient } from 'twilio-conversations-contract';
const client = createConversationsClient({ accountSid: 'AC' + '0'.repeat(32), authToken: 'token' });
export const list = () => client.listConversations({ chatServiceSid: 'IS' + '0'.repeat(32) });`,
  twilio: `import twilio from 'twilio';
const client = twilio('AC' + '0'.repeat(32), 'token');
export const list = () => client.conversations.v1.services('IS' + '0'.repeat(32)).conversations.list({ limit: 50 });`,
};
