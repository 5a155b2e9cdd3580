import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventKeyOf } from '../../src/adapters/sqlite/stepLogLayout.js';

/** Event ids as workflows make them: often built around their stream's id, sometimes around another's. */
const streamAndEvents = fc
  .record({ streamId: fc.string({ minLength: 1, maxLength: 12 }), other: fc.string({ maxLength: 12 }) })
  .chain(({ streamId, other }) => {
    const part = fc.oneof(fc.constant(streamId), fc.constant(other), fc.string({ maxLength: 6 }));
    const eventId = fc.array(part, { maxLength: 4 }).map((parts) => parts.join(''));
    return fc.record({ streamId: fc.constant(streamId), a: eventId, b: eventId });
  });

describe('event keys of the SQLite log', () => {
  it('keep distinct event ids of one stream distinct', () => {
    fc.assert(
      fc.property(streamAndEvents, ({ streamId, a, b }) => {
        expect(eventKeyOf(streamId, a) === eventKeyOf(streamId, b)).toBe(a === b);
      }),
    );
  });

  it('take the stream id out of the ids derived from it, so every instance has the same keys', () => {
    // The format is part of the file: keys written by one version are looked up by the next.
    expect(eventKeyOf('order-7', 'start:order-7')).toBe('6:start:');
    expect(eventKeyOf('order-7', 'order-7#4#0/outcome/0')).toBe('0:#4#0/outcome/0');
    expect(eventKeyOf('order-8', 'order-8#4#0/outcome/0')).toBe('0:#4#0/outcome/0');
    expect(eventKeyOf('order-7', 'timer:order-7#3#t0')).toBe('6:timer:#3#t0');
    expect(eventKeyOf('order-7', '019ac1d2-7f3e-7a1b-9c4d-0e5f6a7b8c9d')).toBe('=019ac1d2-7f3e-7a1b-9c4d-0e5f6a7b8c9d');
    // Only the first occurrence is taken out; an id with no stream in it cannot look like one that had.
    expect(eventKeyOf('ab', 'abab')).toBe('0:ab');
    expect(eventKeyOf('ab', '0:')).toBe('=0:');
  });
});
