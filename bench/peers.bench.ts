import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { StepRecord } from '../src/core/stepRecord.js';
import type { EventStore } from '../src/ports/eventStore.js';
import { statebridgeSide, type WorkflowSide } from './asyncWorkflow.js';
import { median, type BenchRow } from './measure.js';
import { durableRunnerSide, localStepFunctionsSide } from './peerWorkflows.js';
import { polyfillPromiseWithResolvers } from './promiseWithResolvers.js';

// The durable runner's fake timers replace the global clock while it runs; keep the real one.
const realNow = performance.now.bind(performance);
const CONCURRENCY = 64;
const ROUNDS = 3;
const MIN_MS = 500;

/** Workflows/s of one side: whole waves of `concurrency` until at least MIN_MS of real time has passed. */
async function rate(side: WorkflowSide, concurrency: number): Promise<number> {
  let count = 0;
  const start = realNow();
  while (realNow() - start < MIN_MS) {
    await side.run(concurrency, concurrency);
    count += concurrency;
  }
  return (count * 1000) / (realNow() - start);
}

/**
 * The peer workflow (fail once, wait 60 s virtual, succeed, deliver to a second function) on
 * statebridge (memory, SQLite) against aws-local-stepfunctions and the durable SDK's local runner,
 * sequential and 64 concurrent, sides alternating in rounds; medians and ratios from this one run.
 */
export async function benchPeers(): Promise<BenchRow[]> {
  const polyfilled = polyfillPromiseWithResolvers();
  const dir = mkdtempSync(join(tmpdir(), 'statebridge-peers-'));
  try {
    const memory = statebridgeSide('memory', dir);
    const sqlite = statebridgeSide('sqlite', dir);
    const asl = await localStepFunctionsSide();
    const durable = await durableRunnerSide();
    const sides: [string, WorkflowSide, (() => Promise<void>)?, (() => Promise<void>)?][] = [
      ['statebridge memory', memory.side],
      ['statebridge sqlite', sqlite.side],
      ['aws-local-stepfunctions', asl],
      ['durable local runner', durable, () => durable.enter(), () => durable.leave()],
    ];
    const rates = new Map<string, number[]>();
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const [name, side, enter, leave] of sides) {
        await enter?.();
        for (const concurrency of [1, CONCURRENCY]) {
          const key = `${name}|${concurrency}`;
          rates.set(key, [...(rates.get(key) ?? []), await rate(side, concurrency)]);
        }
        await leave?.();
      }
    }
    const rateOf = (name: string, concurrency: number) => median(rates.get(`${name}|${concurrency}`)!);
    const rows: BenchRow[] = [];
    for (const [name] of sides) {
      rows.push({ name: `${name}, sequential`, value: rateOf(name, 1), unit: 'workflows/s' });
      // The goal: a persisted workflow at 64 concurrent runs at least 1,000 times a second.
      const goal = name === 'statebridge sqlite' ? ' (target ≥ 1,000)' : '';
      const value = rateOf(name, CONCURRENCY);
      rows.push({ name: `${name}, ${CONCURRENCY} concurrent`, value, unit: `workflows/s${goal}` });
    }
    // Every workflow takes the same steps (nine: six of the first invocation, three of the second).
    const stepsPerWorkflow = memory.side.steps() / memory.side.delivered();
    for (const concurrency of [1, CONCURRENCY]) {
      const how = concurrency === 1 ? 'sequential' : `${CONCURRENCY} concurrent`;
      rows.push({
        name: `statebridge memory, time per step, ${how}`,
        value: 1e6 / (rateOf('statebridge memory', concurrency) * stepsPerWorkflow),
        unit: 'µs (target ≤ 70)',
      });
      rows.push({
        name: `memory / aws-local-stepfunctions, ${how}`,
        value: rateOf('statebridge memory', concurrency) / rateOf('aws-local-stepfunctions', concurrency),
        unit: 'ratio (target ≥ 0.1)',
      });
      rows.push({
        name: `sqlite / durable local runner, ${how}`,
        value: rateOf('statebridge sqlite', concurrency) / rateOf('durable local runner', concurrency),
        // The goal is set at 64 concurrent, where group commit shares fsyncs; sequential is shown for scale.
        unit: concurrency === 1 ? 'ratio' : 'ratio (target ≥ 5)',
      });
    }
    const path = join(dir, 'peers.db');
    const { rows: byteRows, steps } = await recordBytes(sqlite.store, path);
    await memory.side.close();
    await sqlite.side.close();
    // Measured after close, which checkpoints the WAL into the file and removes it.
    byteRows.push({ name: 'SQLite file per step (after close)', value: statSync(path).size / steps, unit: 'B' });
    rows.push(...byteRows);
    console.log(
      '\npeers: statebridge sqlite persists every step (WAL, ' +
        'synchronous=FULL, fsync per group commit); statebridge memory,',
    );
    console.log(
      'aws-local-stepfunctions and the durable local runner (in-process checkpoint server) keep everything in memory.',
    );
    console.log(
      `Waits: statebridge advances a virtual clock; aws-local-stepfunctions ` +
        `overrides the retry interval to 0; the durable runner skips time.`,
    );
    if (polyfilled)
      console.log(
        `Promise.withResolvers is missing in node ${process.version}; ` +
          `the benchmark polyfills it for aws-local-stepfunctions 3.x.`,
      );
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Bytes the SQLite store holds per step and per workflow, against the whole-record JSON it stored before lean records.
 */
async function recordBytes(store: EventStore, path: string): Promise<{ rows: BenchRow[]; steps: number }> {
  const db = new Database(path, { readonly: true });
  const { steps, bytes } = db
    .prepare<[], { steps: number; bytes: number }>('SELECT COUNT(*) AS steps, SUM(LENGTH(record)) AS bytes FROM steps')
    .get()!;
  const streams = db.prepare<[], { stream_id: string }>('SELECT stream_id FROM instances').all();
  db.close();
  let wholeBytes = 0;
  for (const { stream_id } of streams) {
    for await (const record of store.readStream(stream_id))
      wholeBytes += Buffer.byteLength(JSON.stringify(record satisfies StepRecord));
  }
  // Each workflow is two instances: the invocation of `first` and the one of `second` it delivered to.
  const workflows = streams.length / 2;
  const rows = [
    { name: 'log bytes per step (lean records)', value: bytes / steps, unit: 'B (target ≤ 800)' },
    { name: 'log bytes per step (whole records, as before)', value: wholeBytes / steps, unit: 'B' },
    { name: 'log bytes per workflow (lean records)', value: bytes / workflows, unit: 'B' },
    { name: 'log bytes per workflow (whole records, as before)', value: wholeBytes / workflows, unit: 'B' },
  ];
  return { rows, steps };
}
