import { diffOperations, type Change } from './diff';
import { normalizeOperation } from './normalize';

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

/** Every difference in the list operation between two OpenAPI documents (3.0 or 3.1). */
export function diffSpecs(before: Record<string, unknown>, after: Record<string, unknown>): Change[] {
  return diffOperations(normalizeOperation(before), normalizeOperation(after));
}
