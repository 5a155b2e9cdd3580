import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ListingOrder, type ListingPosition } from '../../src/adapters/storeQueries.js';
import type { InstanceSummary } from '../../src/core/stepRecord.js';

const summaryOf = (startedAt: Map<string, number>) => (instanceId: string) =>
  ({ instanceId, startedAt: startedAt.get(instanceId)! }) as InstanceSummary;

/** Newest first, ties by instance id ascending: the order every store lists in. */
const listed = (positions: readonly ListingPosition[]) =>
  [...positions]
    .sort((a, b) => b.startedAt - a.startedAt || (a.instanceId < b.instanceId ? -1 : 1))
    .map((p) => p.instanceId);

describe('ListingOrder', () => {
  it('lists instances newest first whatever order they were added in, page after page', () => {
    // Few distinct start times, so ties (broken by id) are common; start times mostly rise, as they do.
    const position = fc.record({ startedAt: fc.integer({ min: 0, max: 4 }), instanceId: fc.uuid() });
    fc.assert(
      fc.property(
        fc.uniqueArray(position, { selector: (p) => p.instanceId, maxLength: 40 }),
        fc.integer({ min: 1, max: 7 }),
        (positions, limit) => {
          const order = new ListingOrder();
          for (const p of positions) order.add(p);
          const read = summaryOf(new Map(positions.map((p) => [p.instanceId, p.startedAt])));
          const ids: string[] = [];
          let cursor: string | undefined;
          do {
            const page = order.page({ limit, ...(cursor === undefined ? {} : { cursor }) }, read);
            ids.push(...page.items.map((s) => s.instanceId));
            cursor = page.cursor;
          } while (cursor !== undefined);
          expect(ids).toEqual(listed(positions));
        },
      ),
      { numRuns: 300, verbose: true },
    );
  });
});
