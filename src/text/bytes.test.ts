import fc from 'fast-check';
import { styleText } from 'node:util';
import { base64, base64url, concatBytes, fromBase64, utf8Bytes, utf8Text } from './bytes';
import { painter } from './style';

// The web-platform helpers must give what Buffer gave, byte for byte: the scrubber looks for a
// secret's base64 forms, and the Authorization header is built from them.
describe('bytes without Buffer', () => {
  it('base64 and base64url match Buffer for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        expect(base64(text)).toBe(Buffer.from(text).toString('base64'));
        expect(base64url(text)).toBe(Buffer.from(text).toString('base64url'));
      }),
      { numRuns: 2_000 },
    );
  });

  it('fromBase64 reads what Buffer reads: padded, unpadded, URL-safe, with stray characters', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.constantFrom('pad', 'bare', 'url', 'noise'),
        (text, form) => {
          const b64 = Buffer.from(text).toString('base64');
          const value =
            form === 'pad'
              ? b64
              : form === 'bare'
                ? b64.replace(/=+$/, '')
                : form === 'url'
                  ? base64url(text)
                  : ` ${b64}\n`;
          expect(fromBase64(value)).toBe(Buffer.from(value, 'base64').toString('utf8'));
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('UTF-8 both ways, and chunks joined in order', () => {
    expect(utf8Text(utf8Bytes('é✓𝄞'))).toBe('é✓𝄞');
    expect(utf8Text(new Uint8Array([0xff, 0x61]))).toBe(Buffer.from([0xff, 0x61]).toString('utf8'));
    const joined = concatBytes([utf8Bytes('ab'), utf8Bytes(''), utf8Bytes('cd')], 4);
    expect(utf8Text(joined)).toBe('abcd');
  });
});

describe('painter', () => {
  it.each(['red', 'green', 'yellow', 'gray', 'bold'] as const)(
    'writes the codes util.styleText writes for %s',
    (style) => {
      expect(painter(true)(style, 'x')).toBe(styleText(style, 'x', { validateStream: false }));
      expect(painter(false)(style, 'x')).toBe('x');
    },
  );
});
