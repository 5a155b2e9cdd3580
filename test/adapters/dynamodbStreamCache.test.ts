import { describe, expect, it } from 'vitest';
import { StreamCache } from '../../src/adapters/dynamodb/streamCache.js';
import { buildRecords } from '../contracts/fixtureMachine.js';

const records = buildRecords('s', [
  { type: 'NOTE', text: 'a' },
  { type: 'NOTE', text: 'b' },
  { type: 'NOTE', text: 'c' },
]);
const write = (cache: StreamCache, upTo: number) =>
  records.slice(0, upTo).forEach((r) => cache.written(r, JSON.stringify(r)));

describe('StreamCache', () => {
  it('answers heads and event ids only in snapshot mode, but always knows written versions', () => {
    const off = new StreamCache(false);
    write(off, 3);
    expect(off.knownVersion('s')).toBe(3);
    expect(off.head('s')).toBeUndefined();
    expect(off.findEvent('s', 's-e1')).toBeNull();
  });

  it('answers negative lookups only with a complete id set, written from version 1', () => {
    const cache = new StreamCache(true);
    write(cache, 3);
    expect(cache.head('s')).toEqual(records[2]);
    expect(cache.findEvent('s', 's-e1')).toBe(2);
    expect(cache.findEvent('s', 'new')).toBeUndefined();
    const joined = new StreamCache(true);
    joined.observed(records[1]!, JSON.stringify(records[1]));
    joined.written(records[2]!, JSON.stringify(records[2]));
    expect(joined.head('s')?.version).toBe(3);
    expect(joined.findEvent('s', 'new')).toBeNull();
  });

  it('forgets the snapshot on invalidation and on a jump, keeping the version fact', () => {
    const cache = new StreamCache(true);
    write(cache, 2);
    cache.invalidate('s');
    expect(cache.head('s')).toBeUndefined();
    expect(cache.findEvent('s', 'new')).toBeNull();
    expect(cache.knownVersion('s')).toBe(2);
    const jumped = new StreamCache(true);
    write(jumped, 1);
    jumped.observed(records[3]!, JSON.stringify(records[3]));
    expect(jumped.findEvent('s', 'new')).toBeNull();
  });

  it('hands out copies, so a caller mutating a head cannot change the cache', () => {
    const cache = new StreamCache(true);
    write(cache, 1);
    (cache.head('s')!.state.context as { notes: string[] }).notes.push('mutated');
    expect(cache.head('s')).toEqual(records[0]);
  });

  it('stays within its stream and event-id budgets', () => {
    const cache = new StreamCache(true, { maxStreams: 2, maxEventIds: 3 });
    write(cache, 3);
    expect(cache.findEvent('s', 'new')).toBeUndefined();
    write(cache, 4);
    expect(cache.findEvent('s', 'new')).toBeNull();
    for (const id of ['x', 'y', 'z']) cache.written(buildRecords(id, [])[0]!, '{}');
    expect(cache.knownVersion('s')).toBe(0);
    expect(cache.knownVersion('z')).toBe(1);
  });
});
