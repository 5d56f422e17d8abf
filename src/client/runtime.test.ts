import { getMaxListeners } from 'node:events';
import { expectListeners, processEnv, runtimeToken } from './runtime';

// The runtime named in the User-Agent, read from each runtime's own globals.
describe('runtimeToken', () => {
  const saved = { process: globalThis.process, Deno: (globalThis as { Deno?: unknown }).Deno };
  const host = globalThis as Record<string, unknown>;
  afterEach(() => {
    host.process = saved.process;
    host.Deno = saved.Deno;
  });

  it('names Node on Node', () => {
    expect(runtimeToken()).toBe(`node/${process.versions.node}`);
  });

  it('names Bun before Node (Bun also says it is Node)', () => {
    host.process = { ...saved.process, versions: { node: '24.0.0', bun: '1.4.5' } };
    expect(runtimeToken()).toBe('bun/1.4.5');
  });

  it('names Deno before Node', () => {
    host.Deno = { version: { deno: '2.9.6' } };
    expect(runtimeToken()).toBe('deno/2.9.6');
  });

  it('takes the first product token of navigator.userAgent where there is no process (Workers)', () => {
    host.process = undefined;
    const agent = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Object.defineProperty(globalThis, 'navigator', { value: { userAgent: 'Cloudflare-Workers' }, configurable: true });
    try {
      expect(runtimeToken()).toBe('Cloudflare-Workers');
      expect(processEnv()).toEqual({});
    } finally {
      if (agent) Object.defineProperty(globalThis, 'navigator', agent);
      else delete (globalThis as { navigator?: unknown }).navigator;
    }
  });
});

describe('expectListeners', () => {
  it("raises Node's listener limit on the listing's signal, found without importing node:events", () => {
    const signal = new AbortController().signal;
    expectListeners(42, signal);
    expect(getMaxListeners(signal)).toBe(42);
  });
});
