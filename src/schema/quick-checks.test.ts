import fc from 'fast-check';
import { fullFormats } from 'ajv-formats/dist/formats';
import { quickDateTime, quickPattern, quickUri, withQuickChecks } from './quick-checks';
import { spec } from './spec';

// The quick checks must give the full rule's verdict on every string. Each property runs 100,000
// generated strings (and strings in pairs, since the checks remember what they last accepted),
// most of them near-misses of valid values: one character changed, wrong case, empty, very long,
// non-ASCII, percent-escapes, IPv6 hosts, ports, offsets.

const RUNS = 100_000;
const fullUri = fullFormats.uri as (text: string) => boolean;
const fullDateTime = (fullFormats['date-time'] as { validate: (text: string) => boolean }).validate;
const checked = withQuickChecks(fullFormats);
const checkedUri = checked.uri as (text: string) => boolean;
const checkedDateTime = (checked['date-time'] as { validate: (text: string) => boolean }).validate;

// Characters that sit on the edges of the rules: allowed in some parts only, look-alikes, controls.
const EDGE_CHARS = [
  ..."aZ09-._~!$&'()*+,;=:@/?#%[]", // the URI alphabet and its delimiters
  ...' \t\n\r"<>\\^`{|}', // never allowed raw
  '\u0000',
  '\u007f',
  '\u00e9',
  '\u212a',
  '\u0130',
  '\u2028',
  '\ud83d\ude00',
  '\u00a0', // non-ASCII, controls
];
const edgeChar = fc.constantFrom(...EDGE_CHARS);

/** A string with one or more characters replaced, inserted or removed at random places. */
function mutated(base: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const edit = fc.record({
    at: fc.nat(),
    kind: fc.constantFrom('replace', 'insert', 'delete', 'upper', 'lower'),
    char: fc.oneof(edgeChar, fc.string({ minLength: 1, maxLength: 1 })),
  });
  return fc.tuple(base, fc.array(edit, { minLength: 1, maxLength: 3 })).map(([text, edits]) => {
    let out = text;
    for (const { at, kind, char } of edits) {
      const i = out.length ? at % (out.length + 1) : 0;
      if (kind === 'replace') out = out.slice(0, i) + char + out.slice(i + 1);
      else if (kind === 'insert') out = out.slice(0, i) + char + out.slice(i);
      else if (kind === 'delete') out = out.slice(0, i) + out.slice(i + 1);
      else if (kind === 'upper') out = out.toUpperCase();
      else out = out.toLowerCase();
    }
    return out;
  });
}

const hex = fc.constantFrom(...'0123456789abcdefABCDEF');
const hexString = (n: number) => fc.array(hex, { minLength: n, maxLength: n }).map((cs) => cs.join(''));
const percent = fc.oneof(
  fc.tuple(hex, hex).map(([a, b]) => `%${a}${b}`),
  fc.constantFrom('%', '%4', '%zz', '%g1', '%%41'),
);
const pchar = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(..."abcXYZ019-._~!$&'()*+,;=:@") },
  { weight: 1, arbitrary: percent },
  { weight: 1, arbitrary: edgeChar },
);
const chunk = fc.array(pchar, { maxLength: 12 }).map((cs) => cs.join(''));
const scheme = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('https', 'http', 'HTTPS', 'wss', 'a+b.c-d', 'urn', 'x') },
  { weight: 1, arbitrary: fc.constantFrom('', '1http', '+a', 'ht tp', 'h\u00e9') },
);
const host = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('conversations.twilio.com', '127.0.0.1', 'localhost', 'EXAMPLE.org', '') },
  { weight: 2, arbitrary: chunk },
  {
    weight: 2,
    arbitrary: fc.constantFrom('[::1]', '[2001:db8::7]', '[v1.x]', '[::ffff:1.2.3.4]', '[::1', '[zz::1]', '256.1.1.1'),
  },
  { weight: 1, arbitrary: fc.ipV6().map((ip) => `[${ip}]`) },
);
const userinfo = fc.oneof(
  { weight: 6, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: chunk.map((u) => `${u}@`) },
);
const port = fc.oneof(
  { weight: 4, arbitrary: fc.constant('') },
  { weight: 2, arbitrary: fc.constantFrom(':443', ':', ':8080', ':0', ':99999') },
  { weight: 1, arbitrary: fc.constantFrom(':a', ':-1', ': 80') },
);
const path = fc.array(chunk, { maxLength: 5 }).map((segments) => segments.map((s) => `/${s}`).join(''));
const tail = (mark: string) =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constant('') },
    {
      weight: 1,
      arbitrary: fc
        .array(fc.oneof(pchar, fc.constantFrom('/', '?', '#')), { maxLength: 12 })
        .map((cs) => mark + cs.join('')),
    },
  );
