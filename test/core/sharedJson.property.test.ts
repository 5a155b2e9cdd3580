import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frozenJson, isSettledJson, jsonCopy, settledBound } from '../../src/core/sharedJson.js';

// Anything a machine's context may hold, including what JSON changes or drops: undefined, -0, NaN,
// Dates (toJSON), functions, sparse arrays and an own "__proto__" key.
const odd = fc.constantFrom(undefined, -0, Number.NaN, Infinity, new Date(0), () => 1, [1, , 3]);
const leaf = fc.oneof(fc.jsonValue({ maxDepth: 2 }), odd);
const member = fc.oneof(
  leaf,
  fc.dictionary(fc.constantFrom('a', 'b', '0', '__proto__'), leaf, { maxKeys: 3 }),
  fc.array(leaf, { maxLength: 3 }),
);
const key = fc.constantFrom('input', 'attempt', 'payload', '2', '__proto__', 'toJSON', 'z');

/** A context whose members are frozen with `frozenJson` where `frozen` says so. */
const context = fc.array(fc.tuple(key, member, fc.boolean()), { maxLength: 6 }).map((members) => {
  const value: Record<string, unknown> = {};
  for (const [name, content, frozen] of members) {
    Object.defineProperty(value, name, {
      value: frozen ? frozenJson(content) : content,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return value;
});

// Top-level undefined and functions have no JSON at all; the step never persists one (it writes null).
const writable = <T>(arbitrary: fc.Arbitrary<T>) => arbitrary.filter((value) => JSON.stringify(value) !== undefined);
const roundTrip = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

describe('jsonCopy', () => {
  it('writes what a JSON round trip writes, key order included, whatever is frozen', () => {
    fc.assert(
      fc.property(writable(fc.oneof(context, member)), (value) => {
        expect(JSON.stringify(jsonCopy(value))).toBe(JSON.stringify(roundTrip(value)));
        expect(jsonCopy(value)).toStrictEqual(roundTrip(value));
      }),
    );
  });

  it('keeps a member made by frozenJson as it is, and copies the members around it', () => {
    const input = frozenJson({ requestId: 'r-1', payload: { k: 'v' }, visits: [1, 2] });
    const lastResponse = { payload: { errorMessage: 'transient' } };
    const copy = jsonCopy({ input, attempt: 2, lastResponse }) as Record<string, unknown>;
    expect(copy['input']).toBe(input);
    expect(copy['lastResponse']).not.toBe(lastResponse);
    expect(copy).toStrictEqual({ input, attempt: 2, lastResponse });
  });

  it('copies an equal value that was not made by frozenJson', () => {
    const input = Object.freeze({ requestId: 'r-1' });
    expect((jsonCopy({ input }) as Record<string, unknown>)['input']).not.toBe(input);
  });
});

describe('frozenJson', () => {
  const deepFrozen = (value: unknown): boolean =>
    typeof value !== 'object' || value === null || (Object.isFrozen(value) && Object.values(value).every(deepFrozen));

  it('is the JSON round trip of its value, frozen all the way down', () => {
    fc.assert(
      fc.property(writable(member), (value) => {
        const frozen = frozenJson(value);
        expect(frozen).toStrictEqual(roundTrip(value));
        if (!JSON.stringify(value)?.includes('__proto__')) expect(deepFrozen(frozen)).toBe(true);
      }),
    );
  });

  it('leaves the value it was given as it was', () => {
    const input = { payload: { k: 'v' }, missing: undefined };
    frozenJson(input);
    expect(Object.isFrozen(input) || Object.isFrozen(input.payload)).toBe(false);
    expect('missing' in input).toBe(true);
  });

  it('marks its copy where nothing else can see the mark: no own key or symbol, and clones are not marked', () => {
    const frozen = frozenJson({ requestId: 'r-1', payload: { k: 'v' }, visits: [1, 2] });
    expect([frozen, frozen.payload, frozen.visits].map(isSettledJson)).toEqual([true, true, true]);
    expect(settledBound(frozen)).toBeGreaterThanOrEqual(JSON.stringify(frozen).length);
    expect(Reflect.ownKeys(frozen)).toEqual(['requestId', 'payload', 'visits']);
    expect(Reflect.ownKeys(frozen.payload)).toEqual(['k']);
    const clone = structuredClone(frozen);
    expect([clone, clone.payload].map(isSettledJson)).toEqual([false, false]);
    expect((jsonCopy({ input: clone }) as Record<string, unknown>)['input']).not.toBe(clone);
  });

  it('keeps the mark off the value it was given, frozen or not', () => {
    const given = Object.freeze({ payload: Object.freeze({ k: 'v' }) });
    frozenJson(given);
    expect([given, given.payload].map(isSettledJson)).toEqual([false, false]);
  });
});
