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
  const n = counts(changes);
  const lines = [`${printable(title)}: ${n.breaking} breaking, ${n.warning} warning, ${n.safe} safe`];
  const tag: Record<Severity, string> = {
    breaking: paint('red', 'BREAKING'),
    warning: paint('yellow', 'WARNING '),
    safe: paint('green', 'SAFE    '),
  };
  // Names and values come from the documents compared: their control characters are shown, not sent.
  for (const c of changes) lines.push(`  ${tag[c.severity]} ${printable(c.message)}`);
  return lines.join('\n');
}

/** Whether the policy asks for a failing exit status. */
export function failsPolicy(changes: Change[], failOn: 'breaking' | 'warning' | 'never'): boolean {
  if (failOn === 'never') return false;
  return changes.some((c) => c.severity === 'breaking' || (failOn === 'warning' && c.severity === 'warning'));
}
