import fc from 'fast-check';
import { globMatcher } from './glob';

// The reference: the same pattern as a regular expression (fine on short strings).
const reference = (glob: string, text: string) =>
  new RegExp(
    `^${glob
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('[\\s\\S]*')}$`,
  ).test(text);

describe('glob patterns users write (drift acknowledgement ids)', () => {
  it('agree with the regular expression they stand for, on generated patterns and texts', () => {
    const alphabet = fc.constantFrom('a', 'b', 'z', '*', '.', '/', '(');
    const word = fc.array(alphabet, { maxLength: 8 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(
        word,
        word,
        (glob, text) => globMatcher(glob)(text.replace(/\*/g, 'a')) === reference(glob, text.replace(/\*/g, 'a')),
      ),
      { numRuns: 20_000 },
    );
  });

  it('answers a pattern that makes a regular expression backtrack without end, in one pass', () => {
    const id = `response 200 ${'a'.repeat(200_000)}`;
    expect(globMatcher('*******zz')(id)).toBe(false);
    expect(globMatcher('*******zz')(`${id}zz`)).toBe(true);
    expect(globMatcher(`*${'*a'.repeat(1000)}*b`)(id)).toBe(false);
  });

  it('matches whole ids: a star for any run, every other character for itself', () => {
    expect(globMatcher('query PageSize: *')('query PageSize: maximum 1000 -> 100')).toBe(true);
    expect(globMatcher('query PageSize: *')('x query PageSize: y')).toBe(false);
    expect(globMatcher('a.b')('axb')).toBe(false);
    expect(globMatcher('*')('')).toBe(true);
    expect(globMatcher('a*a')('a')).toBe(false);
  });
});
