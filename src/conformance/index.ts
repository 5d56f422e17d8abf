import { noScrubber, type Scrubber } from '../client/secrets';
import { createChecks, type CheckRun } from './checks';
import { createReportBuilder, type ConformanceReport } from './report';
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
  /** The API host reproducing curl lines may attach credentials for (default: Twilio's). */
  apiBase?: string | undefined;
  /** Removes credentials from every text of the report (findings, sources, errors, notes). */
  scrub?: Scrubber;
}

export interface Verification {
  report: ConformanceReport;
  /** The check runs that found something (for JUnit); runs that passed are only counted. */
  runs: CheckRun[];
  notes: string[];
}

function createVerifier(target: string, options: VerifyOptions) {
  const enabled = new Set(options.checks ?? CHECK_NAMES);
  const check = createChecks({ strict: options.strict ?? false, apiBase: options.apiBase });
  const builder = createReportBuilder(target, enabled, options.scrub ?? noScrubber);
  return {
    add: (exchange: Exchange) => builder.add(check(exchange, enabled)),
    finish: (runErrors: string[] = [], notes: string[] = []): Verification => {
      const { report, runs } = builder.build(runErrors, notes);
      return { report, runs, notes: report.notes };
    },
  };
}

/** Runs the named checks over recorded (or just observed) exchanges. */
export function verifyExchanges(
  target: string,
  exchanges: Iterable<Exchange>,
  options: VerifyOptions = {},
  runErrors: string[] = [],
  notes: string[] = [],
): Verification {
  const verifier = createVerifier(target, options);
  for (const exchange of exchanges) verifier.add(exchange);
  return verifier.finish(runErrors, notes);
}

/**
 * Lists a live (or live-like) target and checks each response as it arrives; only findings and
 * counters are kept, so memory stays flat however many pages the service has.
 */
export async function verifyTarget(target: string, options: TargetOptions & VerifyOptions): Promise<Verification> {
  const verifier = createVerifier(target, { apiBase: options.baseUrl, ...options });
  const run = await runTarget(options, verifier.add);
  return verifier.finish(run.runErrors, run.notes);
}
