// Bundles worker.mjs as wrangler would (esbuild: ESM, browser platform, the workerd conditions,
// nothing external) and runs it in workerd through miniflare, with or without nodejs_compat:
//   node run-worker.mjs <miniflare module path> <compat|plain> TARGETS
// Prints the worker's answer (one line of JSON) and the bundle's size.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [miniflarePath, mode, targets] = process.argv.slice(2);
const here = path.dirname(fileURLToPath(import.meta.url));
const bundle = await build({
  entryPoints: [path.join(here, 'worker.mjs')],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  conditions: ['workerd', 'worker', 'browser'],
  write: false,
  logLevel: 'silent',
});
const script = bundle.outputFiles[0].text;
const { Miniflare } = createRequire(import.meta.url)(miniflarePath);
const mf = new Miniflare({
  modules: true,
  script,
  compatibilityDate: '2025-09-15',
  compatibilityFlags: mode === 'compat' ? ['nodejs_compat'] : [],
});
try {
  const response = await mf.dispatchFetch('http://worker.invalid/', { method: 'POST', body: targets });
  console.log(await response.text());
} finally {
  await mf.dispose();
}
