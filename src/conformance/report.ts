import { CHECK_NAMES, type CheckName, type Finding } from './types';
import type { CheckRun } from './checks';

/** Findings that share a check, a pointer shape (array indices as `*`) and a rule. */
export interface FindingGroup {
  check: CheckName;
  severity: Finding['severity'];
  pointer: string;
  rule: string;
  count: number;
  expected: string;
  /** The first occurrence: what was found, where, and how to ask for it again. */
  first: { actual: string; pointer: string; source: string; curl: string | undefined };
}

export interface CheckSummary {
  /** Exchanges the check applied to that had no failure. */
  passed: number;
  /** Exchanges with at least one failure. */
  failed: number;
  /** Exchanges with drift only (unknown fields outside strict mode). */
  drift: number;
  enabled: boolean;
}

export interface ConformanceReport {
  target: string;
  exchanges: number;
  checks: Record<CheckName, CheckSummary>;
  groups: FindingGroup[];
  /** Problems that stopped the run early (network failure, failed listing), already scrubbed of secrets. */
  runErrors: string[];
  /** Information that is not a failure (a listing stopped at a refused next link, a filter left unchecked). */
  notes: string[];
  /** True when no check failed and the run completed. Drift alone does not fail it. */
  ok: boolean;
}

export function buildReport(target: string, exchanges: number, runs: CheckRun[], enabled: ReadonlySet<CheckName>, runErrors: string[] = [], notes: string[] = []): ConformanceReport {
  const checks = Object.fromEntries(CHECK_NAMES.map((c) => [c, { passed: 0, failed: 0, drift: 0, enabled: enabled.has(c) }])) as Record<CheckName, CheckSummary>;
  const groups = new Map<string, FindingGroup>();
  for (const run of runs) {
    const summary = checks[run.check];
    if (run.findings.some((f) => f.severity === 'failure')) summary.failed++;
    else if (run.findings.length) summary.drift++;
    else summary.passed++;
    for (const f of run.findings) {
      const shape = f.pointer.replace(/\/\d+(?=\/|$)/g, '/*');
      const key = `${f.check}\u0000${shape}\u0000${f.rule}`;
      const group = groups.get(key);
      if (group) group.count++;
      else groups.set(key, { check: f.check, severity: f.severity, pointer: shape, rule: f.rule, count: 1, expected: f.expected, first: { actual: f.actual, pointer: f.pointer, source: f.source, curl: f.curl } });
    }
  }
  const failed = Object.values(checks).some((c) => c.failed > 0);
  return { target, exchanges, checks, groups: [...groups.values()], runErrors, notes, ok: !failed && runErrors.length === 0 };
}

/** The report for people: a table of checks, then each group of findings once. */
export function formatText(report: ConformanceReport, options: { color?: boolean } = {}): string {
  const paint = (code: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines = [`Conformance of ${report.target}: ${report.exchanges} response${report.exchanges === 1 ? '' : 's'} checked`, ''];
  lines.push(`${'check'.padEnd(30)}${'passed'.padStart(8)}${'failed'.padStart(8)}${'drift'.padStart(8)}`);
  for (const [name, c] of Object.entries(report.checks)) {
    if (!c.enabled) {
      lines.push(`${name.padEnd(30)}${'(turned off)'.padStart(24)}`);
      continue;
    }
    lines.push(`${name.padEnd(30)}${String(c.passed).padStart(8)}${String(c.failed).padStart(8)}${String(c.drift).padStart(8)}`);
  }
  if (report.groups.length) lines.push('', 'Findings, grouped by JSON pointer:');
  for (const g of report.groups) {
    const mark = g.severity === 'failure' ? paint('31', 'FAIL ') : paint('33', 'DRIFT');
    lines.push('', `${mark} ${g.check} ${g.pointer || '(body)'} [${g.rule}] x${g.count}`);
    lines.push(`      expected: ${g.expected}`);
    lines.push(`      actual:   ${g.first.actual}   (first at ${g.first.pointer || '(body)'} in ${g.first.source})`);
    if (g.first.curl) lines.push(`      reproduce: ${g.first.curl}`);
  }
  for (const e of report.runErrors) lines.push('', `${paint('31', 'ERROR')} ${e}`);
  if (report.notes.length) lines.push('', ...report.notes.map((n) => `note: ${n}`));
  const failures = report.groups.filter((g) => g.severity === 'failure').reduce((n, g) => n + g.count, 0);
  const drift = report.groups.filter((g) => g.severity === 'drift').reduce((n, g) => n + g.count, 0);
  lines.push('', `${report.ok ? paint('32', 'PASS') : paint('31', 'FAIL')}: ${failures} failure${failures === 1 ? '' : 's'}, ${drift} drift finding${drift === 1 ? '' : 's'}${report.runErrors.length ? `, ${report.runErrors.length} run error(s)` : ''}`);
  return lines.join('\n');
}
