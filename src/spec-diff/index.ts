import { changeOf, rank } from './change';
import { diffOperations, type Change } from './diff';
import { SpecSourceError } from './load';
import { LIST_OPERATION, locateListOperation, normalizeOperation, pathShape, type NormOperation } from './normalize';

export { diffOperations, type Change, type Severity } from './diff';
export { normalizeOperation, normalizeSchema, type NormOperation, type NormSchema } from './normalize';
export { loadSpecSource, SpecSourceError, SPEC_IN_REPO } from './load';
export {
  counts,
  failsPolicy,
  formatChanges,
  formatChangesGithub,
  formatChangesJunit,
  formatChangesMarkdown,
  type FailOn,
} from './format';
export { drift, loadAcknowledgements, type Acknowledgement, type DriftResult } from './drift';

const OPERATION = `GET ${LIST_OPERATION.path}`;

/**
 * Every difference in the list operation between two OpenAPI documents (3.0 or 3.1). The operation
 * is found by its path's shape: removed or moved, it is a breaking change; added, a safe one; its
 * path parameter renamed, a safe one (the URL clients build is the same).
 * @throws SpecSourceError when neither document has the operation.
 */
export function diffSpecs(before: Record<string, unknown>, after: Record<string, unknown>): Change[] {
  const lb = locateListOperation(before);
  const la = locateListOperation(after);
  const change = (severity: Change['severity'], kind: string, message: string, b?: unknown, a?: unknown) =>
    changeOf(severity, kind, 'operation', message, b, a);
  if (!lb && !la) throw new SpecSourceError(`neither document has the ${OPERATION} operation (by path shape)`);
  if (!la) return [change('breaking', 'operation.removed', `${OPERATION} was removed (every client calls it)`)];
  if (!lb) return [change('safe', 'operation.added', `${OPERATION} was added`)];
  const b = normalizeOperation(before, { path: lb.path, method: 'get' });
  const a = normalizeOperation(after, { path: la.path, method: 'get' });
  const renamed = renamePathParameters(b, a);
  const changes = diffOperations(b, a);
  const moved =
    pathShape(lb.path) === pathShape(la.path)
      ? []
      : [change('breaking', 'operation.moved', `the operation moved from ${lb.path} to ${la.path}`, lb.path, la.path)];
  return [...moved, ...changes, ...renamed].sort((x, y) => rank(x.severity) - rank(y.severity));
}

// Path parameters are matched by position: a new name for the same place changes nothing clients send.
function renamePathParameters(b: NormOperation, a: NormOperation): Change[] {
  const names = (op: NormOperation) => [...op.path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!);
  const before = names(b);
  const after = names(a);
  const out: Change[] = [];
  before.forEach((old, i) => {
    const now = after[i];
    const param = a.parameters[`path ${now}`];
    if (now === undefined || now === old || !param || b.parameters[`path ${now}`]) return;
    delete a.parameters[`path ${now}`];
    a.parameters[`path ${old}`] = { ...param, name: old };
    const message = `path parameter {${old}} renamed {${now}} (the URL clients build is the same)`;
    out.push(changeOf('safe', 'parameter.renamed', `path ${old}`, message, old, now));
  });
  return out;
}
