import type { Conversation } from '../../generated/conversations';
import { spec } from '../schema/spec';
import { stringify } from './json';
import { printable, terminalSafeJson } from '../text/printable';
import { painter, type Style } from '../text/style';

export const FORMATS = ['table', 'json', 'ndjson', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

/**
 * Turns conversations into text, one item at a time, so a listing of any length streams:
 * `begin` once, `item` per conversation, `end` once (also after Ctrl-C, so that what was
 * printed stays well-formed: a JSON array is closed, a CSV keeps its header).
 */
export interface Formatter {
  begin(): string;
  item(conversation: Conversation, index: number): string;
  end(count: number): string;
}

/** CSV columns: every property of the spec's Conversation, in the spec's order. */
export function csvColumns(): string[] {
  const schema = spec.components.schemas.Conversation as { properties: Record<string, unknown> };
  return Object.keys(schema.properties);
}

export interface FormatterOptions {
  color: boolean;
  /** CSV cells exactly as received: no formula guard, control characters kept (`list --csv-raw`). */
  csvRaw?: boolean;
}

// Every format is safe to print to a terminal: JSON writes C1 and bidi controls as \u escapes (the
// same value), the table and (unless raw) CSV show control characters as visible escapes.
export function createFormatter(format: Format, options: FormatterOptions): Formatter {
  switch (format) {
    case 'ndjson':
      return { begin: () => '', item: (c) => `${terminalSafeJson(stringify(c))}\n`, end: () => '' };
    case 'json':
      // A streamed array: each element is written as soon as it arrives.
      return {
        begin: () => '[',
        item: (c, i) => `${i === 0 ? '\n' : ',\n'}${indent(terminalSafeJson(stringify(c, 2)))}`,
        end: (count) => (count === 0 ? ']\n' : '\n]\n'),
      };
    case 'csv': {
      const columns = csvColumns();
      const cell = options.csvRaw ? csvCell : guardedCsvCell;
      return {
        begin: () => `${columns.join(',')}\r\n`,
        item: (c) => `${columns.map((k) => cell((c as Record<string, unknown>)[k])).join(',')}\r\n`,
        end: () => '',
      };
    }
    case 'table':
      return tableFormatter(options.color);
  }
}

function indent(text: string): string {
  return text.replace(/^/gm, '  ');
}

// RFC 4180: a cell holding a comma, quote or line break is quoted, quotes doubled. Objects
// (timers, links, bindings) are written as JSON; null as an empty cell.
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return quoted(typeof value === 'object' ? stringify(value) : String(value));
}

const quoted = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/** What a spreadsheet would take as the start of a formula (OWASP's list: = + - @, tab, CR). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A CSV cell a spreadsheet shows as text, as OWASP advises against CSV injection: a value that
 * starts like a formula gets a leading `'` (and is quoted); control and bidi characters are shown
 * as visible escapes (`\x1b`), so the file is also safe to print.
 */
function guardedCsvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? stringify(value) : String(value);
  if (FORMULA_START.test(text)) return `"'${printable(text).replace(/"/g, '""')}"`;
  return quoted(printable(text));
}

// Fixed widths, so the table can be printed row by row without knowing every row first.
const TABLE_COLUMNS: { title: string; width: number; value: (c: Conversation) => string | null | undefined }[] = [
  { title: 'SID', width: 34, value: (c) => c.sid },
  { title: 'STATE', width: 8, value: (c) => c.state },
  { title: 'CREATED', width: 20, value: (c) => c.date_created },
  { title: 'UNIQUE NAME', width: 24, value: (c) => c.unique_name },
  { title: 'FRIENDLY NAME', width: 40, value: (c) => c.friendly_name },
];

const STATE_COLORS: Record<string, Style> = {
  active: 'green',
  inactive: 'yellow',
  closed: 'gray',
};

function tableFormatter(color: boolean): Formatter {
  const paint = painter(color);
  const row = (cells: string[], styles: (Style | undefined)[] = []) =>
    cells
      .map((cell, i) => {
        const last = i === cells.length - 1;
        const fitted = fit(cell, TABLE_COLUMNS[i]!.width);
        return paint(styles[i], last ? fitted : fitted.padEnd(TABLE_COLUMNS[i]!.width));
      })
      .join('  ')
      .trimEnd() + '\n';
  return {
    begin: () =>
      row(
        TABLE_COLUMNS.map((c) => c.title),
        TABLE_COLUMNS.map(() => 'bold'),
      ),
    item: (c) => {
      // Names are free text: a line break must not break the table's rows, and an escape sequence or
      // a bidi override in a name must not reach the terminal; each is shown as a visible escape.
      const cells = TABLE_COLUMNS.map((col) => printable(col.value(c) ?? '-'));
      return row(cells, [undefined, STATE_COLORS[c.state ?? '']]);
    },
    end: () => '',
  };
}

function fit(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
