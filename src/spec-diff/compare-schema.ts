import type { Add, Direction, Severity } from './change';
import { record, type NormSchema } from './normalize';

// How one schema differs from its other version, aspect by aspect, each change classified for clients.

/** Where one comparison stands: the direction, the place, and the severities that direction gives. */
interface Place {
  dir: Direction;
  where: string;
  pointer: string;
  /** `where` and `pointer` together, as changes name the place. */
  here: string;
  /**
   * What a widening is: safe for a request (clients may send more), breaking for a response (this
   * client, and users' strict checks, validate what they receive, so a value the old rules refused
   * now fails them), as oasdiff classifies it.
   */
  loose: Severity;
  /** What a narrowing is: breaking for a request, safe for a response. */
  strict: Severity;
}

export type Descend = (b: NormSchema, a: NormSchema, dir: Direction, where: string, pointer: string, add: Add) => void;

// One schema against its other version, aspect by aspect; nested schemas go back through `descend`.
export function compareSchemas(
  b: NormSchema,
  a: NormSchema,
  dir: Direction,
  where: string,
  pointer: string,
  add: Add,
  descend: Descend,
): void {
  if (b.opaque || a.opaque) {
    if (b.opaque?.source === a.opaque?.source) return;
    const here = pointer ? `${where} ${pointer}` : where;
    const why = (a.opaque ?? b.opaque)!.reason;
    add('warning', 'schema.not-compared', here, `not compared: ${here} (${why}, changed; review it by hand)`);
    return;
  }
  const place: Place = {
    dir,
    where,
    pointer,
    here: pointer ? `${where} ${pointer}` : where,
    loose: dir === 'request' ? 'safe' : 'breaking',
    strict: dir === 'request' ? 'breaking' : 'safe',
  };
  compareTypes(b, a, place, add);
  compareEnums(b, a, place, add);
  compareBounds(b, a, place, add);
  compareMultipleOf(b, a, place, add);
  comparePatterns(b, a, place, add);
  compareProperties(b, a, place, add, descend);
  if (b.items && a.items) descend(b.items, a.items, dir, where, `${pointer}/*`, add);
  if (typeof b.additionalProperties === 'object' && typeof a.additionalProperties === 'object') {
    descend(b.additionalProperties, a.additionalProperties, dir, where, `${pointer}/{name}`, add);
  }
}

// Types, with nullability reported on its own.
function compareTypes(b: NormSchema, a: NormSchema, { dir, here, strict }: Place, add: Add): void {
  if (JSON.stringify(b.types) === JSON.stringify(a.types)) return;
  if (b.types === 'any' || a.types === 'any') {
    const severity = b.types === 'any' ? strict : dir === 'request' ? 'safe' : 'breaking';
    add(severity, 'schema.type', here, `${here}: type ${fmt(b.types)} -> ${fmt(a.types)}`, b.types, a.types);
    return;
  }
  const nb = b.types.includes('null');
  const na = a.types.includes('null');
  if (nb !== na) {
    const severity = dir === 'request' ? (na ? 'safe' : 'breaking') : na ? 'breaking' : 'safe';
    add(severity, 'schema.nullable', here, `${here}: ${na ? 'may now be null' : 'can no longer be null'}`, nb, na);
  }
  const tb = b.types.filter((t) => t !== 'null');
  const ta = a.types.filter((t) => t !== 'null');
  // Integers are numbers: integer -> number only widens (2.5 is now allowed), number -> integer only narrows.
  const covers = (types: string[], t: string) => types.includes(t) || (t === 'integer' && types.includes('number'));
  const widened =
    ta.some((t) => !covers(tb, t)) || (tb.includes('integer') && !tb.includes('number') && ta.includes('number'));
  const narrowed = tb.some((t) => !covers(ta, t));
  if (widened || narrowed) {
    const severity = widened && narrowed ? 'breaking' : widened ? (dir === 'request' ? 'safe' : 'breaking') : strict;
    add(severity, 'schema.type', here, `${here}: type ${fmt(tb)} -> ${fmt(ta)}`, tb, ta);
  }
}

