import { createChecks, type CheckRun } from './checks';
import { buildReport, type ConformanceReport } from './report';
import { runTarget, type TargetOptions } from './run';
import { CHECK_NAMES, type CheckName, type Exchange } from './types';

export { CHECK_NAMES, type CheckName, type Exchange, type Finding } from './types';
export { formatText, type ConformanceReport, type FindingGroup } from './report';
export { formatJunit } from './junit';
export { loadRecorded, RecordedInputError } from './recorded';
export type { TargetOptions } from './run';

export interface VerifyOptions {
  /** Checks to run (default: all). */
  checks?: readonly CheckName[];
  /** Drift (unknown properties, unknown enum values) fails the run too. */
  strict?: boolean;
}

export interface Verification {
  report: ConformanceReport;
  runs: CheckRun[];
  notes: string[];
}

/** Runs the named checks over recorded (or just observed) exchanges. */
export function verifyExchanges(target: string, exchanges: Exchange[], options: VerifyOptions = {}, runErrors: string[] = [], notes: string[] = []): Verification {
  const enabled = new Set(options.checks ?? CHECK_NAMES);
  const runs = createChecks({ strict: options.strict ?? false })(exchanges, enabled);
  return { report: buildReport(target, exchanges.length, runs, enabled, runErrors, notes), runs, notes };
}

/** Lists a live (or live-like) target, then runs the checks over everything it answered. */
export async function verifyTarget(target: string, options: TargetOptions & VerifyOptions): Promise<Verification> {
  const run = await runTarget(options);
  return verifyExchanges(target, run.exchanges, options, run.runErrors, run.notes);
}
