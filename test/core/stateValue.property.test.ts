import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StateValue } from 'xstate';
import { stateValueToString } from '../../src/core/stateValue.js';

/** The rendering as first written (every value, every region, through arrays): what the one-pass path must match. */
function reference(value: StateValue): string {
  if (typeof value === 'string') return value;
  return Object.entries(value)
    .map(([key, child]) => {
      if (child === undefined) return key;
      const inner = reference(child);
      return inner.includes(' | ') ? `${key}.(${inner})` : `${key}.${inner}`;
    })
    .join(' | ');
}

const key = fc.constantFrom('a', 'b', 'active', 'running', 'done', 'x.y', '');
const { value: stateValue } = fc.letrec<{ value: StateValue; regions: Record<string, StateValue> }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, key, tie('regions')),
  // Mostly one key (a chain of states), sometimes several (parallel regions) or none.
  regions: fc.dictionary(key, tie('value'), { minKeys: 0, maxKeys: 3 }),
}));

describe('stateValueToString', () => {
  it('renders chains, parallel regions and empty values as the general rendering does', () => {
    fc.assert(
      fc.property(stateValue, (value) => {
        expect(stateValueToString(value)).toBe(reference(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('joins a chain of states with dots and regions with bars', () => {
    expect(stateValueToString({ active: { retrying: 'waiting' } })).toBe('active.retrying.waiting');
    expect(stateValueToString({ a: 'b', c: { d: 'e', f: 'g' } })).toBe('a.b | c.(d.e | f.g)');
    expect(stateValueToString({ a: undefined })).toBe('a');
  });
});
