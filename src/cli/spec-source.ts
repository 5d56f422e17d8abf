import { loadSpecSource, SpecSourceError } from '../spec-diff';
import { specPath } from '../schema/spec-file';

/** The working spec in a checkout, else the one bundled with the package. */
export function defaultSpec(): string {
  return specPath();
}

/** Reads a spec source; any failure is a SpecSourceError (bad input, exit 2). */
export async function load(source: string) {
  try {
    return await loadSpecSource(source);
  } catch (error) {
    if (error instanceof SpecSourceError) throw error;
    throw new SpecSourceError(`cannot read ${source}: ${(error as Error).message}`);
  }
}
