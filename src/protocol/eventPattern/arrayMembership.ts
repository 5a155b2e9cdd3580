/**
 * The same-element rule for arrays of objects, as AWS's event-ruler matches by default (its
 * `ArrayMembership`): the fields a pattern names inside an array must all come from one element.
 * `{"items":{"sku":["a"],"qty":[5]}}` does not match `{"items":[{"sku":"a","qty":1},{"sku":"b","qty":5}]}`,
 * because `sku` "a" and `qty` 5 sit in different elements.
 *
 * Every leaf value of an event carries its membership: for each array it sits inside, the array's id
 * (numbered while the event is flattened) and the element's index. Two values are consistent when
 * they agree on the index of every array they share.
 */

/** Array id and element index pairs, flattened: `[arrayId, index, arrayId, index, …]`. */
export type ArrayMembership = readonly number[];

/** The membership of a value outside every array. */
export const NO_ARRAY: ArrayMembership = [];

/** One leaf of a pattern as the rule sees it: the memberships of the values that satisfy it. */
export interface LeafChoices {
  /** Memberships of the event values that satisfy the leaf's conditions. */
  readonly matching: readonly ArrayMembership[];
}

/** The index of `arrayId` in `membership`, or -1 when the value is not inside that array. */
function indexIn(membership: ArrayMembership, arrayId: number): number {
  for (let i = 0; i < membership.length; i += 2) if (membership[i] === arrayId) return membership[i + 1]!;
  return -1;
}

/** `chosen` extended with `next`, or undefined when they disagree about an element of a shared array. */
function merge(chosen: ArrayMembership, next: ArrayMembership): ArrayMembership | undefined {
  if (next.length === 0) return chosen;
  if (chosen.length === 0) return next;
  let merged: number[] | undefined;
  for (let i = 0; i < next.length; i += 2) {
    const index = indexIn(chosen, next[i]!);
    if (index === -1) (merged ??= [...chosen]).push(next[i]!, next[i + 1]!);
    else if (index !== next[i + 1]) return undefined;
  }
  return merged ?? chosen;
}

/**
 * True when one satisfying value can be picked for every leaf so that all picks are consistent. A leaf
 * with no satisfying value makes the answer false. Backtracks over the picks; leaves with fewest
 * choices go first.
 */
export function sameElementChoiceExists(leaves: readonly LeafChoices[]): boolean {
  if (leaves.some((leaf) => leaf.matching.length === 0)) return false;
  // A value outside every array constrains nothing, so a leaf that has one is settled without a choice.
  const present = leaves
    .filter((leaf) => !leaf.matching.some((membership) => membership.length === 0))
    .sort((a, b) => a.matching.length - b.matching.length);
  const search = (at: number, chosen: ArrayMembership): boolean => {
    if (at === present.length) return true;
    for (const membership of present[at]!.matching) {
      const next = merge(chosen, membership);
      if (next !== undefined && search(at + 1, next)) return true;
    }
    return false;
  };
  return search(0, NO_ARRAY);
}

/** The membership of an element of array `arrayId` at `index`, inside `outer`. */
export function withinArray(outer: ArrayMembership, arrayId: number, index: number): ArrayMembership {
  return [...outer, arrayId, index];
}
