import { xmlEscape as esc } from '../text/ci';
import type { CheckRun } from './checks';
import type { ConformanceReport } from './report';

/**
 * JUnit XML for CI: one testsuite per check, one testcase per response that had findings, and
 * one testcase counting the responses that passed (the report keeps no per-response record of
 * those, so that a listing of any length costs the same memory).
 * Drift findings are listed as system-out, not failures, unless strict mode made them failures.
 */
export function formatJunit(report: ConformanceReport, runs: CheckRun[]): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const coverageFailed = report.coverage?.threshold?.met === false ? 1 : 0;
  const failures =
    Object.values(report.checks).reduce((n, c) => n + c.failed, 0) + report.runErrors.length + coverageFailed;
  const passCases = Object.values(report.checks).filter((c) => c.enabled && c.passed > 0).length;
  out.push(
    `<testsuites name="${esc(`conformance: ${report.target}`)}" ` +
      `tests="${runs.length + passCases + report.runErrors.length + (report.coverage ? 1 : 0)}" failures="${failures}">`,
  );
  for (const [check, summary] of Object.entries(report.checks)) {
    if (!summary.enabled) continue;
    const cases = runs.filter((r) => r.check === check);
    out.push(
      `  <testsuite name="${check}" tests="${cases.length + (summary.passed > 0 ? 1 : 0)}" failures="${summary.failed}">`,
    );
    if (summary.passed > 0)
      out.push(
        `    <testcase classname="${check}" name="${summary.passed} response${summary.passed === 1 ? '' : 's'} conform"/>`,
      );
    for (const run of cases) {
      out.push(`    <testcase classname="${check}" name="${esc(run.source)}">`);
      const failing = run.findings.filter((f) => f.severity === 'failure');
      const drift = run.findings.filter((f) => f.severity === 'drift');
      if (failing.length) {
        const more = run.omitted ? `\n... and ${run.omitted} more` : '';
        const text =
          failing
            .map(
              (f) =>
                `${f.pointer || '(body)'} [${f.rule}] expected ${f.expected}, got ${f.actual}${f.curl ? `\n  reproduce: ${f.curl}` : ''}`,
            )
            .join('\n') + more;
        out.push(
          `      <failure ` +
            `message="${esc(`${failing.length} violation(s), first at ${failing[0]!.pointer || '(body)'}: ${failing[0]!.rule}`)}">${esc(text)}</failure>`,
        );
      }
      if (drift.length)
        out.push(
          `      <system-out>${esc(drift.map((f) => `drift ${f.pointer} [${f.rule}] ${f.actual}`).join('\n'))}</system-out>`,
        );
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  if (report.runErrors.length) {
    out.push(`  <testsuite name="run" tests="${report.runErrors.length}" failures="${report.runErrors.length}">`);
    for (const e of report.runErrors)
      out.push(`    <testcase classname="run" name="run completed"><failure message="${esc(e)}"/></testcase>`);
    out.push('  </testsuite>');
  }
  const coverage = report.coverage;
  if (coverage) {
    const failed = coverage.threshold?.met === false;
    const threshold = coverage.threshold ? `, threshold ${coverage.threshold.percent}%` : '';
    const name = `coverage ${coverage.percent}% (${coverage.covered} of ${coverage.total} goals)${threshold}`;
    out.push(`  <testsuite name="coverage" tests="1" failures="${failed ? 1 : 0}">`);
    out.push(`    <testcase classname="coverage" name="${esc(name)}">`);
    if (failed) out.push(`      <failure message="${esc(`coverage below ${coverage.threshold!.percent}%`)}"/>`);
    if (coverage.missing.length) out.push(`      <system-out>${esc(coverage.missing.join('\n'))}</system-out>`);
    out.push('    </testcase>', '  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
