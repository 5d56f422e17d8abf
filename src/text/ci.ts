import { printable } from './printable';

// Writers for the formats CI systems read. Text from outside (a server's values, a file's name)
// goes through them, so it can never start a workflow command of its own, break a Markdown
// table or open an HTML tag in a pull-request comment.

/** GitHub Actions' annotation levels. */
export type AnnotationLevel = 'error' | 'warning' | 'notice';

/**
 * One workflow command line: `::error title=...::message`. A message given as lines keeps its
 * breaks as `%0A` (GitHub shows them); any other control character, a line break inside a line
 * included, is shown as an escape. So one annotation is always one line of output, and text from
 * outside cannot start a command of its own. Property values also escape `:` and `,`.
 */
export function githubAnnotation(
  level: AnnotationLevel,
  message: string | string[],
  properties: { title?: string; file?: string } = {},
): string {
  const data = (s: string) => printable(s).replace(/%/g, '%25');
  const property = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const props = Object.entries(properties)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${property(v)}`)
    .join(',');
  const text = (typeof message === 'string' ? [message] : message).map(data).join('%0A');
  return `::${level}${props ? ` ${props}` : ''}::${text}`;
}

/**
 * Text as an inline code span that is safe inside a Markdown table cell: control characters
 * shown as escapes, `|` escaped, and a fence longer than any run of backticks inside.
 */
export function mdCode(text: string): string {
  if (text === '') return '';
  const safe = printable(text).replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(safe.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = safe.startsWith('`') || safe.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${safe}${pad}${fence}`;
}

/** Plain text for Markdown prose: HTML and the characters that start Markdown syntax are escaped. */
export function mdText(text: string): string {
  return printable(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#!~])/g, '\\$1');
}

/** A Markdown table. Cells must already be made safe (mdCode or mdText). */
export function mdTable(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

/** Text for an XML attribute or element. Characters XML 1.0 cannot hold are dropped. */
export function xmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
}
