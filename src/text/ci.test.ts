import fc from 'fast-check';
import { githubAnnotation, mdCode, mdTable, mdText, xmlEscape } from './ci';

describe('CI writers keep outside text inside its field', () => {
  it('a workflow command stays one line: a forged command in a value cannot start a line of its own', () => {
    const line = githubAnnotation('warning', ['value was "x\n::error::forged\r\n100%"', 'second line'], {
      title: 'a: b, c',
      file: 'rec/x.har',
    });
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toBe(
      '::warning title=a%3A b%2C c,file=rec/x.har::value was "x\\x0a::error::forged\\x0d\\x0a100%25"%0Asecond line',
    );
  });

  it('control characters (an escape sequence) are shown, not sent, in every writer', () => {
    expect(githubAnnotation('error', 'a\u001b[2Jb')).toBe('::error::a\\x1b[2Jb');
    expect(mdCode('a\u001b[2Jb')).toBe('`a\\x1b[2Jb`');
    expect(mdText('a\u001bb')).toBe('a\\\\x1bb');
  });

  it('a code span survives backticks and pipes inside a table cell', () => {
    expect(mdCode('a|b')).toBe('`a\\|b`');
    expect(mdCode('x ``y`` z')).toBe('```x ``y`` z```');
    expect(mdCode('`edge')).toBe('`` `edge ``');
    const rows = mdTable(['a', 'b'], [[mdCode('1|2'), mdText('<script>|')]]);
    // Unescaped pipes delimit cells: every row has the header's three.
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length).toBe(4);
    expect(rows[2]).toContain('&lt;script&gt;');
  });

  it('XML text drops what XML 1.0 cannot hold and escapes the rest', () => {
    expect(xmlEscape('<a b="c">&\u0001')).toBe('&lt;a b=&quot;c&quot;&gt;&amp;');
  });
});

describe('CI writers, on any text', () => {
  // Any code point, lone surrogates and controls included; plus the characters each syntax cares about.
  const anyText = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc
      .array(fc.constantFrom(...'<>&"\'|`*_[]#!~\\:,%\n\r\t\u001b\u0007\u009b\u202e\u2066\u2028'), { maxLength: 20 })
      .map((cs) => cs.join('')),
  );
  const RAW_CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

  it('a GitHub annotation is one line with no raw control character, whatever its text and title', () => {
    fc.assert(
      fc.property(anyText, anyText, (message, title) => {
        const line = githubAnnotation('error', message, { title });
        return !RAW_CONTROL.test(line) && line.startsWith('::error') && !line.slice(2).includes('\n');
      }),
      { numRuns: 5_000 },
    );
  });

  it('Markdown text and code spans open no tag, split no table cell and carry no raw control', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const cells = [mdText(text), mdCode(text)];
        const row = mdTable(['a', 'b'], [cells])[2]!;
        return (
          cells.every((c) => !RAW_CONTROL.test(c)) && !mdText(text).includes('<') && row.split(/(?<!\\)\|/).length === 4
        );
      }),
      { numRuns: 5_000 },
    );
  });

  it('XML text holds no markup and only characters XML 1.0 allows', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const out = xmlEscape(text);
        const entities = out.replace(/&(amp|lt|gt|quot);/g, '');
        return !/[<>"&]/.test(entities) && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(out);
      }),
      { numRuns: 5_000 },
    );
  });
});