const slashes = fc.oneof(
  { weight: 8, arbitrary: fc.constant('//') },
  { weight: 1, arbitrary: fc.constantFrom('/', '', '///', '\\\\') },
);
/** URI-like strings, assembled part by part: most valid, many one part away from it. */
const uriLike = fc
  .tuple(scheme, slashes, userinfo, host, port, path, tail('?'), tail('#'))
  .map(([s, sl, u, h, p, pa, q, f]) => `${s}:${sl}${u}${h}${p}${pa}${q}${f}`);
const twilioUrl = fc
  .tuple(hexString(32), fc.constantFrom('', '/Participants', '/Messages', '?PageSize=50&Page=1', '#x'))
  .map(([h, rest]) => `https://conversations.twilio.com/v1/Services/IS${h}/Conversations/CH${h}${rest}`);
const anyUri = fc.oneof(
  { weight: 4, arbitrary: uriLike },
  { weight: 3, arbitrary: mutated(fc.oneof(uriLike, twilioUrl)) },
  { weight: 2, arbitrary: twilioUrl },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom('', ':', '//', 'a:', 'a:b', '/relative/path', 'mailto:x@y') },
  // Very long: a long path, a long host.
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 5000 }).map((n) => `https://h.example/${'a/'.repeat(n)}`) },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 5000 }).map((n) => `https://${'h'.repeat(n)}.example/x y`) },
);
/** A URL, and one that extends it: the case where quickUri reuses what it last accepted. */
const uriPair = fc.oneof(
  fc.tuple(anyUri, anyUri),
  fc
    .tuple(fc.oneof(twilioUrl, uriLike), fc.oneof(chunk, path, tail('?'), tail('#'), fc.string({ maxLength: 8 })))
    .map(([a, rest]) => [a, a + rest] as [string, string]),
);

