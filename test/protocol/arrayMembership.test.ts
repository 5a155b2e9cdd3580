import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NO_ARRAY, sameElementChoiceExists, withinArray } from '../../src/protocol/eventPattern/arrayMembership.js';
import { matchesEventPattern } from '../../src/protocol/eventPattern.js';

// Array 0 is `items`; array 1 is the `tags` array inside items[0].
const item = (i: number) => withinArray(NO_ARRAY, 0, i);
const tagOfFirstItem = (t: number) => withinArray(item(0), 1, t);

describe('sameElementChoiceExists (the same-element rule on its own)', () => {
  it('accepts values from one element and refuses values from two elements of the same array', () => {
    expect(sameElementChoiceExists([{ matching: [item(1)] }, { matching: [item(1)] }])).toBe(true);
    expect(sameElementChoiceExists([{ matching: [item(0)] }, { matching: [item(1)] }])).toBe(false);
  });

  it('backtracks to the one element that satisfies every leaf', () => {
    const leaves = [
      { matching: [item(0), item(1), item(2)] },
      { matching: [item(3), item(2)] },
      { matching: [item(2)] },
    ];
    expect(sameElementChoiceExists(leaves)).toBe(true);
    expect(sameElementChoiceExists([...leaves, { matching: [item(0)] }])).toBe(false);
  });

  it('lets a value outside every array combine with anything', () => {
    expect(sameElementChoiceExists([{ matching: [NO_ARRAY] }, { matching: [item(4)] }])).toBe(true);
  });

  it('checks nested arrays against the outer element too', () => {
    expect(sameElementChoiceExists([{ matching: [tagOfFirstItem(2)] }, { matching: [item(0)] }])).toBe(true);
    expect(sameElementChoiceExists([{ matching: [tagOfFirstItem(2)] }, { matching: [item(1)] }])).toBe(false);
    // Two different tags of the same item share the item but not the tag.
    expect(sameElementChoiceExists([{ matching: [tagOfFirstItem(0)] }, { matching: [tagOfFirstItem(1)] }])).toBe(false);
  });

  it('fails when a leaf has nothing that satisfies it', () => {
    expect(sameElementChoiceExists([{ matching: [item(0)] }, { matching: [] }])).toBe(false);
  });
});

describe('matching arrays of objects element by element', () => {
  const sku = fc.constantFrom('a', 'b', 'c', 'd');
  const qty = fc.integer({ min: 0, max: 4 });
  const items = fc.array(fc.record({ sku, qty }), { minLength: 1, maxLength: 6 });

  it('matches two fields of an array exactly when one element holds both values', () => {
    fc.assert(
      fc.property(items, sku, qty, (list, wantedSku, wantedQty) => {
        const pattern = { items: { sku: [wantedSku], qty: [wantedQty] } };
        const expected = list.some((element) => element.sku === wantedSku && element.qty === wantedQty);
        expect(matchesEventPattern(pattern, { items: list })).toBe(expected);
      }),
    );
  });

  it('matches one field of an array when any element holds it', () => {
    fc.assert(
      fc.property(items, sku, (list, wantedSku) => {
        expect(matchesEventPattern({ items: { sku: [wantedSku] } }, { items: list })).toBe(
          list.some((e) => e.sku === wantedSku),
        );
      }),
    );
  });
});
