import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeStep, encodeStep } from '../../src/core/leanRecord.js';
import { frozenJson } from '../../src/core/sharedJson.js';
import type { Json, StepRecord } from '../../src/core/stepRecord.js';

/**
 * One asynchronous invocation that fails once, retries and delivers to a second function (9 steps over two
 * streams), with the rows lean encoding wrote for it before parts were looked up by shape: a checkpoint at
 * each start and one in the middle of the first stream, deltas between.
 */
const fixture = JSON.parse(readFileSync(new URL('./fixtures/asyncInvocationSteps.json', import.meta.url), 'utf8')) as {
  records: StepRecord[];
  rows: string[];
};

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const standsAloneAt = (i: number): boolean => fixture.rows[i]!.startsWith('{"@"');

/** Encode records in order, each against the one before it in its stream. */
function encodeAll(records: readonly StepRecord[]): string[] {
  const last = new Map<string, StepRecord>();
  return records.map((record, i) => {
    const text = encodeStep(record, last.get(record.streamId), standsAloneAt(i));
    last.set(record.streamId, record);
    return text;
  });
}

/** Records as the runtime hands them over: the input settled and shared by every step, and by command params. */
function asRuntimeMakesThem(records: readonly StepRecord[]): StepRecord[] {
  const inputs = new Map<string, Json>();
  return copy(records).map((record) => {
    const context = record.state.context as { input: { payload: Json } };
    const input = inputs.get(record.streamId) ?? frozenJson<Json>(context.input);
    inputs.set(record.streamId, input);
    const payload = (input as { payload: Json }).payload;
    const sharePayload = (params: Json): Json =>
      typeof params === 'object' && params !== null && 'payload' in params ? { ...params, payload } : params;
    return {
      ...record,
      state: { ...record.state, context: { ...context, input } },
      commands: record.commands.map((c) => ({ ...c, params: sharePayload(c.params) })),
      pending: {
        ...record.pending,
        commands: record.pending.commands.map((c) => ({ ...c, params: sharePayload(c.params) })),
      },
    };
  });
}

describe('lean records written before', () => {
  it('decode to the records they were written from', () => {
    const last = new Map<string, StepRecord>();
    fixture.rows.forEach((row, i) => {
      const expected = fixture.records[i]!;
      const decoded = decodeStep(row, expected.streamId, expected.version, last.get(expected.streamId));
      expect(decoded).toEqual(expected);
      last.set(expected.streamId, decoded);
    });
  });

  it('are written byte for byte the same today, however the records share their parts', () => {
    // Plain copies: nothing shared between steps.
    expect(encodeAll(copy(fixture.records))).toEqual(fixture.rows);
    // Decoded records: each step's unchanged context members are the step before's own objects.
    const last = new Map<string, StepRecord>();
    const decoded = fixture.rows.map((row, i) => {
      const { streamId, version } = fixture.records[i]!;
      const record = decodeStep(row, streamId, version, last.get(streamId));
      last.set(streamId, record);
      return record;
    });
    expect(encodeAll(decoded)).toEqual(fixture.rows);
    // A settled input shared by every step and by command params, encoded twice (the second time from caches).
    const settled = asRuntimeMakesThem(fixture.records);
    expect(encodeAll(settled)).toEqual(fixture.rows);
    expect(encodeAll(settled)).toEqual(fixture.rows);
  });
});
