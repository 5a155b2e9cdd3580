import { describe, expect, it } from 'vitest';
import { EventPatternIndex } from '../../src/protocol/eventPattern.js';

describe('EventPatternIndex', () => {
  it('returns a rule once even when several of its $or branches match', () => {
    const index = new EventPatternIndex<string>();
    index.set('either', { $or: [{ a: ['1'] }, { b: ['2'] }] }, 'either');
    expect(index.match({ a: '1', b: '2' })).toEqual(['either']);
    expect(index.match({ a: '1', b: ['2', '2'] })).toEqual(['either']);
  });

  it('keeps the first-put order when a rule is replaced, and moves it last when removed and put again', () => {
    const index = new EventPatternIndex<string>();
    for (const name of ['x', 'y', 'z']) index.set(name, { source: ['s'] }, name);
    index.set('x', { source: ['s'], detail: { n: [1] } }, 'x2');
    expect(index.match({ source: 's', detail: { n: 1 } })).toEqual(['x2', 'y', 'z']);
    expect(index.match({ source: 's' })).toEqual(['y', 'z']);
    index.delete('y');
    index.set('y', { source: ['s'] }, 'y');
    expect(index.match({ source: 's' })).toEqual(['z', 'y']);
  });

  it('finds rules that only say what must be absent', () => {
    const index = new EventPatternIndex<string>();
    index.set('no-error', { detail: { error: [{ exists: false }] } }, 'no-error');
    index.set('orders', { source: ['orders'] }, 'orders');
    expect(index.match({ source: 'orders', detail: {} })).toEqual(['no-error', 'orders']);
    expect(index.match({ source: 'orders', detail: { error: 'boom' } })).toEqual(['orders']);
  });

  it('tells apart plain values of different types, as EventBridge does', () => {
    const index = new EventPatternIndex<string>();
    index.set('number', { n: [5] }, 'number');
    index.set('string', { n: ['5'] }, 'string');
    index.set('null', { n: [null] }, 'null');
    expect(index.match({ n: 5 })).toEqual(['number']);
    expect(index.match({ n: '5' })).toEqual(['string']);
    expect(index.match({ n: [null, 5.0] })).toEqual(['number', 'null']);
  });

  it('matches dotted event keys and nested objects alike, and ignores parts no rule looks at', () => {
    const index = new EventPatternIndex<string>();
    index.set('nested', { detail: { state: { name: ['ok'] } } }, 'nested');
    expect(index.match({ 'detail.state': { name: 'ok' }, other: { deep: [1, 2, 3] } })).toEqual(['nested']);
    expect(index.match({ detail: { 'state.name': ['no', 'ok'] } })).toEqual(['nested']);
    expect(index.match({ detail: { state: { names: 'ok' } } })).toEqual([]);
  });
});
