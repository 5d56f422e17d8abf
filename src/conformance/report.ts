import { printable } from '../text/printable';
import { painter } from '../text/style';
import { noScrubber, type Scrubber } from '../client/secrets';
import { MAX_FINDINGS_KEPT, type CheckRun } from './checks';
import { formatCoverage, type Coverage } from './coverage';
import { CHECK_NAMES, type CheckName, type Finding } from './types';

/** Findings that share a check, a pointer shape (array indices as `*`) and a rule. */
/** Findings of one kind (same check, rule and pointer shape, array indexes folded), counted once each. */
export interface FindingGroup {
  /** The check that found them. */
  check: CheckName;
  /** `failure` or `drift`. */
  severity: Finding['severity'];
  /** The pointer with array indexes shown as `*`. */
  pointer: string;
  /** The rule broken. */
  rule: string;
  /** How many findings of this kind. */
  count: number;
  /** What the contract wanted, in words. */
  expected: string;
  /** The first occurrence: what was found, where, and how to ask for it again. */
  first: {
    /** What was there. */
    actual: string;
    /** Its exact pointer. */
    pointer: string;
    /** The exchange it was in. */
    source: string;
    /** A curl line asking for it again, credentials as placeholders. */
    curl: string | undefined;
  };
}

/** One check's counts in a report. */
export interface CheckSummary {
  /** Exchanges the check applied to that had no failure. */
  passed: number;
  /** Exchanges with at least one failure. */
  failed: number;
  /** Exchanges with drift only (unknown fields outside strict mode). */
  drift: number;
  /** False when the check was turned off (`--checks`, `checks`). */
  enabled: boolean;
}

/** The result of a conformance run, as `verify --format json` prints it. */
export interface ConformanceReport {
  /** What was checked, in words (`recorded responses (recordings/)`, `live API ...`). */
  target: string;
  /** Responses seen. */
  exchanges: number;
  /** Responses at least one enabled check applied to. */
  checked: number;
  /** Responses with at least one failure. */
  failedResponses: number;
  /** Set when no response was checked: why. Such a run is never `ok`. */
  nothingChecked?: string;
  /** Every check's counts, by name. */
  checks: Record<CheckName, CheckSummary>;
  /** The findings, one group per kind, failures first. */
  groups: FindingGroup[];
  /** Problems that stopped the run early (network failure, failed listing), already scrubbed of secrets. */
  runErrors: string[];
  /** Information that is not a failure (a listing stopped at a refused next link, a filter left unchecked). */
  notes: string[];
  /** What the traffic exercised of the contract (with the `coverage` option). */
  coverage?: Coverage;
  /**
   * True when at least one response was checked, no check failed, the run completed and any
   * coverage threshold was met. Drift alone does not fail it.
   */
  ok: boolean;
}

/**
 * Builds a report as check runs arrive, keeping counters, one group per kind of finding and the
 * runs that found something - never the responses themselves - so that memory does not grow with
 * the number of pages checked. Every text that enters it is scrubbed of credentials.
 */
// (Over 60 lines as one closure: `add` and `build` share the counters kept above them.)
export function createReportBuilder(target: string, enabled: ReadonlySet<CheckName>, scrub: Scrubber = noScrubber) {
  const checks = Object.fromEntries(
    CHECK_NAMES.map((c) => [c, { passed: 0, failed: 0, drift: 0, enabled: enabled.has(c) }]),
  ) as Record<CheckName, CheckSummary>;
  const groups = new Map<string, FindingGroup>();
  const runsWithFindings: CheckRun[] = [];
  let exchanges = 0;
  let checked = 0;
  let failedResponses = 0;
  return {
    /** Adds the check runs of one response. */
    add(runs: CheckRun[]): void {
      exchanges++;
      if (runs.length) checked++;
      if (runs.some((r) => r.findings.some((f) => f.severity === 'failure'))) failedResponses++;
      for (const run of runs) {
        const summary = checks[run.check];
        if (run.findings.some((f) => f.severity === 'failure')) summary.failed++;
        else if (run.findings.length) summary.drift++;
        else summary.passed++;
        if (!run.findings.length) continue;
        const findings = run.findings.map((f) => scrub.deep({ ...f }));
        for (const f of findings) {
          const shape = f.pointer.replace(/\/\d+(?=\/|$)/g, '/*');
          const key = `${f.check}\u0000${shape}\u0000${f.rule}`;
          const group = groups.get(key);
          if (group) group.count++;
          else
            groups.set(key, {
              check: f.check,
              severity: f.severity,
              pointer: shape,
              rule: f.rule,
              count: 1,
              expected: f.expected,
              first: { actual: f.actual, pointer: f.pointer, source: f.source, curl: f.curl },
            });
        }
        const kept = findings.slice(0, MAX_FINDINGS_KEPT);
        runsWithFindings.push({
          check: run.check,
          source: scrub.text(run.source),
          findings: kept,
          ...(findings.length > kept.length ? { omitted: findings.length - kept.length } : {}),
        });
      }
    },
    build(
      runErrors: string[] = [],
      notes: string[] = [],
      nothingChecked?: string,
    ): { report: ConformanceReport; runs: CheckRun[] } {
      const failed = Object.values(checks).some((c) => c.failed > 0);
      // A run that failed (the API or the network did) is a failure with its errors, not "nothing to check".
      const why =
        checked > 0 || runErrors.length > 0
          ? undefined
          : (nothingChecked ??
            (exchanges === 0
              ? 'no response of this operation was given'
              : `none of the ${exchanges} responses is one the enabled checks apply to`));
      const report: ConformanceReport = {
        target: scrub.text(target),
        exchanges,
        checked,
        failedResponses,
        ...(why !== undefined ? { nothingChecked: why } : {}),
        checks,
        groups: [...groups.values()],
        runErrors: runErrors.map(scrub.text),
        notes: notes.map(scrub.text),
        ok: !failed && runErrors.length === 0 && why === undefined,
      };
      return { report, runs: runsWithFindings };
    },
  };
}

