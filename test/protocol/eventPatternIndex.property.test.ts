import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EventPatternIndex,
  eventPatternIssues,
  matchesEventPattern,
  type EventPattern,
} from '../../src/protocol/eventPattern.js';
import { matchPattern, plainRoute } from '../support/plainEventPatternMatcher.js';

// Small vocabularies, so that generated rules share fields and values the way real rule sets do and
// a random event matches some rules and not others.
const key = fc.constantFrom('source', 'detail-type', 'a', 'b');
// Events may also hold keys with dots in them, or empty, which EventBridge joins into the same paths.
const eventKey = fc.oneof({ weight: 6, arbitrary: key }, fc.constantFrom('a.b', 'b.a', '', '.a', 'a.'));
const word = fc.constantFrom('orders', 'Orders', 'pay', '', '10.0.0.7', 'a*b');
const number = fc.constantFrom(0, -0, 2.5, 100, -7);
const scalar = fc.oneof(word, number, fc.boolean(), fc.constant(null));

/** Every kind of leaf condition EventBridge offers, with valid operands drawn from the vocabularies. */
const condition: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: scalar },
  fc.constantFrom('ord', 'O', 'p').map((prefix) => ({ prefix })),
  fc.constantFrom('ers', 's').map((suffix) => ({ suffix })),
  fc.constantFrom('ORD').map((p) => ({ prefix: { 'equals-ignore-case': p } })),
  fc.constantFrom('orders', 'PAY').map((s) => ({ 'equals-ignore-case': s })),
  fc.constantFrom('o*s', '*', 'a\\*b', '*r*').map((wildcard) => ({ wildcard })),
  fc.boolean().map((exists) => ({ exists })),
  fc.constantFrom('10.0.0.0/24', '11.0.0.0/8').map((cidr) => ({ cidr })),
  fc
    .oneof(
      word.filter((w) => w !== ''),
      number,
    )
    .map((v) => ({ 'anything-but': v })),
  fc.array(fc.oneof(word, number), { minLength: 1, maxLength: 3 }).map((v) => ({ 'anything-but': v })),
  fc.constantFrom('or', 'pa').map((p) => ({ 'anything-but': { prefix: p } })),
  fc.constantFrom('*s').map((w) => ({ 'anything-but': { wildcard: [w] } })),
  fc.constantFrom(-7, 0, 2.5, 50).chain((low) =>
    fc
      .tuple(
        fc.constantFrom('>', '>='),
        fc.constantFrom(0, 50, 100).filter((high) => high > low),
        fc.constantFrom('<', '<='),
      )
      .map(([from, high, to]) => ({ numeric: [from, low, to, high] })),
  ),
  fc
    .tuple(fc.constantFrom('<', '<=', '>', '>=', '='), fc.constantFrom(-7, 0, 50, 100))
    .map(([op, n]) => ({ numeric: [op, n] })),
  fc.constant({ 'anything-but': { suffix: ['e', 's'] } }),
);
const leaf = fc.array(condition, { minLength: 1, maxLength: 3 });

/** Fields two levels deep: leaves and objects of leaves. */
const fields = fc.dictionary(key, fc.oneof(leaf, leaf, fc.dictionary(key, leaf, { minKeys: 1, maxKeys: 2 })), {
  minKeys: 1,
  maxKeys: 3,
});

/** A pattern: fields, sometimes with an `$or` of two or three sub-patterns (which may hold one more `$or`). */
const withOr = (inner: fc.Arbitrary<EventPattern>): fc.Arbitrary<EventPattern> =>
  fc
    .tuple(fields, fc.option(fc.array(inner, { minLength: 2, maxLength: 3 }), { freq: 3 }), fc.boolean())
    .map(([f, or, orInside]) => {
      if (or === null) return f;
      if (!orInside) return { ...f, $or: or };
      const [first] = Object.keys(f);
      return { ...f, [first ?? 'a']: { $or: or } };
    });
const pattern: fc.Arbitrary<EventPattern> = withOr(withOr(fields));

/** An event: nested objects, arrays of scalars and arrays of objects. */
const eventValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    scalar,
    fc.array(scalar, { maxLength: 3 }),
    fc.dictionary(eventKey, tie('value'), { minKeys: 2, maxKeys: 4 }),
    fc.array(fc.dictionary(eventKey, tie('value'), { minKeys: 1, maxKeys: 3 }), { maxLength: 2 }),
  ),
})).value;
const event = fc.dictionary(eventKey, eventValue, { minKeys: 2, maxKeys: 4 });

