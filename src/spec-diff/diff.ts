import { changeOf, rank, type Add, type Change, type Direction, type Severity } from './change';
import { compareSchemas, union } from './compare-schema';
import { SpecTooComplexError, type NormOperation, type NormParameter, type NormSchema } from './normalize';

export type { Change, Severity } from './change';

/**
 * Lists every difference between two normalised versions of the operation, each classified
 * for clients: what they send (parameters) may only get looser, what they receive (responses)
 * may only get stricter. The caller decides what to do with the result.
 */
export function diffOperations(before: NormOperation, after: NormOperation): Change[] {
  const out: Change[] = [];
  const walk: Walk = { clean: new WeakMap(), visits: 0 };
  const add = (severity: Severity, kind: string, where: string, message: string, b?: unknown, a?: unknown) => {
    if (out.length >= MAX_CHANGES)
      throw new SpecTooComplexError(`more than ${MAX_CHANGES} changes; refusing to list them all`);
    out.push(changeOf(severity, kind, where, message, b, a));
  };
  const diffSchema = (b: NormSchema, a: NormSchema, dir: Direction, where: string, pointer: string) =>
    diffSchemaIn(walk, out, b, a, dir, where, pointer, add);

  if (before.operationId !== after.operationId) {
    add(
      'warning',
      'operation.id',
      'operation',
      `operationId changed from ${before.operationId} to ${after.operationId} (generated names change)`,
      before.operationId,
      after.operationId,
    );
  }

  if (before.deprecated !== after.deprecated) {
    const now = after.deprecated ? 'deprecated' : 'no longer deprecated';
    add('safe', 'operation.deprecated', 'operation', `the operation is ${now}`, before.deprecated, after.deprecated);
  }
  diffSecurity(before, after, add);
  diffParameters(before, after, add, diffSchema);
  diffResponses(before, after, add, diffSchema);
  return out.sort(
    (x, y) => rank(x.severity) - rank(y.severity) || x.where.localeCompare(y.where) || x.kind.localeCompare(y.kind),
  );
}

type DiffSchema = (b: NormSchema, a: NormSchema, dir: Direction, where: string, pointer: string) => void;

// Parameters are what clients send: a new required one, or one taken away, breaks them.
function diffParameters(before: NormOperation, after: NormOperation, add: Add, diffSchema: DiffSchema): void {
  for (const key of union(Object.keys(before.parameters), Object.keys(after.parameters))) {
    const b = before.parameters[key];
    const a = after.parameters[key];
    if (!b) {
      const required = a!.required ? 'required' : 'optional';
      add(
        a!.required ? 'breaking' : 'safe',
        'parameter.added',
        key,
        `${required} parameter ${key} added`,
        undefined,
        required,
      );
    } else if (!a) {
      add(
        'breaking',
        'parameter.removed',
        key,
        `parameter ${key} removed (clients that send it now send something unknown)`,
      );
    } else {
      if (b.required !== a.required) {
        const now = a.required ? 'required' : 'optional';
        add(
          a.required ? 'breaking' : 'safe',
          'parameter.required',
          key,
          `parameter ${key} became ${now}`,
          b.required,
          a.required,
        );
      }
      diffSchema(b.schema, a.schema, 'request', key, '');
      diffParameterUse(b, a, key, add);
    }
  }
}

// What a parameter means on the wire besides its schema: its default, its encoding, its deprecation.
function diffParameterUse(b: NormParameter, a: NormParameter, key: string, add: Add): void {
  if (b.default !== a.default) {
    // A client that leaves the parameter out now gets something else (other pages, another filter).
    add(
      'breaking',
      'parameter.default',
      key,
      `parameter ${key}: default ${b.default ?? 'none'} -> ${a.default ?? 'none'} (clients that omit it get other results)`,
      b.default,
      a.default,
    );
  }
  if (b.style !== a.style || b.explode !== a.explode) {
    const enc = (p: NormParameter) => `style ${p.style}, explode ${p.explode}`;
    add(
      'breaking',
      'parameter.encoding',
      key,
      `parameter ${key}: ${enc(b)} -> ${enc(a)} (what clients send is read differently)`,
      enc(b),
      enc(a),
    );
  }
  if (b.deprecated !== a.deprecated) {
    const now = a.deprecated ? 'deprecated' : 'no longer deprecated';
    add('safe', 'parameter.deprecated', key, `parameter ${key} is ${now}`, b.deprecated, a.deprecated);
  }
}

