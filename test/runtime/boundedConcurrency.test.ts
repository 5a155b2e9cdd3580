import { describe, expect, it } from 'vitest';
import { forEachBounded } from '../../src/runtime/boundedConcurrency.js';

/** Runs `forEachBounded` over `count` items, recording what ran and the most running at once. */
async function runOver(count: number, limit: number, failing: ReadonlySet<number> = new Set()) {
  const ran: number[] = [];
  let running = 0;
  let most = 0;
  const outcome = await forEachBounded(
    Array.from({ length: count }, (_, i) => i),
    limit,
    async (item) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setImmediate(resolve));
      running -= 1;
      ran.push(item);
      if (failing.has(item)) throw new Error(`item ${item} failed`);
    },
  ).then(
    () => 'done',
    (error: unknown) => (error as Error).message,
  );
  return { ran, most, outcome };
}

describe('forEachBounded', () => {
  it('runs every item once, never more than the limit at once', async () => {
    for (const count of [0, 1, 2, 7]) {
      const { ran, most, outcome } = await runOver(count, 3);
      expect(outcome).toBe('done');
      expect([...ran].sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i));
      expect(most).toBe(Math.min(count, 3));
    }
  });

  it('rejects with the failure of a lone item, and of one among many after the others settled', async () => {
    expect((await runOver(1, 4, new Set([0]))).outcome).toBe('item 0 failed');
    const many = await runOver(6, 2, new Set([1]));
    expect(many.outcome).toBe('item 1 failed');
    expect(many.ran).toHaveLength(6);
  });
});
