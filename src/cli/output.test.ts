import fc from 'fast-check';
import { makeConversation } from '../../test-support/fixtures';
import { createFormatter, csvColumns, type Format } from './output';

// What the list formats do with hostile values from a server: nothing that drives a terminal gets
// out raw, and CSV cells a spreadsheet would run are written as text.

// Control characters a terminal acts on, and the bidi controls that reorder what follows.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const HOSTILE = [
  '\u001b]0;pwned\u0007', // OSC: retitle the terminal
  '\u001b[2J\u001b[H', // clear the screen
  '\u009b31m', // 8-bit CSI
  'evil\u202egnp.exe', // right-to-left override
  '\u2066a\u2069\u200f',
  'line\r\nbreak',
  '\u0007\u0008\u007f',
];

const render = (format: Format, conversation: unknown, csvRaw = false) => {
  const f = createFormatter(format, { color: false, csvRaw });
  return f.begin() + f.item(conversation as never, 0) + f.end(1);
};

describe('list output with hostile values', () => {
  it.each(['table', 'json', 'ndjson', 'csv'] as const)(
    '%s: no control or bidi character from the data reaches the output raw',
    (format) => {
      fc.assert(
        fc.property(
          fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary', maxLength: 30 })),
          fc.constantFrom('friendly_name', 'unique_name', 'state', 'sid', 'attributes'),
          (value, field) => {
            const text = render(format, { ...makeConversation(1), [field]: value });
            // The formats' own line breaks (and CSV's CR LF) are the only ones allowed.
            const withoutOwnBreaks = text.replace(/\r?\n/g, '');
            return !UNSAFE.test(withoutOwnBreaks) && !/[\r\n]/.test(withoutOwnBreaks);
          },
        ),
        { numRuns: 2_000 },
      );
    },
  );

  it('json and ndjson keep the value: the escapes decode to what the server sent', () => {
    const conversation = { ...makeConversation(1), friendly_name: HOSTILE.join('|') };
    expect(JSON.parse(render('json', conversation))).toEqual([conversation]);
    expect(JSON.parse(render('ndjson', conversation))).toEqual(conversation);
    expect(render('ndjson', conversation)).toContain('\\u009b31m');
  });

  it('the table shows control characters as visible escapes, one row per conversation', () => {
    const text = render('table', { ...makeConversation(1), friendly_name: 'a\u001b[2Jb\u202ec\nd' });
    expect(text).toContain('a\\x1b[2Jb\\u202ec\\x0ad');
    expect(text.trimEnd().split('\n')).toHaveLength(2);
  });
});

describe('CSV cells a spreadsheet would run as formulas', () => {
  const column = (text: string, name: string) => {
    const [header, row] = text.trimEnd().split('\r\n') as [string, string];
    expect(header.split(',')).toEqual(csvColumns());
    return row.split(',')[csvColumns().indexOf(name)];
  };

  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://x","y")'])(
    'a value starting like a formula (%j) is written as text, with a leading quote',
    (value) => {
      const text = render('csv', { ...makeConversation(1), friendly_name: value.replace(/,/g, ';') });
      const cell = column(text, 'friendly_name')!;
      expect(cell.startsWith(`"'`)).toBe(true);
      expect(cell).not.toMatch(/^"?[=+\-@\t\r]/);
    },
  );

  it('leaves ordinary values alone, and --csv-raw writes every cell exactly as received', () => {
    expect(column(render('csv', { ...makeConversation(1), friendly_name: 'Support 1' }), 'friendly_name')).toBe(
      'Support 1',
    );
    expect(column(render('csv', { ...makeConversation(1), friendly_name: '=1+1' }, true), 'friendly_name')).toBe(
      '=1+1',
    );
    const raw = render('csv', { ...makeConversation(1), friendly_name: 'a\u001bb' }, true);
    expect(raw).toContain('a\u001bb');
  });
});
