import { describe, expect, it } from 'vitest';
import { EventPatternIndex, eventPatternIssues, matchesEventPattern } from '../../src/protocol/eventPattern.js';

// Array-consistent matching, as AWS's event-ruler does by default (`rulesForJSONEvent`, ArrayMembership):
// fields a pattern names inside an array of objects must come from the same element. Any matcher must
// keep every case here. Cases follow the categories of event-ruler's array-consistency suite.
const cases: [name: string, pattern: Record<string, unknown>, event: unknown, matches: boolean][] = [
  [
    'two fields, one element',
    { items: { sku: ['b'], qty: [5] } },
    {
      items: [
        { sku: 'a', qty: 1 },
        { sku: 'b', qty: 5 },
      ],
    },
    true,
  ],
  [
    'two fields from two elements',
    { items: { sku: ['a'], qty: [5] } },
    {
      items: [
        { sku: 'a', qty: 1 },
        { sku: 'b', qty: 5 },
      ],
    },
    false,
  ],
  [
    'exists on both, split across elements',
    { d: { a: [{ exists: true }], b: [{ exists: true }] } },
    { d: [{ a: 1 }, { b: 2 }] },
    false,
  ],
  [
    'exists on both, a later element has both',
    { d: { a: [{ exists: true }], b: [{ exists: true }] } },
    { d: [{ a: 1 }, { b: 2 }, { a: 3, b: 4 }] },
    true,
  ],
  ['three fields over three elements', { d: { a: [1], b: [2], c: [3] } }, { d: [{ a: 1 }, { b: 2 }, { c: 3 }] }, false],
  [
    'prefix and exists in one element',
    { d: { n: [{ prefix: 'al' }], s: [{ exists: true }] } },
    { d: [{ n: 'alice', s: 'ok' }] },
    true,
  ],
  [
    'prefix and exists split',
    { d: { n: [{ prefix: 'al' }], s: [{ exists: true }] } },
    { d: [{ n: 'alice' }, { s: 'ok' }] },
    false,
  ],
  [
    'numeric range picks the element',
    { i: { p: [{ numeric: ['>', 0, '<', 100] }], n: ['w'] } },
    {
      i: [
        { n: 'w', p: 200 },
        { n: 'g', p: 50 },
      ],
    },
    false,
  ],
  [
    'anything-but in the element that has the name',
    { u: { s: [{ 'anything-but': 'banned' }], n: ['bob'] } },
    {
      u: [
        { n: 'bob', s: 'banned' },
        { n: 'al', s: 'ok' },
      ],
    },
    false,
  ],
  [
    'inner array, same inner element',
    { u: { t: { k: ['color'], v: ['blue'] } } },
    { u: [{ t: [{ k: 'color', v: 'blue' }] }] },
    true,
  ],
  [
    'inner array, split inner elements',
    { u: { t: { k: ['color'], v: ['blue'] } } },
    { u: [{ t: [{ k: 'color' }, { v: 'blue' }] }] },
    false,
  ],
  [
    'outer array split, one field nested deeper',
    { d: { name: [{ exists: true }], info: { x: ['1'] } } },
    { d: [{ name: 'al' }, { info: { x: '1' } }] },
    false,
  ],
  [
    'outer array same element, one field nested deeper',
    { d: { name: [{ exists: true }], info: { x: ['1'] } } },
    { d: [{ name: 'al', info: { x: '1' } }] },
    true,
  ],
  [
    'field outside the array combines with any element',
    { users: { name: ['al'] }, version: ['1'] },
    { users: [{ name: 'bo' }, { name: 'al' }], version: '1' },
    true,
  ],
  [
    'primitive array beside a scalar',
    { d: { tags: ['admin'], type: ['G'] } },
    { d: { tags: ['user', 'admin'], type: 'G' } },
    true,
  ],
  ['two primitive arrays', { tags: ['b'], cats: ['x'] }, { tags: ['a', 'b'], cats: ['x', 'y'] }, true],
  [
    'only the last of many elements has both',
    { d: { email: [{ exists: true }], name: [{ exists: true }] } },
    { d: [{ email: 'a' }, { email: 'b' }, { email: 'c', name: 'eve' }] },
    true,
  ],
  [
    'exists:false, field missing everywhere',
    { d: { a: [1], b: [{ exists: false }] } },
    { d: [{ a: 1 }, { c: 2 }] },
    true,
  ],
  [
    'exists:false, field present in the matching element',
    { d: { a: [1], b: [{ exists: false }] } },
    { d: [{ a: 1, b: 2 }] },
    false,
  ],
  // Decided on the whole event, as before: the field exists in another element, so it is not absent.
  [
    'exists:false, field present in another element',
    { d: { a: [1], b: [{ exists: false }] } },
    { d: [{ a: 1 }, { b: 2 }] },
    false,
  ],
  [
    'exists:false beside a value, the value from the element',
    { d: { a: [1], b: [{ exists: false }, 'x'] } },
    {
      d: [
        { a: 1, b: 'y' },
        { a: 2, b: 'x' },
      ],
    },
    false,
  ],
  [
    'exists:false on a field outside the array',
    { d: { a: [1] }, b: [{ exists: false }] },
    { d: [{ a: 1 }], b: 2 },
    false,
  ],
  [
    '$or branch satisfied by one element',
    { $or: [{ items: { sku: ['a'], qty: [5] } }, { items: { sku: ['b'], qty: [5] } }] },
    {
      items: [
        { sku: 'a', qty: 1 },
        { sku: 'b', qty: 5 },
      ],
    },
    true,
  ],
  [
    '$or with every branch split',
    { $or: [{ items: { sku: ['a'], qty: [5] } }, { items: { sku: ['b'], qty: [1] } }] },
    {
      items: [
        { sku: 'a', qty: 1 },
        { sku: 'b', qty: 5 },
      ],
    },
    false,
  ],
];

describe('array consistency: fields inside an array of objects match within one element', () => {
  it.each(cases)('%s', (_name, pattern, event, matches) => {
    expect(eventPatternIssues(pattern)).toEqual([]);
    expect(matchesEventPattern(pattern, event)).toBe(matches);
  });

  it('the rule index routes each case event to exactly the case patterns that match it', () => {
    const index = new EventPatternIndex<string>();
    for (const [name, pattern] of cases) index.set(name, pattern, name);
    for (const [name, , event] of cases) {
      expect(index.match(event), name).toEqual(
        cases.filter(([, pattern]) => matchesEventPattern(pattern, event)).map(([n]) => n),
      );
    }
  });
});
