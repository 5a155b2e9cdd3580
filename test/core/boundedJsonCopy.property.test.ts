import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonFitsIn } from '../../src/core/recordSize.js';
import { boundedJsonCopy, frozenJson, jsonCopy } from '../../src/core/sharedJson.js';

/** The least limit `jsonFitsIn` says `value` fits in (its bound), found by bisection. */
function leastFit(value: unknown): number {
  let low = 0;
  let high = 13 * Buffer.byteLength(JSON.stringify(value)) + 64;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (jsonFitsIn(value, mid)) high = mid;
    else low = mid + 1;
  }
  return low;
}

const hasNegativeZero = (value: unknown): boolean =>
  Object.is(value, -0) ||
  (typeof value === 'object' && value !== null && Object.values(value).some((member) => hasNegativeZero(member)));

// An own "__proto__" key cannot be copied by assignment: such a value takes JSON's copy, which gives no bound.
const hasProtoKey = (value: unknown): boolean =>
  typeof value === 'object' &&
  value !== null &&
  (Object.hasOwn(value, '__proto__') || Object.values(value).some((member) => hasProtoKey(member)));

// Contexts as steps hold them: plain JSON, with settled members (an invocation's input) among fresh ones.
const context = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), { maxKeys: 4 }),
  fc.jsonValue({ maxDepth: 2 }).map((v) => ({ input: frozenJson(v), attempt: 1, last: v })),
);

describe('boundedJsonCopy', () => {
  it('copies as jsonCopy does and gives the bound jsonFitsIn finds for the copy', () => {
    fc.assert(
      fc.property(context, (value) => {
        const { copy, bound } = boundedJsonCopy(value);
        expect(copy).toStrictEqual(jsonCopy(value));
        // A -0 (JSON writes it as 0) and an own "__proto__" key are what the one-walk copy leaves to JSON.
        expect(bound).toBe(hasNegativeZero(value) || hasProtoKey(value) ? undefined : leastFit(copy));
      }),
    );
  });

  it('gives no bound for a value holding an own "__proto__" key (found by this property with seed -1278681080)', () => {
    const member = JSON.parse('{"__proto__":null}') as unknown;
    const { copy, bound } = boundedJsonCopy({ input: frozenJson(member), attempt: 1, last: member });
    expect(copy).toStrictEqual(jsonCopy({ input: member, attempt: 1, last: member }));
    expect(bound).toBeUndefined();
  });

  it('gives no bound where JSON itself made the copy', () => {
    const { copy, bound } = boundedJsonCopy({ at: new Date(0), n: Number.NaN });
    expect(copy).toStrictEqual({ at: '1970-01-01T00:00:00.000Z', n: null });
    expect(bound).toBeUndefined();
  });
});
