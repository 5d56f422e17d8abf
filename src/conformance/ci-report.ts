import { githubAnnotation, mdCode, mdTable, mdText } from '../text/ci';
import { findingCounts, type ConformanceReport, type FindingGroup } from './report';

/** The file a finding's source names, when it names one (`recordings/a.har entry 3` -> `recordings/a.har`). */
function sourceFile(source: string): string | undefined {
  return /^([\s\S]+?\.(?:json|har))(?:\[\d+\]| entry \d+)?$/i.exec(source)?.[1];
}

function groupLine(g: FindingGroup): string {
  const first = `first at ${g.first.pointer || '(body)'} in ${g.first.source}`;
  const count = `${g.count} occurrence${g.count === 1 ? '' : 's'}`;
  return `${g.pointer || '(body)'} [${g.rule}] expected ${g.expected}, got ${g.first.actual} (${first}; ${count})`;
}

function verdict(report: ConformanceReport): string {
  const { failures, drift } = findingCounts(report);
  const state = report.nothingChecked !== undefined ? 'NOTHING CHECKED' : report.ok ? 'PASS' : 'FAIL';
  const coverage = report.coverage
    ? `, coverage ${report.coverage.percent}%${report.coverage.threshold ? ` (threshold ${report.coverage.threshold.percent}%)` : ''}`
    : '';
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return (
    `${state}: ${n(failures, 'failure')} in ${n(report.failedResponses, 'response')}, ` +
    `${n(drift, 'drift finding')}, ${n(report.runErrors.length, 'run error')}${coverage}`
  );
}

/**
 * GitHub Actions workflow commands: one annotation per group of findings (error for failures,
 * warning for drift), one per run error, a warning listing the coverage goals never met, notes as
 * notices, and the verdict as the last line.
 */
export function formatGithub(report: ConformanceReport): string {
  const lines: string[] = [];
  for (const g of report.groups) {
    lines.push(
      githubAnnotation(g.severity === 'failure' ? 'error' : 'warning', groupLine(g), {
        title: `${g.check}${g.severity === 'drift' ? ' (drift)' : ''}`,
        file: sourceFile(g.first.source),
      }),
    );
  }
  for (const e of report.runErrors) lines.push(githubAnnotation('error', e, { title: 'conformance run error' }));
  const coverage = report.coverage;
  if (coverage?.missing.length) {
    const level = coverage.threshold?.met === false ? 'error' : 'warning';
    lines.push(
      githubAnnotation(level, coverage.missing, {
        title: `contract coverage ${coverage.percent}%: ${coverage.missing.length} goal${coverage.missing.length === 1 ? '' : 's'} never met`,
      }),
    );
  }
  for (const n of report.notes) lines.push(githubAnnotation('notice', n, { title: 'conformance' }));
  if (report.nothingChecked !== undefined)
    lines.push(githubAnnotation('error', report.nothingChecked, { title: 'nothing checked' }));
  lines.push(
    githubAnnotation(report.ok ? 'notice' : 'error', `${report.target}: ${verdict(report)}`, { title: 'conformance' }),
  );
  return lines.join('\n') + '\n';
}

/** Markdown for a pull-request comment or a job summary ($GITHUB_STEP_SUMMARY). */
export function formatMarkdown(report: ConformanceReport): string {
  const icon = report.ok ? '✅' : '❌';
  const lines = [
    `## ${icon} Conformance of ${mdText(report.target)}`,
    '',
    `**${mdText(verdict(report))}** (${report.exchanges} response${report.exchanges === 1 ? '' : 's'}, ${report.checked} checked)`,
    '',
  ];
  const rows = Object.entries(report.checks).map(([name, c]) => {
    if (!c.enabled) return [mdCode(name), '', '', '', 'turned off'];
    if (c.passed + c.failed + c.drift === 0) return [mdCode(name), '', '', '', 'not applicable'];
    return [mdCode(name), String(c.passed), String(c.failed), String(c.drift), ''];
  });
  lines.push(...mdTable(['check', 'passed', 'failed', 'drift', ''], rows));
  if (report.groups.length) {
    lines.push('', '### Findings', '');
    lines.push(
      ...mdTable(
        ['', 'check', 'where', 'rule', 'expected', 'actual (first)', 'count', 'first seen in'],
        report.groups.map((g) => [
          g.severity === 'failure' ? '❌' : '⚠️',
          mdCode(g.check),
          mdCode(g.pointer || '(body)'),
          mdCode(g.rule),
          mdCode(g.expected),
          mdCode(g.first.actual),
          String(g.count),
          mdCode(g.first.source),
        ]),
      ),
    );
  }
  if (report.runErrors.length) lines.push('', '### Run errors', '', ...report.runErrors.map((e) => `- ${mdText(e)}`));
  const coverage = report.coverage;
  if (coverage) {
    lines.push('', `### Contract coverage: ${coverage.percent}% (${coverage.covered} of ${coverage.total} goals)`, '');
    if (coverage.threshold)
      lines.push(
        coverage.threshold.met
          ? `Threshold ${coverage.threshold.percent}% met.`
          : `**Below the threshold of ${coverage.threshold.percent}%.**`,
        '',
      );
    const statuses = Object.entries(coverage.statuses).filter(([, n]) => n > 0);
    lines.push(`Statuses seen: ${statuses.map(([s, n]) => `${mdText(s)} ×${n}`).join(', ') || 'none'}.`);
    if (coverage.missing.length) {
      lines.push('', `<details><summary>${coverage.missing.length} never seen</summary>`, '');
      lines.push(...coverage.missing.map((m) => `- ${mdText(m)}`), '', '</details>');
    }
  }
  if (report.notes.length) lines.push('', '### Notes', '', ...report.notes.map((n) => `- ${mdText(n)}`));
  return lines.join('\n') + '\n';
}
