import type { OutputFileError } from '../io/output-file';
import { noScrubber, type Scrubber } from '../client/secrets';
import { createChecks, type CheckRun } from './checks';
import { createCoverage } from './coverage';
import { createReportBuilder, type ConformanceReport } from './report';
import { runTarget, type TargetOptions } from './run';
import { CHECK_NAMES, type CheckName, type Exchange, type Finding } from './types';

/** How a conformance run checks: which checks, strictness, coverage, scrubbing. */
export interface VerifyOptions {
  /** Checks to run (default: all). */
  checks?: readonly CheckName[];
  /** Drift (unknown properties, unknown enum values) fails the run too. */
  strict?: boolean;
  /** The API host reproducing curl lines may attach credentials for (default: Twilio's). */
  apiBase?: string | undefined;
  /** Removes credentials from every text of the report (findings, sources, errors, notes). */
  scrub?: Scrubber;
  /** Also say what the traffic exercised of the contract and what it never did (`report.coverage`). */
  coverage?: boolean;
  /** A whole percent: coverage below it fails the run (`report.ok` false). Implies `coverage`. */
  coverageThreshold?: number;
}

/** What a conformance run gives back. */
export interface Verification {
  /** The report, as `verify --format json` prints it. */
  report: ConformanceReport;
  /** The check runs that found something (for JUnit); runs that passed are only counted. */
  runs: CheckRun[];
  /** What the run noted that is not a finding (also in `report.notes`). */
  notes: string[];
  /** Files inside the folders given that could not be read, each with its cause (verifyRecorded). */
  skipped?: string[];
  /** The `record` file could not be written (the run itself completed; no partial file was left). */
  recordingError?: OutputFileError;
}

function createVerifier(target: string, options: VerifyOptions) {
  const enabled = new Set(options.checks ?? CHECK_NAMES);
  const check = createChecks({ strict: options.strict ?? false, apiBase: options.apiBase });
  const builder = createReportBuilder(target, enabled, options.scrub ?? noScrubber);
  const threshold = options.coverageThreshold;
  const coverage = options.coverage || threshold !== undefined ? createCoverage() : undefined;
  return {
    add: (exchange: Exchange) => {
      builder.add(check(exchange, enabled));
      coverage?.add(exchange);
    },
    finish: (runErrors: string[] = [], notes: string[] = []): Verification => {
      const { report, runs } = builder.build(runErrors, notes);
      if (coverage) {
        report.coverage = (options.scrub ?? noScrubber).deep(coverage.build(threshold));
        if (report.coverage.threshold?.met === false) report.ok = false;
      }
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

/** What `checkResponse` says of one response. */
export interface ResponseVerdict {
  /** True when no finding is a failure (drift alone, outside strict mode, passes). */
  ok: boolean;
  /** Every finding: check, severity, JSON pointer, rule, expected and actual. */
  findings: Finding[];
}

/**
 * Checks one response with the same named checks as `verify`, for a test of your own code: a body
 * (and, when known, the URL that was requested, the status and the Content-Type). Without a status
 * the body is taken for a page unless it is Twilio's error body.
 * @example const { ok, findings } = checkResponse({ body, url: request.url, status: 200 });
 */
export function checkResponse(
  response: { body: unknown; url?: string; status?: number; contentType?: string },
  options: VerifyOptions = {},
): ResponseVerdict {
  const enabled = new Set(options.checks ?? CHECK_NAMES);
  const check = createChecks({ strict: options.strict ?? false, apiBase: options.apiBase });
  const exchange: Exchange = {
    source: response.url ?? 'response',
    method: 'GET',
    url: response.url,
    status: response.status,
    contentType: response.contentType,
    body: response.body,
  };
  const findings = check(exchange, enabled).flatMap((run) => run.findings);
  const scrub = options.scrub;
  const clean = scrub ? findings.map((f) => scrub.deep({ ...f })) : findings;
  return { ok: !clean.some((f) => f.severity === 'failure'), findings: clean };
}
