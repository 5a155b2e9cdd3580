import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frozenJson } from '../../src/core/sharedJson.js';
import { restoreShared, SharedIndex, type SharedRef } from '../../src/core/sharedValues.js';
import type { Json } from '../../src/core/stepRecord.js';

type Path = (string | number)[];

/** A plain object or array without toJSON: what JSON writes member by member, so paths inside it hold. */
const writesMembers = (value: object): boolean =>
  [Object.prototype, Array.prototype, null].includes(Object.getPrototypeOf(value) as object) &&
  typeof (value as { toJSON?: unknown }).toJSON !== 'function';

/**
 * The definition the index must keep to, written the plain way: every part of the source by its JSON text
 * (the first in depth-first order wins), and every part of the value that is written the same replaced.
 */
function referenceShare(source: Json, value: Json): { value: Json; refs: SharedRef[] } {
  const paths = new Map<string, Path>();
  const visit = (part: Json, path: Path): void => {
    if (typeof part !== 'object' || part === null) {
      if (typeof part === 'string' && part.length >= 24 && !paths.has(JSON.stringify(part))) {
        paths.set(JSON.stringify(part), path);
      }
      return;
    }
    const text = JSON.stringify(part) as string | undefined;
    if (path.length > 0 && text !== undefined && text.length >= 24 && !paths.has(text)) paths.set(text, path);
    if (!writesMembers(part)) return;
    if (Array.isArray(part)) part.forEach((item, i) => visit(item, [...path, i]));
    else for (const key of Object.keys(part)) visit(part[key]!, [...path, key]);
  };
  visit(source, []);
  const refs: SharedRef[] = [];
  const replace = (part: Json, path: Path): Json => {
    if (paths.size === 0) return part;
    if (typeof part === 'string' || (typeof part === 'object' && part !== null)) {
      const text = JSON.stringify(part) as string | undefined;
      if (text === undefined || text.length < 24) return part;
      const found = paths.get(text);
      if (found !== undefined) {
        refs.push([path, found]);
        return 0;
      }
    }
    if (typeof part !== 'object' || part === null || !writesMembers(part)) return part;
    if (Array.isArray(part)) return part.map((item, i) => replace(item, [...path, i]));
    const out: Record<string, Json> = {};
    for (const key of Object.keys(part)) {
      Object.defineProperty(out, key, { value: replace(part[key]!, [...path, key]), enumerable: true, writable: true });
    }
    return out;
  };
  return { value: replace(value, []), refs };
}

const long = fc.constantFrom('x'.repeat(24), 'y'.repeat(30), 'a string long enough to be shared', '"quoted" \\ text!');
const short = fc.constantFrom('k', 'a"b', '\u0001\u0002\u0003\u0004\u0005', 'ab'.repeat(11));
// What JSON writes differently from its members: a Date (as a string), toJSON, members it leaves out.
const odd = fc.constantFrom<unknown>(
  new Date(0),
  { toJSON: () => 'x'.repeat(24) },
  { toJSON: () => ({ n: 1, text: 'y'.repeat(30) }) },
  { toJSON: () => 1.2345678901234567e-300 },
  { skipped: undefined, kept: 'y'.repeat(30) },
  { kept: 'y'.repeat(30) },
);
const leaf = fc.oneof(long, short, fc.integer(), fc.constant(null), odd);
const node = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', '0', 'type', '__proto__'), tie('node'), { maxKeys: 3 }),
  ),
})).node;

/** A member frozen with `frozenJson` (settled, indexed once per value) or left as it is. */
const member = fc.tuple(node, fc.boolean()).map(([value, frozen]) => (frozen ? frozenJson(value) : value));
const source = fc.dictionary(fc.constantFrom('input', 'last', 'n', 'list', '__proto__'), member, { maxKeys: 4 });

/** Parts of the source (the same objects, copies, settled) mixed with other data, as events and params are. */
const valueAgainst = (context: Record<string, unknown>): fc.Arbitrary<unknown> => {
  const parts: unknown[] = [context];
  const collect = (part: unknown): void => {
    if (typeof part !== 'object' || part === null || part instanceof Date) return;
    for (const key of Object.keys(part)) {
      parts.push((part as Record<string, unknown>)[key]);
      collect((part as Record<string, unknown>)[key]);
    }
  };
  collect(context);
  const fromSource = fc
    .tuple(fc.constantFrom(...parts), fc.constantFrom('same', 'copy', 'settled'))
    .map(([part, how]) =>
      how === 'same' || JSON.stringify(part) === undefined
        ? part
        : how === 'copy'
          ? (JSON.parse(JSON.stringify(part)) as unknown)
          : frozenJson(part),
    );
  const item = fc.oneof(fromSource, node);
  return fc.oneof(item, fc.dictionary(fc.constantFrom('type', 'error', 'input', 'params'), item, { maxKeys: 4 }));
};

const cases = source.chain((context) => fc.tuple(fc.constant(context), valueAgainst(context)));

describe('SharedIndex', () => {
  it('finds the same parts, at the same paths, as the plain definition, whatever is settled or reused', () => {
    fc.assert(
      fc.property(cases, ([context, value]) => {
        const expected = referenceShare(context as Json, value as Json);
        // Twice: the second use reads what the first built for settled members.
        for (let use = 0; use < 2; use += 1) {
          const got = new SharedIndex(context as Json).share(value as Json);
          expect(JSON.stringify(got)).toBe(JSON.stringify(expected));
          expect(got.refs).toEqual(expected.refs);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('restores values that are JSON to exactly their text', () => {
    fc.assert(
      fc.property(cases, ([context, value]) => {
        const plainContext = JSON.parse(JSON.stringify(context)) as Json;
        const text = JSON.stringify(value) as string | undefined;
        if (text === undefined) return;
        const shared = new SharedIndex(context as Json).share(value as Json);
        const stored = JSON.parse(JSON.stringify(shared.value)) as Json;
        expect(JSON.stringify(restoreShared(stored, shared.refs, plainContext))).toBe(text);
      }),
      { numRuns: 200 },
    );
  });
});
