import { githubAnnotation, mdCode, mdTable, mdText, xmlEscape, type AnnotationLevel } from '../text/ci';
import { printable } from '../text/printable';
import { painter } from '../text/style';
import type { Change, Severity } from './diff';

export function counts(changes: Change[]): Record<Severity, number> {
  const out = { breaking: 0, warning: 0, safe: 0 };
  for (const c of changes) out[c.severity]++;
  return out;
}

/** The changes for people, most severe first. */
export function formatChanges(title: string, changes: Change[], options: { color?: boolean } = {}): string {
  const paint = painter(options.color === true);
  const lines = [`${printable(title)}: ${summary(changes)}`];
  const tag: Record<Severity, string> = {
    breaking: paint('red', 'BREAKING'),
    warning: paint('yellow', 'WARNING '),
    safe: paint('green', 'SAFE    '),
  };
  // Names and values come from the documents compared: their control characters are shown, not sent.
  for (const c of changes) lines.push(`  ${tag[c.severity]} ${printable(c.message)}`);
  return lines.join('\n');
}

/** Which changes fail a run: `--fail-on`. */
export type FailOn = 'breaking' | 'warning' | 'never';

/** Whether the policy asks for a failing exit status. */
export function failsPolicy(changes: Change[], failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  return changes.some((c) => c.severity === 'breaking' || (failOn === 'warning' && c.severity === 'warning'));
}

function summary(changes: Change[]): string {
  const n = counts(changes);
  return `${n.breaking} breaking, ${n.warning} warning, ${n.safe} safe`;
}

/**
 * GitHub Actions annotations: breaking changes as errors when the policy fails on them (else as
 * warnings), warnings as warnings, safe changes as notices; the count as the last line.
 */
export function formatChangesGithub(title: string, changes: Change[], failOn: FailOn): string {
  const level = (c: Change): AnnotationLevel =>
    failsPolicy([c], failOn) ? 'error' : c.severity === 'safe' ? 'notice' : 'warning';
  const lines = changes.map((c) =>
    githubAnnotation(level(c), c.message, { title: `${c.severity} change: ${c.where}` }),
  );
  lines.push(
    githubAnnotation(failsPolicy(changes, failOn) ? 'error' : 'notice', `${title}: ${summary(changes)}`, {
      title: 'spec diff',
    }),
  );
  return lines.join('\n') + '\n';
}

/** Markdown for a job summary or a pull-request comment: the counts, then one row per change, most severe first. */
export function formatChangesMarkdown(title: string, changes: Change[], failOn: FailOn): string {
  const icon = failsPolicy(changes, failOn) ? '❌' : changes.some((c) => c.severity === 'breaking') ? '⚠️' : '✅';
  const lines = [`## ${icon} ${mdText(title)}`, '', `**${summary(changes)}**`];
  if (changes.length) {
    const mark: Record<Severity, string> = { breaking: '🔴 breaking', warning: '🟡 warning', safe: '🟢 safe' };
    lines.push(
      '',
      ...mdTable(
        ['severity', 'where', 'change'],
        changes.map((c) => [mark[c.severity], mdCode(c.where), mdText(c.message)]),
      ),
    );
  } else lines.push('', 'The operation is the same in both versions.');
  return lines.join('\n') + '\n';
}

/** JUnit XML: one test case per change; a change the policy fails on (`--fail-on`) is a failure. */
export function formatChangesJunit(title: string, changes: Change[], failOn: FailOn): string {
  const failing = changes.filter((c) => failsPolicy([c], failOn));
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlEscape(title)}" tests="${Math.max(1, changes.length)}" failures="${failing.length}">`,
    `  <testsuite name="spec diff" tests="${Math.max(1, changes.length)}" failures="${failing.length}">`,
  ];
  if (!changes.length) out.push('    <testcase classname="spec diff" name="no change to the operation"/>');
  for (const c of changes) {
    const name = xmlEscape(`${c.severity}: ${c.where}`);
    if (failsPolicy([c], failOn))
      out.push(
        `    <testcase classname="spec diff.${c.severity}" name="${name}"><failure message="${xmlEscape(c.message)}"/></testcase>`,
      );
    else
      out.push(
        `    <testcase classname="spec diff.${c.severity}" name="${name}"><system-out>${xmlEscape(c.message)}</system-out></testcase>`,
      );
  }
  out.push('  </testsuite>', '</testsuites>');
  return out.join('\n') + '\n';
}
