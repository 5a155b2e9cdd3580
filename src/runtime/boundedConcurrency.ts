/**
 * Run `task` for every item with at most `limit` running at once. Tasks are expected to handle their own
 * errors; the first one that throws anyway rejects the whole run after the others have settled.
 */
export async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  // Most timer passes find nothing or one stream (the last pass of every advance finds nothing): no workers then.
  if (items.length === 0) return;
  if (items.length === 1) return task(items[0]!);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next]!;
      next += 1;
      await task(item);
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
}

/** Capped exponential backoff: `baseMs`, doubling per consecutive failure, never above `maxMs`. */
export function backoffMs(failures: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(failures - 1, 30)));
}
