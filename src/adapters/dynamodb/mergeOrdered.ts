/**
 * Merge async sources that are each ordered by `compare` into one ordered source. The first element of
 * every source is pulled at once (so the queries behind them run in parallel); afterwards only the
 * source whose element was taken is pulled again.
 */
export async function* mergeOrdered<T>(
  sources: readonly AsyncIterable<T>[],
  compare: (a: T, b: T) => number,
): AsyncIterable<T> {
  const iterators = sources.map((source) => source[Symbol.asyncIterator]());
  const heads = await Promise.all(iterators.map((iterator) => iterator.next()));
  try {
    for (;;) {
      let best = -1;
      for (let i = 0; i < heads.length; i += 1) {
        const head = heads[i]!;
        if (head.done === true) continue;
        if (best === -1 || compare(head.value, (heads[best] as IteratorYieldResult<T>).value) < 0) best = i;
      }
      if (best === -1) return;
      yield (heads[best] as IteratorYieldResult<T>).value;
      heads[best] = await iterators[best]!.next();
    }
  } finally {
    // A consumer that stops early (a full page) ends the shard walks too.
    const open = iterators.filter((iterator, i) => heads[i]?.done !== true && iterator.return !== undefined);
    await Promise.all(open.map((iterator) => iterator.return!()));
  }
}

/**
 * DynamoDB's order of string keys: by UTF-8 bytes. JavaScript's `<` compares UTF-16 code units, which puts
 * characters above U+FFFF before U+E000..U+FFFF, the other way round.
 */
export const compareUtf8 = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));