describe("the quick uri check gives the full rule's verdict", () => {
  it('on URLs in pairs (the second often extending the first), the first said yes to by the quick path only when the full rule does', () => {
    fc.assert(
      // Plain comparisons (no expect) in the hot loop: a false fails the property, and fast-check
      // reports the smallest pair it can find.
      fc.property(uriPair, ([first, second]) => {
        const firstFull = fullUri(first);
        if (quickUri(first) && !firstFull) return false;
        return checkedUri(first) === firstFull && checkedUri(second) === fullUri(second);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('takes the quick path for ordinary Twilio URLs (the point of it), and refuses what the full rule refuses', () => {
    const url = 'https://conversations.twilio.com/v1/Services/IS0123456789abcdef0123456789abcdef/Conversations';
    expect(quickUri(url)).toBe(true);
    expect(quickUri(`${url}/CH0123/Participants`)).toBe(true);
    for (const bad of [`${url} x`, `${url}/%zz`, 'https://[::1', 'no-scheme/path', `${url}#a#b`]) {
      expect(checkedUri(bad)).toBe(false);
    }
    // Valid by the full rule but not plain: left to it, still accepted.
    for (const good of ['https://[::1]:8080/x', 'https://user@host/x', 'https://h/%41', 'urn:isbn:123']) {
      expect(quickUri(good)).toBe(false);
      expect(checkedUri(good)).toBe(true);
    }
  });
});

const twoDigits = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
const dateTimeLike = fc
  .tuple(
    fc.integer({ min: 0, max: 9999 }).map((y) => String(y).padStart(4, '0')),
    twoDigits(13),
    twoDigits(32),
    fc.constantFrom('T', 't', ' ', '_', 'TT'),
    twoDigits(25),
    twoDigits(61),
    twoDigits(61),
    fc.constantFrom('', '.5', '.123456', '.', '.x', ',5'),
    fc.constantFrom('Z', 'z', '', '+01:00', '-23:59', '+24:00', '+0100', '+01', 'ZZ', ' Z'),
  )
  .map(([y, mo, d, t, h, mi, s, frac, tz]) => `${y}-${mo}-${d}${t}${h}:${mi}:${s}${frac}${tz}`);
const leapDays = fc
  .tuple(fc.constantFrom(1900, 2000, 2024, 2025, 2100, 2400), fc.constantFrom('02-28', '02-29', '02-30'))
  .map(([y, md]) => `${y}-${md}T12:00:00Z`);
const anyDateTime = fc.oneof(
  { weight: 5, arbitrary: dateTimeLike },
  { weight: 2, arbitrary: mutated(dateTimeLike) },
  { weight: 1, arbitrary: leapDays },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      'Z',
      '2026-01-01',
      'T00:00:00Z',
      '2026-01-01T23:59:60Z',
      '2026-12-31T23:59:60+00:00',
    ),
  },
);

describe("the quick date-time check gives the full rule's verdict", () => {
  it('on generated date-times, and says yes only where the full rule does', () => {
    fc.assert(
      fc.property(anyDateTime, (text) => {
        const full = fullDateTime(text);
        return (!quickDateTime(text) || full) && checkedDateTime(text) === full;
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('takes the quick path for the form Twilio sends', () => {
    expect(quickDateTime('2026-03-01T08:15:00Z')).toBe(true);
    expect(quickDateTime('2024-02-29T23:59:59.123Z')).toBe(true);
    expect(checkedDateTime('2025-02-29T00:00:00Z')).toBe(false);
    expect(checkedDateTime('2026-03-01T08:15:00+01:00')).toBe(true); // left to the full rule
  });
});

// Every pattern in the spec's components (the SIDs), found by walking the document.
function patternsOf(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) patternsOf(item, out);
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'pattern' && typeof value === 'string') out.add(value);
      else patternsOf(value, out);
    }
  }
  return out;
}
const SPEC_PATTERNS = [...patternsOf(spec)];

describe("a remembering pattern gives its expression's verdict", () => {
  it("finds the spec's SID patterns to test", () => {
    expect(SPEC_PATTERNS).toEqual(expect.arrayContaining(['^IS[0-9a-fA-F]{32}$', '^CH[0-9a-fA-F]{32}$']));
  });

  const prefixes = SPEC_PATTERNS.map((p) => /^\^([A-Z]{2})/.exec(p)?.[1] ?? 'XX');
  const sidLike = fc
    .tuple(fc.constantFrom(...prefixes, 'is', 'Is', 'XX', ''), fc.integer({ min: 30, max: 34 }).chain(hexString))
    .map(([prefix, digits]) => prefix + digits);
  const anySid = fc.oneof(
    { weight: 4, arbitrary: sidLike },
    { weight: 4, arbitrary: mutated(sidLike) },
    { weight: 1, arbitrary: sidLike.map((s) => `${s}\n`) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  );

  it('on SIDs in pairs, for each pattern of the spec', () => {
    const testers = SPEC_PATTERNS.map((p) => ({ quick: quickPattern(p, 'u'), full: new RegExp(p, 'u') }));
    fc.assert(
      fc.property(fc.nat(testers.length - 1), anySid, anySid, (which, first, second) => {
        const { quick, full } = testers[which]!;
        const [a, b] = [full.test(first), full.test(second)];
        return quick.test(first) === a && quick.test(second) === b && quick.test(first) === a;
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('names its expression, as ajv tells patterns apart by their text', () => {
    expect(String(quickPattern('^IS[0-9a-fA-F]{32}$', 'u'))).toBe('/^IS[0-9a-fA-F]{32}$/u');
  });
});
