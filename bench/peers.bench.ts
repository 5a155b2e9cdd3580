import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, type BenchRow } from './measure.js';
import { startSideProcess, type SideProcess } from './peerSideProcesses.js';
import { PEER_SIDES, type PeerSideName } from './peerSideProtocol.js';

const CONCURRENCY = 64;
/** Measured rounds; each side's first round before them warms it up (JIT) and is not counted. */
const ROUNDS = 5;
/** Real time per measurement: whole waves until it has passed. */
const MIN_MS = 800;

/**
 * The peer workflow (fail once, wait 60 s virtual, succeed, deliver to a second function) on
 * statebridge (memory, SQLite) against aws-local-stepfunctions and the durable SDK's local runner,
 * sequential and 64 concurrent. Each side runs in a process of its own; the sides take turns round by
 * round (the order rotating), so a busy machine slows all alike; medians and ratios from this one run.
 */
export async function benchPeers(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'statebridge-peers-'));
  const started: SideProcess[] = [];
  try {
    // Opened together (none is measured yet); a side that fails to open leaves the others to be stopped.
    const opening = await Promise.allSettled(PEER_SIDES.map((name) => startSideProcess(name, dir)));
    for (const result of opening) if (result.status === 'fulfilled') started.push(result.value);
    for (const result of opening) if (result.status === 'rejected') throw result.reason;
    const { rates, cpu } = await measureInRounds(started);
    const rateOf = (name: PeerSideName, concurrency: number) => median(rates.get(`${name}|${concurrency}`)!);
    // A ratio is the median of the rounds' ratios: two sides measured in one round met the same load.
    const ratioOf = (a: PeerSideName, b: PeerSideName, concurrency: number) => {
      const over = rates.get(`${b}|${concurrency}`)!;
      return median(rates.get(`${a}|${concurrency}`)!.map((rate, round) => rate / over[round]!));
    };
    const spreadOf = (name: PeerSideName, concurrency: number) => {
      const values = rates.get(`${name}|${concurrency}`)!;
      return `rounds ${Math.round(Math.min(...values))}–${Math.round(Math.max(...values))}`;
    };
    const rows: BenchRow[] = [];
    for (const name of PEER_SIDES) {
      rows.push({ name: `${name}, sequential`, value: rateOf(name, 1), unit: `workflows/s (${spreadOf(name, 1)})` });
      // The goal: a persisted workflow at 64 concurrent runs at least 1,000 times a second.
      const goal = name === 'statebridge sqlite' ? 'target ≥ 1,000; ' : '';
      const value = rateOf(name, CONCURRENCY);
      const unit = `workflows/s (${goal}${spreadOf(name, CONCURRENCY)})`;
      rows.push({ name: `${name}, ${CONCURRENCY} concurrent`, value, unit });
    }
    const [memory, sqlite, , durable] = started as [SideProcess, SideProcess, SideProcess, SideProcess];
    // Every workflow takes the same steps (nine: six of the first invocation, three of the second).
    const stepsPerWorkflow = (await memory.report()).stepsPerWorkflow!;
    for (const concurrency of [1, CONCURRENCY]) {
      const how = concurrency === 1 ? 'sequential' : `${CONCURRENCY} concurrent`;
      rows.push({
        name: `statebridge memory, time per step, ${how}`,
        value: 1e6 / (rateOf('statebridge memory', concurrency) * stepsPerWorkflow),
        unit: 'µs (target ≤ 70)',
      });
      // CPU time (every thread of the side's process) barely moves when other work shares the machine.
      rows.push({
        name: `statebridge memory, CPU time per step, ${how}`,
        value: median(cpu.get(`statebridge memory|${concurrency}`)!) / stepsPerWorkflow,
        unit: 'µs',
      });
      rows.push({
        name: `memory / aws-local-stepfunctions, ${how}`,
        value: ratioOf('statebridge memory', 'aws-local-stepfunctions', concurrency),
        unit: 'ratio (target ≥ 0.1)',
      });
      rows.push({
        name: `sqlite / durable local runner, ${how}`,
        value: ratioOf('statebridge sqlite', durable.name, concurrency),
        // The goal is set at 64 concurrent, where group commit shares fsyncs; sequential is shown for scale.
        unit: concurrency === 1 ? 'ratio' : 'ratio (target ≥ 5)',
      });
    }
    const { rows: byteRows, steps } = await sqlite.report();
    for (const side of started) await side.close();
    // Measured after close, which checkpoints the WAL into the file and removes it.
    const fileBytes = statSync(join(dir, 'peers.db')).size;
    byteRows.push({ name: 'SQLite file per step (after close)', value: fileBytes / steps!, unit: 'B' });
    rows.push(...byteRows);
    explain(started.some((side) => side.polyfilled));
    return rows;
  } finally {
    for (const side of started) side.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Workflows/s and CPU µs per workflow per side and concurrency (`name|concurrency`), one figure per measured round.
 */
async function measureInRounds(
  sides: readonly SideProcess[],
): Promise<{ rates: Map<string, number[]>; cpu: Map<string, number[]> }> {
  const rates = new Map<string, number[]>();
  const cpu = new Map<string, number[]>();
  for (let round = 0; round <= ROUNDS; round += 1) {
    // Round 0 warms every side up alike; then each round starts with the next side, so none always follows the same.
    const order = sides.map((_, i) => sides[(i + round) % sides.length]!);
    for (const side of order) {
      for (const concurrency of [1, CONCURRENCY]) {
        const rate = await side.measure(concurrency, MIN_MS);
        if (round === 0) continue;
        const key = `${side.name}|${concurrency}`;
        rates.set(key, [...(rates.get(key) ?? []), rate]);
        cpu.set(key, [...(cpu.get(key) ?? []), side.cpuPerWorkflow()]);
      }
    }
  }
  return { rates, cpu };
}

function explain(polyfilled: boolean): void {
  const lines = [
    'peers: statebridge sqlite persists every step (WAL, synchronous=FULL, fsync per group commit); statebridge ' +
      'memory,',
    'aws-local-stepfunctions and the durable local runner (in-process checkpoint server) keep everything in memory.',
    'Waits: statebridge advances a virtual clock; aws-local-stepfunctions overrides the retry interval to 0; ' +
      'the durable runner skips time.',
    `Each side runs in its own process (its own heap, JIT and globals), opened once for the whole run: ` +
      `one warm-up round of ${MIN_MS} ms`,
    `per concurrency, not counted, then ${ROUNDS} rounds of ${MIN_MS} ms each, the sides taking turns; ` +
      "rates are the median round, ratios the median of the rounds' ratios.",
    'Every side keeps what it keeps across rounds, as a long-running process would: the memory store every ' +
      'instance (a heap its users collect too), SQLite its file.',
    'Error stacks are plain in every side, as node prints them by default: the TypeScript loader running the ' +
      'benchmark turns source maps off again.',
  ];
  if (polyfilled)
    lines.push(
      `Promise.withResolvers is missing in node ${process.version}; ` +
        `the benchmark polyfills it for aws-local-stepfunctions 3.x (in its process only).`,
    );
  console.log(`\n${lines.join('\n')}`);
}
