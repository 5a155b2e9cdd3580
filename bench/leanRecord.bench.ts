import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logRow } from '../src/adapters/sqlite/stepRows.js';
import { decodeStep } from '../src/core/leanRecord.js';
import type { StepRecord } from '../src/core/stepRecord.js';
import { statebridgeSide } from './asyncWorkflow.js';
import { compareRates, type BenchRow } from './measure.js';

interface StoredStep {
  readonly record: StepRecord;
  readonly previous: StepRecord | undefined;
  readonly lean: string;
  readonly whole: string;
}

/**
 * The lean log encoding's CPU per step of the peer workflow, against writing and reading each whole record as JSON
 * (how the log stored steps before lean records). The records are read back from a SQLite run and each is encoded
 * against the one before it, as the store does; read back, they hold no settled values, so the encoder here does
 * without the parts it keeps from step to step for a live instance's input.
 */
export async function benchEncoding(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'statebridge-encoding-'));
  try {
    const steps = await storedSteps(dir);
    const encode = (): number => {
      for (const { record, previous } of steps) logRow(record, previous);
      return steps.length;
    };
    const stringify = (): number => {
      for (const { record } of steps) JSON.stringify(record);
      return steps.length;
    };
    const decode = (): number => {
      for (const { record, previous, lean } of steps) decodeStep(lean, record.streamId, record.version, previous);
      return steps.length;
    };
    const parse = (): number => {
      for (const { whole } of steps) JSON.parse(whole);
      return steps.length;
    };
    const [encodes, stringifies] = await compareRates(encode, stringify, { rounds: 7, ms: 300 });
    const [decodes, parses] = await compareRates(decode, parse, { rounds: 7, ms: 300 });
    return [
      { name: 'lean record encode per step', value: 1e6 / encodes, unit: 'µs' },
      { name: 'whole record JSON.stringify per step', value: 1e6 / stringifies, unit: 'µs' },
      { name: 'lean encode / whole JSON.stringify', value: stringifies / encodes, unit: '× the time' },
      { name: 'lean record decode per step', value: 1e6 / decodes, unit: 'µs' },
      { name: 'whole record JSON.parse per step', value: 1e6 / parses, unit: 'µs' },
      { name: 'lean decode / whole JSON.parse', value: parses / decodes, unit: '× the time' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every step of 64 workflows run 64 at a time, with the record before it and both stored forms. */
async function storedSteps(dir: string): Promise<StoredStep[]> {
  const { side, store } = statebridgeSide('sqlite', dir);
  await side.run(64, 64);
  const db = new Database(join(dir, 'peers.db'), { readonly: true });
  const streams = db.prepare<[], { stream_id: string }>('SELECT stream_id FROM instances').all();
  db.close();
  const steps: StoredStep[] = [];
  for (const { stream_id } of streams) {
    let previous: StepRecord | undefined;
    for await (const record of store.readStream(stream_id)) {
      steps.push({ record, previous, lean: logRow(record, previous), whole: JSON.stringify(record) });
      previous = record;
    }
  }
  await side.close();
  return steps;
}