// Security: a client that satisfied one of the old alternatives must still satisfy one of the new.
function diffSecurity(before: NormOperation, after: NormOperation, add: Add): void {
  const show = (alts: string[][] | undefined) =>
    alts === undefined
      ? 'none declared'
      : alts.map((alt) => (alt.length ? alt.join(' + ') : 'no credentials')).join(' or ');
  if (show(before.security) === show(after.security)) return;
  const b = before.security ?? [[]];
  const a = after.security ?? [[]];
  // An alternative is enough for a client if every scheme it asks for was in what the client had.
  const stillIn = (had: string[]) => a.some((alt) => alt.every((scheme) => had.includes(scheme)));
  const lockedOut = b.filter((had) => !stillIn(had));
  const holders = show(lockedOut);
  const message = lockedOut.length
    ? `security ${show(before.security)} -> ${show(after.security)}: clients with ${holders} are locked out`
    : `security ${show(before.security)} -> ${show(after.security)} (every client that could call it still can)`;
  add(
    lockedOut.length ? 'breaking' : 'safe',
    'operation.security',
    'operation',
    message,
    before.security,
    after.security,
  );
}

// Responses are what clients read: a success media type taken away breaks them; the rest is compared by schema.
function diffResponses(before: NormOperation, after: NormOperation, add: Add, diffSchema: DiffSchema): void {
  for (const status of union(Object.keys(before.responses), Object.keys(after.responses))) {
    const b = before.responses[status];
    const a = after.responses[status];
    const where = `response ${status}`;
    if (!b) {
      add('safe', 'response.added', where, `${where}: declared`);
      continue;
    }
    const success = status.startsWith('2');
    if (!a) {
      // Clients were built to read this success answer; an error status no longer declared may only be undocumented.
      if (success) add('breaking', 'response.removed', where, `${where}: the success response is gone`);
      else add('warning', 'response.removed', where, `${where}: no longer declared`);
      continue;
    }
    for (const type of union(Object.keys(b.media), Object.keys(a.media))) {
      const mb = b.media[type];
      const ma = a.media[type];
      const at = `${where} ${type}`;
      if (!(type in b.media)) add('safe', 'response.media-type.added', at, `${at}: declared`);
      else if (!(type in a.media)) {
        // Clients parse error bodies too (a TwilioApiError's code and message come from one).
        add('breaking', 'response.media-type.removed', at, `${at}: no longer declared`);
      } else if (mb && ma) diffSchema(mb, ma, 'response', at, '');
    }
    for (const name of union(Object.keys(b.headers), Object.keys(a.headers))) {
      const at = `${where} header ${name}`;
      const wasRequired = b.requiredHeaders.includes(name);
      const isRequired = a.requiredHeaders.includes(name);
      if (!b.headers[name]) add('safe', 'response.header.added', at, `${at}: declared`);
      else if (!a.headers[name])
        add(wasRequired ? 'breaking' : 'warning', 'response.header.removed', at, `${at}: no longer declared`);
      else {
        diffSchema(b.headers[name], a.headers[name], 'response', at, '');
        if (wasRequired !== isRequired) {
          const now = isRequired ? 'always present' : 'no longer always present';
          add(
            isRequired ? 'safe' : 'breaking',
            'response.header.required',
            at,
            `${at}: ${now}`,
            wasRequired,
            isRequired,
          );
        }
      }
    }
  }
}

/** Most schema pairs one comparison visits, and most changes it lists, before it gives up. */
export const MAX_SCHEMA_VISITS = 200_000;
export const MAX_CHANGES = 10_000;

// Normalised schemas share nodes (a schema referenced from many places is normalised once), so a
// pair already compared without a change is not walked again; the rest of the walk is bounded.
interface Walk {
  clean: WeakMap<NormSchema, WeakSet<NormSchema>>;
  visits: number;
}

/** Compares one schema; `where` names the parameter or response, `pointer` the place inside its value. */
function diffSchemaIn(
  walk: Walk,
  out: Change[],
  b: NormSchema,
  a: NormSchema,
  dir: Direction,
  where: string,
  pointer: string,
  add: Add,
): void {
  if (walk.clean.get(b)?.has(a)) return;
  if (++walk.visits > MAX_SCHEMA_VISITS)
    throw new SpecTooComplexError(
      `comparing the schemas visits more than ${MAX_SCHEMA_VISITS} places; refusing to go on`,
    );
  const changesBefore = out.length;
  const diffSchema = (bb: NormSchema, aa: NormSchema, d: Direction, w: string, p: string, _add: Add) =>
    diffSchemaIn(walk, out, bb, aa, d, w, p, add);
  compareSchemas(b, a, dir, where, pointer, add, diffSchema);
  if (out.length === changesBefore) {
    const set = walk.clean.get(b) ?? new WeakSet<NormSchema>();
    set.add(a);
    walk.clean.set(b, set);
  }
}
