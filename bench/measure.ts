/** One row of the benchmark table. */
export interface BenchRow {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

/** Run `fn` repeatedly for at least `ms` milliseconds (after a warm-up) and return operations per second. */
export async function opsPerSecond(fn: () => Promise<number> | number, ms = 2000): Promise<number> {
  const warmUntil = performance.now() + Math.min(300, ms / 4);
  while (performance.now() < warmUntil) await fn();
  let ops = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    ops += await fn();
    elapsed = performance.now() - start;
  }
  return (ops * 1000) / elapsed;
}

/** Median of a list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 0 ? (sorted[mid - 1]! + sorted[mid]!) / 2 : sorted[mid]!;
}

/** Print rows as an aligned table. */
export function printTable(title: string, rows: readonly BenchRow[]): void {
  console.log(`\n${title}`);
  const width = Math.max(...rows.map((r) => r.name.length));
  for (const row of rows) {
    const value = row.value >= 100 ? Math.round(row.value).toLocaleString('en-US') : row.value.toFixed(3);
    console.log(`  ${row.name.padEnd(width)}  ${value.padStart(12)} ${row.unit}`);
  }
}

/**
 * Measure two workloads alternately, `rounds` times each, and return the median rate of each, so a
 * machine busy with something else slows both alike and the ratio stays meaningful.
 */
export async function compareRates(
  a: () => Promise<number> | number,
  b: () => Promise<number> | number,
  options: { rounds?: number; ms?: number } = {},
): Promise<[number, number]> {
  const ra: number[] = [];
  const rb: number[] = [];
  for (let i = 0; i < (options.rounds ?? 5); i += 1) {
    ra.push(await opsPerSecond(a, options.ms ?? 600));
    rb.push(await opsPerSecond(b, options.ms ?? 600));
  }
  return [median(ra), median(rb)];
}
