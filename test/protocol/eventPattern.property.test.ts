import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventPatternIssues, matchesEventPattern, type EventPattern } from '../../src/protocol/eventPattern.js';

// Keys stay plain so a generated field never collides with `$or` or a dotted path.
const key = fc.constantFrom('a', 'b', 'c', 'state', 'count', 'tags');
const text = fc.string({ maxLength: 8 });
const number = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }),
);
const scalar = fc.oneof(text, number, fc.boolean(), fc.constant(null));

/** A JSON event body: nested objects and arrays of scalars, a few levels deep. */
const eventValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(scalar, { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 3 }),
  ),
})).value;
const event = fc.dictionary(key, eventValue, { minKeys: 1, maxKeys: 4 });

/** A pattern that names every scalar the event holds, at the same place. */
function patternFromEvent(value: Record<string, unknown>): EventPattern {
  const pattern: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (Array.isArray(v)) {
      if (v.length > 0) pattern[k] = [...v];
    } else if (typeof v === 'object' && v !== null) {
      const inner = patternFromEvent(v as Record<string, unknown>);
      if (Object.keys(inner).length > 0) pattern[k] = inner;
    } else {
      pattern[k] = [v];
    }
  }
  return pattern;
}

/** One content filter of the kinds EventBridge offers, with valid operands. */
const condition: fc.Arbitrary<unknown> = fc.oneof(
  scalar,
  text.map((prefix) => ({ prefix })),
  text.map((suffix) => ({ suffix })),
  text.map((s) => ({ 'equals-ignore-case': s })),
  fc.boolean().map((exists) => ({ exists })),
  fc.oneof(text, number).map((v) => ({ 'anything-but': v })),
  fc
    .tuple(fc.integer({ min: -100, max: 100 }), fc.integer({ min: 1, max: 100 }))
    .map(([low, width]) => ({ numeric: ['>=', low, '<', low + width] })),
);
const smallPattern = fc.dictionary(key, fc.array(condition, { minLength: 1, maxLength: 3 }), {
  minKeys: 1,
  maxKeys: 3,
});
const flatEvent = fc.dictionary(key, fc.oneof(scalar, fc.array(scalar, { maxLength: 3 })), { maxKeys: 4 });

describe('event-pattern properties', () => {
  it('an event matches the pattern built from its own values', () => {
    fc.assert(
      fc.property(event, (e) => {
        const pattern = patternFromEvent(e);
        fc.pre(Object.keys(pattern).length > 0);
        expect(eventPatternIssues(pattern)).toEqual([]);
        expect(matchesEventPattern(pattern, e)).toBe(true);
      }),
    );
  });

  it('anything-but a value never matches that value, alone or in a list', () => {
    fc.assert(
      fc.property(fc.oneof(text, number), fc.array(fc.oneof(text, number), { maxLength: 3 }), (v, others) => {
        expect(matchesEventPattern({ x: [{ 'anything-but': v }] }, { x: v })).toBe(false);
        expect(matchesEventPattern({ x: [{ 'anything-but': [...others, v] }] }, { x: v })).toBe(false);
      }),
    );
  });

  it('anything-but a value matches every other scalar that is present', () => {
    fc.assert(
      fc.property(fc.oneof(text, number), scalar, (excluded, v) => {
        fc.pre(excluded !== v);
        expect(matchesEventPattern({ x: [{ 'anything-but': excluded }] }, { x: v })).toBe(true);
      }),
    );
  });

  it('$or of p and q matches exactly when p or q matches', () => {
    fc.assert(
      fc.property(smallPattern, smallPattern, flatEvent, (p, q, e) => {
        const either = { $or: [p, q] };
        expect(eventPatternIssues(either)).toEqual([]);
        expect(matchesEventPattern(either, e)).toBe(matchesEventPattern(p, e) || matchesEventPattern(q, e));
      }),
    );
  });

  it('a leaf array is the OR of its conditions', () => {
    fc.assert(
      fc.property(fc.array(condition, { minLength: 1, maxLength: 4 }), flatEvent, (conditions, e) => {
        const whole = matchesEventPattern({ a: conditions }, e);
        expect(whole).toBe(conditions.some((c) => matchesEventPattern({ a: [c] }, e)));
      }),
    );
  });

  it('exists true and exists false are complements', () => {
    fc.assert(
      fc.property(event, key, (e, k) => {
        expect(matchesEventPattern({ [k]: [{ exists: true }] }, e)).toBe(
          !matchesEventPattern({ [k]: [{ exists: false }] }, e),
        );
      }),
    );
  });

  it('a wildcard that escapes the whole value matches it, and a prefix of a string matches it', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.nat(12), (value, cut) => {
        const escaped = value.replace(/[\\*]/g, (c) => `\\${c}`);
        fc.pre(eventPatternIssues({ x: [{ wildcard: escaped }] }).length === 0);
        expect(matchesEventPattern({ x: [{ wildcard: escaped }] }, { x: value })).toBe(true);
        expect(matchesEventPattern({ x: [{ prefix: value.slice(0, cut) }] }, { x: value })).toBe(true);
        expect(matchesEventPattern({ x: [{ suffix: value.slice(cut) }] }, { x: value })).toBe(true);
      }),
    );
  });
});
