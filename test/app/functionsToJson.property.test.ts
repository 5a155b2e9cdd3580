import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toJson } from '../../src/app/functions/invocationInputs.js';
import { frozenJson } from '../../src/core/sharedJson.js';

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

/** What JSON writes specially: missing values, dates, non-finite numbers, -0, class instances, toJSON. */
const odd = fc.oneof(
  fc.constant(undefined),
  fc.date({ noInvalidDate: true }),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -0),
  fc.constant(() => 1),
  fc.constant(new Point(1, 2)),
  fc.constant({ toJSON: () => undefined }),
  fc.constant({ toJSON: () => ({ replaced: true }) }),
  fc.constant(new Map([['a', 1]])),
);

/** Handler results: JSON trees with odd members anywhere, and the frozen input payload handed back. */
const result: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.jsonValue({ maxDepth: 1 }),
    odd,
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), tie('node'), { maxKeys: 3 }),
    fc.jsonValue({ maxDepth: 2 }).map((v) => frozenJson(v)),
  ),
})).node;

describe('a handler result as JSON', () => {
  it('is what writing it as JSON and reading it back gives', () => {
    fc.assert(
      fc.property(result, (value) => {
        const expected: unknown = value === undefined ? null : JSON.parse(JSON.stringify(value) ?? 'null');
        const json = toJson(value);
        expect(json).toStrictEqual(expected);
        expect(JSON.stringify(json)).toBe(JSON.stringify(expected));
      }),
      { numRuns: 1000, verbose: true },
    );
  });

  it('is a copy the handler can no longer change, sharing only what is frozen', () => {
    const payload = frozenJson({ k: 'v', list: [1, 2] });
    const returned = { payload, mine: { n: 1 } };
    const json = toJson(returned) as { payload: unknown; mine: { n: number } };
    returned.mine.n = 2;
    expect(json.mine.n).toBe(1);
    expect(json.payload).toBe(payload);
    expect(Object.isFrozen(json.payload)).toBe(true);
  });

  it('throws what JSON throws for values it cannot write', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(() => toJson(cyclic)).toThrow(TypeError);
    expect(() => toJson({ n: 1n })).toThrow('BigInt');
  });
});
