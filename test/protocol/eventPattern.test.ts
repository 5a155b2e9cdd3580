import { describe, expect, it } from 'vitest';
import { eventPatternIssues, matchesEventPattern, validateEventPattern } from '../../src/protocol/eventPattern.js';

describe('eventPattern edge cases beyond the conformance corpus', () => {
  it.each([
    [{ x: [{ wildcard: 'a\\*b' }] }, { x: 'a*b' }, true],
    [{ x: [{ wildcard: 'a\\*b' }] }, { x: 'axxb' }, false],
    [{ x: [{ wildcard: 'a*b*c' }] }, { x: 'abc' }, true],
    [{ x: [{ wildcard: 'a*b*c' }] }, { x: 'acb' }, false],
    [{ x: [{ cidr: '10.0.0.0/8' }] }, { x: '2001:db8::1' }, false],
    [{ x: [{ cidr: '::ffff:10.0.0.0/104' }] }, { x: '::ffff:10.1.2.3' }, true],
    [{ x: [{ numeric: ['=', 300] }] }, { x: 3e2 }, true],
    [{ x: [300] }, { x: '300' }, false],
    [{ x: ['a'] }, { x: [['a']] }, true],
    [{ a: { b: ['v'] } }, { a: [{ b: 'w' }, { b: 'v' }] }, true],
    [{ x: [{ 'anything-but': { prefix: ['a', 'b'] } }] }, { x: 'c' }, true],
  ])('%j against %j → %s', (pattern, event, expected) => {
    expect(eventPatternIssues(pattern)).toEqual([]);
    expect(matchesEventPattern(pattern, event)).toBe(expected);
  });

  it.each([
    [{ x: [{ numeric: ['<', 5, '>', 1] }] }, 'x[0].numeric: too many elements'],
    [{ x: [{ numeric: ['>', 5, '<', 1] }] }, 'x[0].numeric: bottom must be less than top'],
    [{ x: [{ wildcard: 'a\\b' }] }, 'x[0].wildcard: invalid escape'],
    [{ x: [{ cidr: '10.0.0.0/33' }] }, 'x[0].cidr: malformed CIDR, mask bits must be at most 32'],
    [{ x: [{ prefix: 'a', suffix: 'b' }] }, 'x[0]: only one key allowed'],
    [{ x: [['a']] }, 'x[0]: match value must be'],
    [{ x: [{ exists: 'yes' }] }, 'x[0].exists: exists match pattern must be either true or false'],
    [{ $or: [{ a: ['1'] }] }, '$or: $or needs at least two'],
    [{ a: {} }, 'a: an empty object matches nothing'],
    [
      { x: [{ 'anything-but': ['a', 1] }] },
      'x[0].anything-but: inside an anything-but list all values must be strings or all must be numbers',
    ],
    [
      { x: [{ 'anything-but': [2, 'b', 'c'] }] },
      'x[0].anything-but: inside an anything-but list all values must be strings or all must be numbers',
    ],
  ])('rejects %j', (pattern, message) => {
    expect(() => validateEventPattern(pattern)).toThrowError(message);
  });

  it('refuses $or patterns that expand past 1000 combinations', () => {
    const values = Array.from({ length: 40 }, (_, i) => `v${i}`);
    const branch = { a: values, b: values };
    expect(eventPatternIssues({ $or: [branch, branch] })[0]?.rule).toMatch(/3200 combinations/);
  });
});
