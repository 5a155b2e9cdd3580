import { describe, expect, it } from 'vitest';
import { addBounded, setBounded } from '../../src/core/boundedMaps.js';

describe('bounded maps and sets', () => {
  it('evict the entry put first once past capacity, and keep the others in their order', () => {
    const map = new Map<string, number>();
    for (const [i, key] of ['a', 'b', 'c', 'd'].entries()) setBounded(map, key, i, 3);
    expect([...map]).toEqual([
      ['b', 1],
      ['c', 2],
      ['d', 3],
    ]);
  });

  it('update a key in place below capacity, and move it to the end once full', () => {
    const map = new Map<string, number>();
    setBounded(map, 'a', 1, 3);
    setBounded(map, 'b', 2, 3);
    setBounded(map, 'a', 10, 3);
    expect([...map.keys()]).toEqual(['a', 'b']);
    setBounded(map, 'c', 3, 3);
    // Full: `a` put again goes to the end, so `b` is the one the next new key evicts.
    setBounded(map, 'a', 11, 3);
    setBounded(map, 'd', 4, 3);
    expect([...map]).toEqual([
      ['c', 3],
      ['a', 11],
      ['d', 4],
    ]);
  });

  it('bound a set the same way', () => {
    const set = new Set<string>();
    for (const key of ['a', 'b', 'a', 'c', 'a', 'd']) addBounded(set, key, 2);
    expect([...set]).toEqual(['a', 'd']);
  });
});