/** Findings counted by severity (each group counts its occurrences). */
export function findingCounts(report: ConformanceReport): { failures: number; drift: number } {
  let failures = 0;
  let drift = 0;
  for (const g of report.groups) {
    if (g.severity === 'failure') failures += g.count;
    else drift += g.count;
  }
  return { failures, drift };
}

/** The report for people: a table of checks, then each group of findings once. Outside text is made printable. */
export function formatText(report: ConformanceReport, options: { color?: boolean } = {}): string {
  const paint = painter(options.color === true);
  const p = printable;
  const lines = [
    `Conformance of ${p(report.target)}: ${report.exchanges} response${report.exchanges === 1 ? '' : 's'} checked`,
    '',
  ];
  // The first three columns count responses; the last counts findings (one response can have several).
  const findingsOf = (check: string) => report.groups.filter((g) => g.check === check).reduce((n, g) => n + g.count, 0);
  lines.push(
    `${'check'.padEnd(30)}${'responses:'.padStart(11)}${'passed'.padStart(8)}${'failed'.padStart(8)}${'drift'.padStart(8)}${'findings'.padStart(10)}`,
  );
  for (const [name, c] of Object.entries(report.checks)) {
    if (!c.enabled) lines.push(`${name.padEnd(30)}${'(turned off)'.padStart(11 + 24)}`);
    else if (c.passed + c.failed + c.drift === 0)
      lines.push(`${name.padEnd(30)}${'(not applicable: no response it applies to)'.padStart(11 + 24 + 10)}`);
    else
      lines.push(
        name.padEnd(41) +
          [c.passed, c.failed, c.drift].map((n) => String(n).padStart(8)).join('') +
          String(findingsOf(name)).padStart(10),
      );
  }
  if (report.groups.length) lines.push('', 'Findings, grouped by JSON pointer:');
  for (const g of report.groups) {
    const mark = g.severity === 'failure' ? paint('red', 'FAIL ') : paint('yellow', 'DRIFT');
    lines.push('', `${mark} ${g.check} ${p(g.pointer) || '(body)'} [${p(g.rule)}] x${g.count}`);
    lines.push(`      expected: ${p(g.expected)}`);
    lines.push(
      `      actual:   ${p(g.first.actual)}   (first at ${p(g.first.pointer) || '(body)'} in ${p(g.first.source)})`,
    );
    if (g.first.curl) lines.push(`      reproduce: ${p(g.first.curl)}`);
  }
  for (const e of report.runErrors) lines.push('', `${paint('red', 'ERROR')} ${p(e)}`);
  if (report.notes.length) lines.push('', ...report.notes.map((n) => `note: ${p(n)}`));
  if (report.coverage) lines.push('', formatCoverage(report.coverage));
  const { failures, drift } = findingCounts(report);
  const verdict =
    report.nothingChecked !== undefined
      ? paint('red', 'NOTHING CHECKED')
      : report.ok
        ? paint('green', 'PASS')
        : paint('red', 'FAIL');
  const failedResponses = report.failedResponses ?? 0;
  const where = failures ? ` in ${failedResponses} response${failedResponses === 1 ? '' : 's'}` : '';
  const runErrors = report.runErrors.length ? `, ${report.runErrors.length} run error(s)` : '';
  const threshold = report.coverage?.threshold;
  const belowThreshold =
    threshold?.met === false ? `, coverage ${report.coverage!.percent}% below ${threshold.percent}%` : '';
  const nothing = report.nothingChecked !== undefined ? ` (${p(report.nothingChecked)})` : '';
  lines.push(
    '',
    `${verdict}: ${failures} failure${failures === 1 ? '' : 's'}${where}, ${drift} drift ` +
      `finding${drift === 1 ? '' : 's'}${runErrors}${belowThreshold}${nothing}`,
  );
  return lines.join('\n');
}
