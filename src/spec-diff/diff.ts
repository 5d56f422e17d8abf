import { record, SpecTooComplexError, type NormOperation, type NormSchema } from './normalize';

/** How a change affects clients built against the older version. */
export type Severity = 'breaking' | 'warning' | 'safe';

/** One difference between two versions of the operation, as data. */
export interface Change {
  /** Stable identity: `kind` and `where` together (what an acknowledgement names). */
  id: string;
  severity: Severity;
  kind: string;
  /** Where: `query PageSize`, `response 200 application/json /conversations/*\/state`. */
  where: string;
  before?: unknown;
  after?: unknown;
  message: string;
}

type Direction = 'request' | 'response';

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
    out.push({
      id: `${kind} ${where}`,
      severity,
      kind,
      where,
      message,
      ...(b !== undefined ? { before: b } : {}),
      ...(a !== undefined ? { after: a } : {}),
    });
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

  for (const key of union(Object.keys(before.parameters), Object.keys(after.parameters))) {
    const b = before.parameters[key];
    const a = after.parameters[key];
    if (!b)
      add(
        a!.required ? 'breaking' : 'safe',
        'parameter.added',
        key,
        `${a!.required ? 'required' : 'optional'} parameter ${key} added`,
        undefined,
        a!.required ? 'required' : 'optional',
      );
    else if (!a)
      add(
        'breaking',
        'parameter.removed',
        key,
        `parameter ${key} removed (clients that send it now send something unknown)`,
      );
    else {
      if (b.required !== a.required) {
        add(
          a.required ? 'breaking' : 'safe',
          'parameter.required',
          key,
          `parameter ${key} became ${a.required ? 'required' : 'optional'}`,
          b.required,
          a.required,
        );
      }
      diffSchema(b.schema, a.schema, 'request', key, '');
    }
  }

  for (const status of union(Object.keys(before.responses), Object.keys(after.responses))) {
    const b = before.responses[status];
    const a = after.responses[status];
    const where = `response ${status}`;
    if (!b) {
      add('safe', 'response.added', where, `${where}: declared`);
      continue;
    }
    if (!a) {
      add('warning', 'response.removed', where, `${where}: no longer declared`);
      continue;
    }
    for (const type of union(Object.keys(b.media), Object.keys(a.media))) {
      const mb = b.media[type];
      const ma = a.media[type];
      const at = `${where} ${type}`;
      if (!(type in b.media)) add('safe', 'response.media-type.added', at, `${at}: declared`);
      else if (!(type in a.media))
        add(
          status.startsWith('2') ? 'breaking' : 'warning',
          'response.media-type.removed',
          at,
          `${at}: no longer declared`,
        );
      else if (mb && ma) diffSchema(mb, ma, 'response', at, '');
    }
    for (const name of union(Object.keys(b.headers), Object.keys(a.headers))) {
      const at = `${where} header ${name}`;
      if (!b.headers[name]) add('safe', 'response.header.added', at, `${at}: declared`);
      else if (!a.headers[name]) add('warning', 'response.header.removed', at, `${at}: no longer declared`);
    }
  }
  return out.sort(
    (x, y) => rank(x.severity) - rank(y.severity) || x.where.localeCompare(y.where) || x.kind.localeCompare(y.kind),
  );
}

type Add = (
  severity: Severity,
  kind: string,
  where: string,
  message: string,
  before?: unknown,
  after?: unknown,
) => void;

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

