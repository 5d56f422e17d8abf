// What the client asks of the runtime it runs on, asked so that Node, Bun, Deno, Workers and
// browsers all answer: globals are looked up, never assumed, and no `node:` module is imported.

interface HostGlobals {
  process?: {
    env?: Record<string, string | undefined>;
    versions?: Record<string, string | undefined>;
    getBuiltinModule?: (id: string) => unknown;
  };
  Deno?: { version?: { deno?: string } };
  navigator?: { userAgent?: string };
  setImmediate?: (callback: () => void) => unknown;
}

const host = globalThis as HostGlobals;

/** The environment variables where the runtime has them (Node, Bun, Deno, Workers with nodejs_compat); `{}` elsewhere. */
export function processEnv(): Record<string, string | undefined> {
  return host.process?.env ?? {};
}

/** Runs `callback` on the next turn of the event loop, after pending I/O (setImmediate where it exists). */
export function nextTurn(callback: () => void): void {
  if (host.setImmediate) host.setImmediate(callback);
  else setTimeout(callback, 0);
}

/**
 * The runtime as a User-Agent product token: `bun/1.4.5`, `deno/2.9.6`, `node/24.21.0`, or the
 * runtime's own navigator.userAgent token (`Cloudflare-Workers`), else `unknown-runtime`.
 */
export function runtimeToken(): string {
  const versions = host.process?.versions;
  if (versions?.bun) return `bun/${versions.bun}`;
  const deno = host.Deno?.version?.deno;
  if (deno) return `deno/${deno}`;
  if (versions?.node) return `node/${versions.node}`;
  const agent = host.navigator?.userAgent?.split(' ')[0];
  return agent && /^[\x21-\x7e]+$/.test(agent) ? agent : 'unknown-runtime';
}

/**
 * Tells Node that `count` listeners on this signal are expected, so it does not print a
 * MaxListenersExceededWarning for a wide listing. Other runtimes have no such warning; where
 * `node:events` cannot be reached without importing it (Workers, browsers) nothing is done. The
 * module is asked for at run time, so bundles for those runtimes hold no `node:` import.
 */
export function expectListeners(count: number, signal: AbortSignal): void {
  const events = host.process?.getBuiltinModule?.('node:events') as typeof import('node:events') | undefined;
  events?.setMaxListeners?.(count, signal);
}
