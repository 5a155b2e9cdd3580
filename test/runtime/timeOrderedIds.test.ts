import { describe, expect, it } from 'vitest';
import { newTimeOrderedId } from '../../src/runtime/timeOrderedIds.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const millisecondOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('time-ordered ids', () => {
  it('are UUIDs version 7 whose first 48 bits are the millisecond they were made, as times go back and forth', () => {
    // The text of a millisecond is kept for the ids made in it: going back to one made before must not reuse it.
    const times = [Date.UTC(2026, 10, 26, 8), Date.UTC(2026, 10, 26, 8) + 1, Date.UTC(2026, 10, 26, 8), 0, 2 ** 48 - 1];
    for (const at of times) {
      const ids = [newTimeOrderedId(at), newTimeOrderedId(at)];
      for (const id of ids) {
        expect(id).toMatch(UUID_V7);
        expect(millisecondOf(id)).toBe(at);
      }
      expect(ids[0]).not.toBe(ids[1]);
    }
  });

  it('sort as text in the order of the milliseconds they were made in', () => {
    const times = [0, 1, 255, 256, 65_535, Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1) + 1, 2 ** 48 - 1];
    const ids = times.map((at) => newTimeOrderedId(at));
    expect([...ids].sort()).toEqual(ids);
  });

  it('take the current time by default', () => {
    const before = Date.now();
    const id = newTimeOrderedId();
    expect(millisecondOf(id)).toBeGreaterThanOrEqual(before);
    expect(millisecondOf(id)).toBeLessThanOrEqual(Date.now());
  });

  it('are distinct however many are made in one millisecond, each with the version 7 and RFC 9562 variant bits', () => {
    const at = Date.UTC(2026, 10, 26, 12);
    const ids = Array.from({ length: 10_000 }, () => newTimeOrderedId(at));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      const bits = BigInt(`0x${id.replace(/-/g, '')}`);
      expect((bits >> 76n) & 0xfn).toBe(7n);
      expect((bits >> 62n) & 0x3n).toBe(2n);
      expect(Number(bits >> 80n)).toBe(at);
    }
  });

  it('set each of their 74 random bits both ways across ids, more of them than one draw of random bytes makes', () => {
    const at = Date.UTC(2026, 10, 26, 12);
    // The bits under neither the time (the first 48), the version (4) nor the variant (2).
    const randomBits = [...Array.from({ length: 12 }, (_, i) => 64 + i), ...Array.from({ length: 62 }, (_, i) => i)];
    let ones = 0n;
    let zeros = 0n;
    for (let i = 0; i < 2_000; i += 1) {
      const bits = BigInt(`0x${newTimeOrderedId(at).replace(/-/g, '')}`);
      ones |= bits;
      zeros |= ~bits;
    }
    expect(randomBits.filter((bit) => ((ones >> BigInt(bit)) & 1n) === 0n)).toEqual([]);
    expect(randomBits.filter((bit) => ((zeros >> BigInt(bit)) & 1n) === 0n)).toEqual([]);
  });
});
