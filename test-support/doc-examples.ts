import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The code blocks of the README and the guides, with the marker that says how the suite proves each
 * one. A TypeScript or shell block (or any block whose first line is a `$ ` command) must carry one,
 * on the line before its fence:
 *
 *   <!-- example: run -->                 executed with tsx against the simulator; must exit 0, quietly
 *   <!-- example: run, prints below -->   the same, and its stdout must be the next block, exactly
 *   <!-- example: typecheck -->           compiled with tsc against the package's types (it needs real
 *                                         credentials or a framework to run); `given: a b` declares free names
 *   <!-- example: transcript -->          each `$ ` line is run with bash; the lines under it are its output
 *                                         (stdout and stderr as one stream), `...` standing for lines left out
 *   <!-- example: transcript, interrupt -->  the last command runs until its output is shown, then gets Ctrl-C
 *   <!-- example: transcript, simulator -->  TWILIO_* point at a simulator, as after `export`ing them
 *   <!-- example: covered by FILE "title" -->  what the block shows is run by that test, whose title is given
 *   <!-- example: NAME (run by FILE) -->  a test of its own reads the block by its NAME
 */
export interface DocBlock {
  /** The document, relative to the repository root. */
  file: string;
  /** The line of the opening fence, 1-based. */
  line: number;
  lang: string;
  code: string;
  marker: Marker | undefined;
  /** The block after this one in the same document, for `prints below`. */
  next?: DocBlock;
}

export type Marker =
  | { kind: 'run'; printsBelow: boolean }
  | { kind: 'typecheck'; given: string[] }
  | { kind: 'transcript'; interrupt: boolean; simulator: boolean }
  | { kind: 'covered'; file: string; title: string }
  | { kind: 'named'; name: string; file: string };

const EXECUTABLE = new Set(['ts', 'typescript', 'js', 'mjs', 'sh', 'bash', 'shell', 'console']);

/** True when the suite must prove the block: code in one of the languages above, or a transcript. */
export function needsMarker(block: DocBlock): boolean {
  return EXECUTABLE.has(block.lang) || /^\$ /.test(block.code);
}

export function parseMarker(text: string): Marker | string {
  const body = text.trim();
  const named = /^([a-z][\w-]*) \(run by ([^)\s]+)\)$/.exec(body);
  if (named && !['run', 'typecheck', 'transcript'].includes(named[1]!))
    return { kind: 'named', name: named[1]!, file: named[2]! };
  const covered = /^covered by (\S+) "([^"]+)"$/.exec(body);
  if (covered) return { kind: 'covered', file: covered[1]!, title: covered[2]! };
  const [kind, ...rest] = body.split(/,\s*/);
  const options = new Set(rest.filter((o) => !o.startsWith('given:')));
  const given =
    rest
      .find((o) => o.startsWith('given:'))
      ?.slice('given:'.length)
      .trim()
      .split(/\s+/) ?? [];
  const unknown = (allowed: string[]) => [...options].find((o) => !allowed.includes(o));
  if (kind === 'run' && !unknown(['prints below'])) return { kind, printsBelow: options.has('prints below') };
  if (kind === 'typecheck' && !unknown([])) return { kind, given };
  if (kind === 'transcript' && !unknown(['interrupt', 'simulator']))
    return { kind, interrupt: options.has('interrupt'), simulator: options.has('simulator') };
  return `unknown example marker "${body}"`;
}

/** Every fenced block of one Markdown document, with the marker just above it. */
export function blocksOf(root: string, file: string): DocBlock[] {
  const lines = readFileSync(path.join(root, file), 'utf8').split('\n');
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\S*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!.length;
    const code: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !/^\s*```\s*$/.test(lines[j]!); j++) code.push(lines[j]!.slice(indent));
    let k = i - 1;
    while (k >= 0 && lines[k]!.trim() === '') k--;
    const comment = k >= 0 ? /^\s*<!-- example: (.*) -->\s*$/.exec(lines[k]!) : null;
    const parsed = comment ? parseMarker(comment[1]!) : undefined;
    if (typeof parsed === 'string') throw new Error(`${file}:${k + 1}: ${parsed}`);
    const block: DocBlock = { file, line: i + 1, lang: open[2]!, code: code.join('\n') + '\n', marker: parsed };
    const previous = blocks[blocks.length - 1];
    if (previous) previous.next = block;
    blocks.push(block);
    i = j;
  }
  return blocks;
}

/** The README and every guide under docs/. */
export function documents(root: string): string[] {
  const guides = readdirSync(path.join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`);
  return ['README.md', ...guides];
}

/** A transcript's steps: each command with the output shown under it. */
export function transcriptSteps(code: string): Array<{ command: string; expected: string[] }> {
  const steps: Array<{ command: string; expected: string[] }> = [];
  for (const line of code.replace(/\n$/, '').split('\n')) {
    if (line.startsWith('$ ')) steps.push({ command: line.slice(2), expected: [] });
    else if (steps.length === 0) throw new Error(`a transcript must start with a "$ " command, not "${line}"`);
    else steps[steps.length - 1]!.expected.push(line);
  }
  // A blank line between commands is layout, not output.
  for (const step of steps) while (step.expected.at(-1) === '') step.expected.pop();
  return steps;
}

/**
 * Whether `actual` lines are what `expected` shows: equal line by line, a `...` line standing for
 * any number of lines (the output is abridged there, visibly to the reader).
 */
export function matchesShown(expected: string[], actual: string[]): boolean {
  const match = (e: number, a: number): boolean => {
    if (e === expected.length) return a === actual.length;
    if (expected[e] === '...') {
      for (let skip = a; skip <= actual.length; skip++) if (match(e + 1, skip)) return true;
      return false;
    }
    return a < actual.length && expected[e] === actual[a] && match(e + 1, a + 1);
  };
  return match(0, 0);
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
export function anchorOf(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

/** The relative links of a document (`[text](target)`, outside code blocks), with their lines. */
export function linksOf(text: string): Array<{ line: number; target: string }> {
  const links: Array<{ line: number; target: string }> = [];
  let inCode = false;
  for (const [i, line] of text.split('\n').entries()) {
    if (/^\s*```/.test(line)) inCode = !inCode;
    if (inCode) continue;
    for (const m of line.matchAll(/\]\(([^)\s]+)\)/g))
      if (!/^[a-z]+:/.test(m[1]!)) links.push({ line: i + 1, target: m[1]! });
  }
  return links;
}

/** The anchors of a document's headings. */
export function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  let inCode = false;
  for (const line of text.split('\n')) {
    if (/^\s*```/.test(line)) inCode = !inCode;
    const heading = !inCode && /^#{1,6} (.*)$/.exec(line);
    if (heading) anchors.add(anchorOf(heading[1]!.replace(/`/g, '')));
  }
  return anchors;
}
