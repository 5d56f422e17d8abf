import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

// Two rules of shape for src/. No module imports itself through others (type imports count: a
// circle of types is still a circle a reader has to untangle, and tools that split the graph trip on it).
const SRC = __dirname;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.(ts|mts)$/.test(name) && !/\.test\.ts$/.test(name) ? [full] : [];
  });
}

function resolveImport(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [`${base}.ts`, `${base}.mts`, path.join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  return undefined;
}

it('src/ has no import cycles', () => {
  const graph = new Map<string, string[]>();
  for (const file of sources(SRC)) {
    const text = readFileSync(file, 'utf8');
    const specs = [...text.matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gms)].map((m) => m[1]!);
    graph.set(
      file,
      specs.map((s) => resolveImport(file, s)).filter((f): f is string => f !== undefined && f.startsWith(SRC)),
    );
  }
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') {
        cycles.push(
          stack
            .slice(stack.indexOf(next))
            .concat(next)
            .map((f) => path.relative(SRC, f))
            .join(' -> '),
        );
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  expect(cycles).toEqual([]);
});

it('no line of src/ is longer than 160 characters (prettier leaves long strings and comments alone)', () => {
  const long = readdirSync(SRC, { recursive: true })
    .map(String)
    .filter((name) => /\.(ts|mts)$/.test(name))
    .flatMap((name) =>
      readFileSync(path.join(SRC, name), 'utf8')
        .split('\n')
        .map((line, i) => [`${name}:${i + 1}`, line.length] as const)
        .filter(([, length]) => length > 160),
    );
  expect(long).toEqual([]);
});

// A third rule, for every test file of the repository: no test waits on the clock. A sleep, an elapsed-time
// assertion or a per-file limit below jest's shared one makes a verdict depend on how busy the machine is.
it('no test sleeps, times itself or lowers the shared time limit', () => {
  const root = path.resolve(SRC, '..');
  const limit = (require(path.join(root, 'jest.config.js')) as { testTimeout: number }).testTimeout;
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) return name === 'fixtures' ? [] : walk(full);
      return /\.test\.ts$/.test(name) ? [full] : [];
    });
  const tests = [...walk(path.join(root, 'src')), ...walk(path.join(root, 'contract-tests'))];
  const offences: string[] = [];
  for (const file of tests) {
    for (const [i, line] of readFileSync(file, 'utf8').split('\n').entries()) {
      const at = `${path.relative(root, file)}:${i + 1}`;
      if (/new Promise\(\(?\w*\)? => setTimeout\(/.test(line)) offences.push(`${at}: sleeps`);
      if (/(Date|performance)\.now\(\) - /.test(line)) offences.push(`${at}: times itself`);
      const lowered = /jest\.setTimeout\(([\d_]+)\)/.exec(line);
      if (lowered && Number(lowered[1]!.replace(/_/g, '')) < limit) offences.push(`${at}: lowers the limit`);
    }
  }
  expect(offences).toEqual([]);
  expect(tests.length).toBeGreaterThan(50);
});
