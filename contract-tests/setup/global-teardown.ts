export default async function globalTeardown(): Promise<void> {
  await globalThis.__PRISM__?.stop();
  globalThis.__PRISM__ = undefined;
}