// A response value a client never saw may surprise a strict reader; a request value taken away breaks senders.
function compareEnums(b: NormSchema, a: NormSchema, { dir, here, loose, strict }: Place, add: Add): void {
  if (!b.enum && !a.enum) return;
  if (!b.enum)
    return add(strict, 'schema.enum', here, `${here}: now limited to ${a.enum!.join(', ')}`, undefined, a.enum);
  if (!a.enum)
    return add(loose, 'schema.enum', here, `${here}: no longer limited to a list of values`, b.enum, undefined);
  for (const v of a.enum.filter((x) => !b.enum!.includes(x))) {
    const why = dir === 'response' ? ' (clients that check values strictly reject it)' : '';
    add(
      dir === 'request' ? 'safe' : 'warning',
      'schema.enum.added',
      `${here} ${v}`,
      `${here}: new value ${v}${why}`,
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

// Bounds: a lower maximum (or a higher minimum) narrows.
const BOUNDS = [
  ['maximum', true],
  ['exclusiveMaximum', true],
  ['maxLength', true],
  ['maxItems', true],
  ['minimum', false],
  ['exclusiveMinimum', false],
  ['minLength', false],
  ['minItems', false],
] as const;

function compareBounds(b: NormSchema, a: NormSchema, { here, loose, strict }: Place, add: Add): void {
  for (const [key, upper] of BOUNDS) {
    const vb = b[key];
    const va = a[key];
    if (vb === va) continue;
    const narrowed = va !== undefined && (vb === undefined || (upper ? va < vb : va > vb));
    const message = `${here}: ${key} ${vb ?? 'none'} -> ${va ?? 'none'} (${narrowed ? 'narrowed' : 'widened'})`;
    add(narrowed ? strict : loose, `schema.${key}`, here, message, vb, va);
  }
}

// multipleOf: a new or different divisor may refuse what was allowed (unless the old one is a multiple of the new).
function compareMultipleOf(b: NormSchema, a: NormSchema, { here, loose, strict }: Place, add: Add): void {
  const vb = b.multipleOf;
  const va = a.multipleOf;
  if (vb === va) return;
  const narrowed = va !== undefined && (vb === undefined || !Number.isInteger(vb / va));
  const widened = vb !== undefined && (va === undefined || !Number.isInteger(va / vb));
  const severity = narrowed && widened ? 'breaking' : narrowed ? strict : loose;
  add(severity, 'schema.multipleOf', here, `${here}: multipleOf ${vb ?? 'none'} -> ${va ?? 'none'}`, vb, va);
}

// A new or different pattern or format may refuse what was accepted; dropping one only widens.
function comparePatterns(b: NormSchema, a: NormSchema, { dir, here, loose, strict }: Place, add: Add): void {
  for (const key of ['pattern', 'format'] as const) {
    const vb = b[key];
    const va = a[key];
    if (vb === va) continue;
    const severity = va === undefined ? loose : vb === undefined ? strict : dir === 'request' ? 'breaking' : 'warning';
    add(severity, `schema.${key}`, here, `${here}: ${key} ${vb ?? 'none'} -> ${va ?? 'none'}`, vb, va);
  }
}

// Object properties: a response property that goes away, or stops being required, breaks readers.
function compareProperties(
  b: NormSchema,
  a: NormSchema,
  { dir, where, pointer }: Place,
  add: Add,
  descend: Descend,
): void {
  if (!b.properties && !a.properties) return;
  // Own properties only: a property named `constructor` or `toString` is a name like any other.
  const pb = b.properties ?? record<NormSchema>();
  const pa = a.properties ?? record<NormSchema>();
  const has = (props: Record<string, NormSchema>, name: string) => Object.hasOwn(props, name);
  const at = (name: string) => `${where} ${pointer}/${name}`;
  const request = dir === 'request';
  for (const name of union(Object.keys(pb), Object.keys(pa))) {
    if (!has(pb, name))
      add(request ? 'warning' : 'safe', 'schema.property.added', at(name), `${at(name)}: new property`);
    else if (!has(pa, name)) {
      // A required response property removed breaks every reader; an optional one only readers that
      // relied on something the contract never promised (oasdiff: potentially breaking).
      const wasRequired = (b.required ?? []).includes(name);
      const severity = request ? 'safe' : wasRequired ? 'breaking' : 'warning';
      add(
        severity,
        'schema.property.removed',
        at(name),
        `${at(name)}: ${wasRequired ? 'required ' : ''}property removed`,
      );
    } else descend(pb[name]!, pa[name]!, dir, where, `${pointer}/${name}`, add);
  }
  const rb = b.required ?? [];
  const ra = a.required ?? [];
  for (const name of ra.filter((n) => !rb.includes(n) && has(pa, n))) {
    add(request ? 'breaking' : 'safe', 'schema.required.added', at(name), `${at(name)}: now always present`);
  }
  for (const name of rb.filter((n) => !ra.includes(n) && has(pa, n))) {
    add(request ? 'safe' : 'breaking', 'schema.required.removed', at(name), `${at(name)}: may now be absent`);
  }
}

function fmt(types: string[] | 'any'): string {
  return types === 'any' ? 'any' : types.join('|');
}

export function union(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])];
}