/** Values that satisfy some of the content filters above and not others. */
const filterWitnesses: readonly unknown[] = [
  'orders',
  'ORDERS',
  'pays',
  'pay',
  '10.0.0.7',
  '11.2.3.4',
  'a*b',
  'oxs',
  0,
  50,
  100,
  -7,
  true,
  null,
];

/**
 * An event built to come close to `pattern`: it takes one value of each leaf (a plain value as it
 * is, some value for a filter), follows one `$or` branch, and now and then drops a field or wraps a
 * value in an array, so that generated events match a good share of the rules.
 */
function nearMatch(pattern: EventPattern, choices: readonly number[]): Record<string, unknown> {
  let next = 0;
  const pick = (n: number): number => (choices[next++ % Math.max(1, choices.length)] ?? 0) % n;
  const build = (p: EventPattern): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(p)) {
      if (k === '$or' && Array.isArray(v)) {
        Object.assign(out, build(v[pick(v.length)] as EventPattern));
      } else if (Array.isArray(v)) {
        const chosen: unknown = v[pick(v.length)];
        const value =
          typeof chosen === 'object' && chosen !== null ? filterWitnesses[pick(filterWitnesses.length)] : chosen;
        const shape = pick(8);
        if (shape === 0) continue;
        out[k] = shape === 1 ? [filterWitnesses[pick(filterWitnesses.length)], value] : value;
      } else if (typeof v === 'object' && v !== null) {
        out[k] = pick(6) === 0 ? [build(v as EventPattern), build(v as EventPattern)] : build(v as EventPattern);
      }
    }
    return out;
  };
  return build(pattern);
}

const validPattern = pattern.filter((p) => eventPatternIssues(p).length === 0);
const rules = fc
  .array(validPattern, { minLength: 1, maxLength: 25 })
  .map((ps) => ps.map((eventPattern, i) => ({ name: `r${i}`, eventPattern })));

describe('the rule index against the plain per-rule matcher', () => {
  it('the compiled matcher agrees with the plain matcher on every pattern and event', () => {
    fc.assert(
      fc.property(validPattern, event, fc.array(fc.nat(), { minLength: 1, maxLength: 12 }), (p, e, choices) => {
        expect(matchesEventPattern(p, e)).toBe(matchPattern(p, e));
        const near = nearMatch(p, choices);
        expect(matchesEventPattern(p, near)).toBe(matchPattern(p, near));
      }),
      { numRuns: 1000 },
    );
  });

  it('routes every event to exactly the rules the plain matcher picks, in rule order', () => {
    fc.assert(
      fc.property(
        rules,
        fc.array(event, { maxLength: 4 }),
        fc.array(fc.array(fc.nat(), { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 8 }),
        (ruleSet, randomEvents, nearChoices) => {
          const index = new EventPatternIndex<string>();
          for (const rule of ruleSet) index.set(rule.name, rule.eventPattern, rule.name);
          const near = nearChoices.map((choices) =>
            nearMatch(ruleSet[(choices[0] ?? 0) % ruleSet.length]!.eventPattern, choices),
          );
          for (const e of [...randomEvents, ...near]) expect(index.match(e)).toEqual(plainRoute(ruleSet, e));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('stays exact as rules are replaced and removed between events', () => {
    const change = fc.oneof(
      fc.tuple(fc.constant('set' as const), fc.nat(6), validPattern),
      fc.tuple(fc.constant('delete' as const), fc.nat(6), fc.constant(undefined)),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(change, event), { minLength: 1, maxLength: 15 }), (steps) => {
        const index = new EventPatternIndex<string>();
        const reference = new Map<string, EventPattern>();
        for (const [[kind, n, p], e] of steps) {
          const name = `r${n}`;
          if (kind === 'set') {
            index.set(name, p, name);
            reference.set(name, p);
          } else {
            index.delete(name);
            reference.delete(name);
          }
          const expected = plainRoute(
            [...reference].map(([ruleName, eventPattern]) => ({ name: ruleName, eventPattern })),
            e,
          );
          expect(index.match(e)).toEqual(expected);
        }
      }),
      { numRuns: 200 },
    );
  });
});
