/**
 * Tells Node that `count` listeners on this signal are expected, so it does not print a
 * MaxListenersExceededWarning for a wide listing. Other runtimes have no such warning; where
 * `node:events` cannot be reached without importing it (Workers, browsers) nothing is done. The
 * module is asked for at run time, so bundles for those runtimes hold no `node:` import.
 */
export function expectListeners(count: number, signal: AbortSignal): void {
  const host = globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } };
  const events = host.process?.getBuiltinModule?.('node:events') as typeof import('node:events') | undefined;
  events?.setMaxListeners?.(count, signal);
}
