import { InputFileError, readInputFile } from '../io/input-file';
import { parse } from 'yaml';
import { globMatcher } from '../text/glob';
import { diffOperations, type Change } from './diff';
import { normalizeOperation } from './normalize';

/** One difference from upstream that the project keeps on purpose. `id` may use `*` for any run of characters. */
export interface Acknowledgement {
  id: string;
  reason: string;
}

export interface DriftResult {
  /** Differences listed in the acknowledgements file. */
  acknowledged: (Change & { reason: string })[];
  /** Differences nobody has accepted yet: these fail the check. */
  unacknowledged: Change[];
  /** Acknowledgements that match no difference any more: safe to delete. */
  stale: Acknowledgement[];
}

/** Reads the acknowledgements file: a YAML list of `{ id, reason }`, each with a reason. */
export function loadAcknowledgements(file: string): Acknowledgement[] {
  let text: string;
  try {
    text = readInputFile(file, 8 * 1024 * 1024);
  } catch (error) {
    throw error instanceof InputFileError ? new Error(error.detail) : error;
  }
  const data = parse(text) as { acknowledged?: unknown };
  const list = data?.acknowledged;
  if (!Array.isArray(list)) throw new Error(`${file} must have an "acknowledged" list`);
  return list.map((entry, i) => {
    const { id, reason } = (entry ?? {}) as { id?: unknown; reason?: unknown };
    if (typeof id !== 'string' || typeof reason !== 'string' || !reason.trim())
      throw new Error(`${file}: entry ${i + 1} needs an id and a non-empty reason`);
    return { id, reason };
  });
}

/** Compares upstream's description of the operation with ours (upstream is the "before"). */
export function drift(
  upstream: Record<string, unknown>,
  ours: Record<string, unknown>,
  acknowledgements: Acknowledgement[],
): DriftResult {
  const changes = diffOperations(normalizeOperation(upstream), normalizeOperation(ours));
  const matchers = acknowledgements.map((a) => ({ ...a, test: globMatcher(a.id) }));
  const used = new Set<Acknowledgement['id']>();
  const acknowledged: DriftResult['acknowledged'] = [];
  const unacknowledged: Change[] = [];
  for (const change of changes) {
    const match = matchers.find((m) => m.test(change.id));
    if (match) {
      used.add(match.id);
      acknowledged.push({ ...change, reason: match.reason });
    } else unacknowledged.push(change);
  }
  return { acknowledged, unacknowledged, stale: acknowledgements.filter((a) => !used.has(a.id)) };
}
