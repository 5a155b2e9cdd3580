import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonFitsIn } from '../../src/core/recordSize.js';
import { frozenJson } from '../../src/core/sharedJson.js';

const bytesOf = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));

// Full Unicode strings (lone surrogates and control characters are written as escapes), settled members.
const value = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: 'binary' }),
  fc.dictionary(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), { maxKeys: 4 }),
  fc.jsonValue({ maxDepth: 2 }).map((v) => ({ input: frozenJson(v), attempt: 1, again: frozenJson(v) })),
);

describe('jsonFitsIn', () => {
  it('never says a value fits when its JSON is over the limit', () => {
    fc.assert(
      fc.property(value, fc.nat({ max: 4096 }), (v, maxBytes) => {
        if (jsonFitsIn(v, maxBytes)) expect(bytesOf(v)).toBeLessThanOrEqual(maxBytes);
      }),
    );
  });

  // Strings count six bytes a character and numbers 24 bytes: no value's bound is over 13 times its JSON.
  it('says a value fits when the limit is 13 times its JSON or more', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(jsonFitsIn(v, 13 * bytesOf(v) + 64)).toBe(true);
      }),
    );
  });

  // A settled value's bound is worked out when it is settled: it must be the one its plain copy has.
  it('bounds a settled value as it bounds the same value unsettled', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => {
        const plain = { input: JSON.parse(JSON.stringify(v)) as unknown };
        const settled = { input: frozenJson(v) };
        // The least limit the plain value fits in, found by bisection; the settled one must fit there and not below.
        let low = 0;
        let high = 13 * bytesOf(plain) + 64;
        while (low < high) {
          const mid = Math.floor((low + high) / 2);
          if (jsonFitsIn(plain, mid)) high = mid;
          else low = mid + 1;
        }
        expect(jsonFitsIn(settled, low)).toBe(true);
        expect(jsonFitsIn(settled, low - 1)).toBe(false);
      }),
    );
  });

  it('leaves to the exact count what JSON treats specially', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    for (const special of [{ n: 1n }, { at: new Date(0) }, cyclic, new Map([[1, 2]])])
      expect(jsonFitsIn(special, 1_000_000)).toBe(false);
  });
});