function compareSchemas(
  b: NormSchema,
  a: NormSchema,
  dir: Direction,
  where: string,
  pointer: string,
  add: Add,
  diffSchema: (b: NormSchema, a: NormSchema, dir: Direction, where: string, pointer: string, add: Add) => void,
): void {
  const here = pointer ? `${where} ${pointer}` : where;
  // What widens a request is safe and what narrows it breaks callers; for a response it is the other way round.
  const loose = dir === 'request' ? 'safe' : 'warning';
  const strict = dir === 'request' ? 'breaking' : 'safe';

  // Types, with nullability reported on its own.
  if (JSON.stringify(b.types) !== JSON.stringify(a.types)) {
    if (b.types === 'any' || a.types === 'any') {
      const narrowed = b.types === 'any';
      add(
        narrowed ? strict : dir === 'request' ? 'safe' : 'breaking',
        'schema.type',
        here,
        `${here}: type ${fmt(b.types)} -> ${fmt(a.types)}`,
        b.types,
        a.types,
      );
    } else {
      const nb = b.types.includes('null');
      const na = a.types.includes('null');
      if (nb !== na) {
        const severity = dir === 'request' ? (na ? 'safe' : 'breaking') : na ? 'breaking' : 'safe';
        add(severity, 'schema.nullable', here, `${here}: ${na ? 'may now be null' : 'can no longer be null'}`, nb, na);
      }
      const tb = b.types.filter((t) => t !== 'null');
      const ta = a.types.filter((t) => t !== 'null');
      const added = ta.filter((t) => !tb.includes(t) && !(t === 'number' && tb.includes('integer')));
      const removed = tb.filter((t) => !ta.includes(t) && !(t === 'integer' && ta.includes('number')));
      if (added.length || removed.length) {
        const severity =
          removed.length === 0 ? (dir === 'request' ? 'safe' : 'breaking') : added.length === 0 ? strict : 'breaking';
        add(severity, 'schema.type', here, `${here}: type ${fmt(tb)} -> ${fmt(ta)}`, tb, ta);
      }
    }
  }

  if (b.enum || a.enum) {
    if (!b.enum) add(strict, 'schema.enum', here, `${here}: now limited to ${a.enum!.join(', ')}`, undefined, a.enum);
    else if (!a.enum)
      add(loose, 'schema.enum', here, `${here}: no longer limited to a list of values`, b.enum, undefined);
    else {
      for (const v of a.enum.filter((x) => !b.enum!.includes(x))) {
        add(
          dir === 'request' ? 'safe' : 'warning',
          'schema.enum.added',
          `${here} ${v}`,
          `${here}: new value ${v}${dir === 'response' ? ' (clients that check values strictly reject it)' : ''}`,
          undefined,
          v,
        );
      }
      for (const v of b.enum.filter((x) => !a.enum!.includes(x))) {
        add(
          dir === 'request' ? 'breaking' : 'safe',
          'schema.enum.removed',
          `${here} ${v}`,
          `${here}: value ${v} removed`,
          v,
          undefined,
        );
      }
    }
  }

  // Bounds: a lower maximum (or a higher minimum) narrows.
  for (const [key, upper] of [
    ['maximum', true],
    ['exclusiveMaximum', true],
    ['maxLength', true],
    ['maxItems', true],
    ['minimum', false],
    ['exclusiveMinimum', false],
    ['minLength', false],
    ['minItems', false],
  ] as const) {
    const vb = b[key];
    const va = a[key];
    if (vb === va) continue;
    const narrowed = va !== undefined && (vb === undefined || (upper ? va < vb : va > vb));
    add(
      narrowed ? strict : loose,
      `schema.${key}`,
      here,
      `${here}: ${key} ${vb ?? 'none'} -> ${va ?? 'none'} (${narrowed ? 'narrowed' : 'widened'})`,
      vb,
      va,
    );
  }

  // A new or different pattern or format may refuse what was accepted; dropping one only widens.
  for (const key of ['pattern', 'format'] as const) {
    const vb = b[key];
    const va = a[key];
    if (vb === va) continue;
    const severity = va === undefined ? loose : vb === undefined ? strict : dir === 'request' ? 'breaking' : 'warning';
    add(severity, `schema.${key}`, here, `${here}: ${key} ${vb ?? 'none'} -> ${va ?? 'none'}`, vb, va);
  }

  // Object properties: a response property that goes away, or stops being required, breaks readers.
  if (b.properties || a.properties) {
    // Own properties only: a property named `constructor` or `toString` is a name like any other.
    const pb = b.properties ?? record<NormSchema>();
    const pa = a.properties ?? record<NormSchema>();
    const has = (props: Record<string, NormSchema>, name: string) => Object.hasOwn(props, name);
    const at = (name: string) => `${where} ${pointer}/${name}`;
    for (const name of union(Object.keys(pb), Object.keys(pa))) {
      if (!has(pb, name))
        add(dir === 'request' ? 'warning' : 'safe', 'schema.property.added', at(name), `${at(name)}: new property`);
      else if (!has(pa, name))
        add(
          dir === 'request' ? 'safe' : 'breaking',
          'schema.property.removed',
          at(name),
          `${at(name)}: property removed`,
        );
      else diffSchema(pb[name]!, pa[name]!, dir, where, `${pointer}/${name}`, add);
    }
    const rb = b.required ?? [];
    const ra = a.required ?? [];
    for (const name of ra.filter((n: string) => !rb.includes(n) && has(pa, n)))
      add(
        dir === 'request' ? 'breaking' : 'safe',
        'schema.required.added',
        at(name),
        `${at(name)}: now always present`,
      );
    for (const name of rb.filter((n: string) => !ra.includes(n) && has(pa, n)))
      add(
        dir === 'request' ? 'safe' : 'breaking',
        'schema.required.removed',
        at(name),
        `${at(name)}: may now be absent`,
      );
  }
  if (b.items && a.items) diffSchema(b.items, a.items, dir, where, `${pointer}/*`, add);
  if (typeof b.additionalProperties === 'object' && typeof a.additionalProperties === 'object') {
    diffSchema(b.additionalProperties, a.additionalProperties, dir, where, `${pointer}/{name}`, add);
  }
}

function fmt(types: string[] | 'any'): string {
  return types === 'any' ? 'any' : types.join('|');
}

function union(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])];
}

function rank(s: Severity): number {
  return s === 'breaking' ? 0 : s === 'warning' ? 1 : 2;
}
