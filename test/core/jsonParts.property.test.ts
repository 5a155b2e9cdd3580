import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sameText, writesAtLeast } from '../../src/core/jsonParts.js';

// What JSON writes differently from how it is held: -0, NaN and Infinity, a Date, toJSON, members it drops.
const odd = fc.constantFrom<unknown>(
  -0,
  Number.NaN,
  Infinity,
  null,
  undefined,
  () => 1,
  new Date(0),
  '1970-01-01T00:00:00.000Z',
  { toJSON: () => 'a' },
  { toJSON: () => ({ n: 1 }) },
  [1, , 3],
  [1, null, 3],
);
const value = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<unknown>(0, 1, 'a', 'b', true, false, 'a'),
    odd,
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', '0', '__proto__', 'n'), tie('node'), { maxKeys: 3 }),
  ),
})).node;
/** A value and another often written the same: itself, its JSON copy, or a value built alike. */
const pair = fc.oneof(
  fc.tuple(value, value),
  value.map((v) => [v, v] as const),
  value
    .filter((v) => JSON.stringify(v) !== undefined)
    .map((v) => [v, JSON.parse(JSON.stringify(v)) as unknown] as const),
);

describe('sameText', () => {
  it('is true exactly when JSON writes both the same', () => {
    fc.assert(
      fc.property(pair, ([a, b]) => {
        expect(sameText(a, b)).toBe(JSON.stringify(a) === JSON.stringify(b));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('writesAtLeast', () => {
  it('is true exactly when JSON writes the value in at least that many characters', () => {
    const text = fc.string({ unit: fc.constantFrom('a', '"', '\\', '\n', '\u0001', 'é', '\ud800'), maxLength: 30 });
    fc.assert(
      fc.property(fc.oneof(value, text, fc.dictionary(text, fc.oneof(text, value))), fc.nat(40), (v, chars) => {
        const written = JSON.stringify(v) as string | undefined;
        fc.pre(written !== undefined);
        expect(writesAtLeast(v, chars)).toBe(written.length >= chars);
      }),
      { numRuns: 1000 },
    );
  });
});
