import { InvalidArgumentError } from 'commander';
import { CHECK_NAMES, type CheckName } from '../conformance';

// One parser per kind of value, shared by every subcommand: \`--limit 1e3\` and \`--max-pages 1e3\`
// are refused alike (only digits make a whole number here).

export function parseChecks(value: string): CheckName[] {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(CHECK_NAMES as readonly string[]).includes(n));
  if (unknown.length)
    throw new InvalidArgumentError(`unknown check ${unknown.join(', ')}; known: ${CHECK_NAMES.join(', ')}`);
  return names as CheckName[];
}

export function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('must be a whole number');
  return Number(value);
}

export function positive(value: string): number {
  const n = wholeNumber(value);
  if (n < 1) throw new InvalidArgumentError('must be 1 or more');
  return n;
}

export function port(value: string): number {
  const n = wholeNumber(value);
  if (n < 1 || n > 65535) throw new InvalidArgumentError('must be a port number, 1 to 65535');
  return n;
}

export function percent(value: string): number {
  const n = wholeNumber(value);
  if (n > 100) throw new InvalidArgumentError('must be a whole percent, 0 to 100');
  return n;
}
