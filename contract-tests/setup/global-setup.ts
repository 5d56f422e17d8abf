import { startPrismMock, type PrismMock } from '../../src/prism/launcher';

declare global {
  // Shared between globalSetup and globalTeardown, which run in the same process.
  var __PRISM__: PrismMock | undefined;
}

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const prism = await startPrismMock();
  globalThis.__PRISM__ = prism;
  // Test workers are forked after this, so they inherit the URL.
  process.env.PRISM_URL = prism.url;
  if (process.env.CONTRACT_VERBOSE)
    console.log(`\nPrism mock ${prism.url} (pid ${prism.pid}) ready in ${Date.now() - started} ms`);
}
