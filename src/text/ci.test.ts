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
