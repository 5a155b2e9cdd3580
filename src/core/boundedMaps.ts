/**
 * Caches of at most `capacity` entries, oldest put first evicted first: the bounded maps and sets the runtime and
 * the stores keep by stream (heads, snapshots, written rows).
 *
 * A key put again moves to the end (a delete and an insert) only once the cache is full, when the order picks
 * what is evicted; below that a put is one `set`, as a cache written on every step wants. The order is then
 * that of first insertion, which is what these caches need: an entry stepped often is put often, and is not
 * the one evicted while the cache is below capacity.
 */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, capacity: number): void {
  if (map.size >= capacity) map.delete(key);
  map.set(key, value);
  if (map.size > capacity) map.delete(map.keys().next().value!);
}

/** `setBounded` for a set. */
export function addBounded<K>(set: Set<K>, key: K, capacity: number): void {
  if (set.size >= capacity) set.delete(key);
  set.add(key);
  if (set.size > capacity) set.delete(set.values().next().value!);
}
