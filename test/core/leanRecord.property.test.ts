import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeStep, encodeStep } from '../../src/core/leanRecord.js';
import type { Json, StepRecord } from '../../src/core/stepRecord.js';
import { buildRecords } from '../contracts/fixtureMachine.js';

// Records are JSON by contract, so values are what a JSON round trip yields (no -0).
const json: fc.Arbitrary<Json> = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.parse(JSON.stringify(v)) as Json);
const context: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(fc.constantFrom('a', 'b', 'c', '__proto__', 'payload'), json, { maxKeys: 5 }) },
  { weight: 1, arbitrary: json },
);
const id = fc.constantFrom('s-1', 'x', 'timer', '0');

/**
 * Records with no relation between steps (keys, due times and pending work chosen freely): the encoding must not rely
 * on one.
 */
const record = (streamId: string, version: number): fc.Arbitrary<StepRecord> =>
  fc
    .record(
      {
        streamId: fc.constant(streamId),
        version: fc.constant(version),
        eventId: fc.oneof(fc.constant(`${streamId}#${version - 1}#0/outcome/0`), fc.string()),
        event: fc.record({ type: fc.string(), data: json }),
        origin: fc.oneof(
          fc.constant({ kind: 'start' as const }),
          fc.constant({ kind: 'external' as const }),
          fc.record({ kind: fc.constant('command' as const), commandKey: fc.string() }),
          fc.record({ kind: fc.constant('timer' as const), timerKey: fc.string(), timerId: id }),
        ),
        at: fc.integer({ min: 0, max: 2 ** 45 }),
        machine: fc.record({ id: fc.constantFrom('m', 'n'), version: fc.integer({ min: 1, max: 3 }) }),
        stateBefore: fc.option(fc.constantFrom('a', 'b.c'), { nil: null }),
        stateAfter: fc.constantFrom('a', 'b.c', 'odd'),
        state: fc.record(
          {
            value: fc.constantFrom<Json>('a', { b: 'c' }),
            context,
            status: fc.constantFrom('active' as const, 'done' as const, 'error' as const),
            output: json,
          },
          { requiredKeys: ['value', 'context', 'status'] },
        ),
        tags: fc.array(fc.constantFrom('busy', 'idle'), { maxLength: 2 }),
        commands: fc.array(
          fc.record({
            key: fc.oneof(fc.constant(`${streamId}#${version}#0`), fc.string()),
            kind: fc.string(),
            params: json,
          }),
          { maxLength: 2 },
        ),
        timersSet: fc.array(
          fc.record({
            id,
            key: fc.string(),
            dueAt: fc.integer(),
            delayMs: fc.integer({ min: 0 }),
            event: fc.record({ type: fc.string() }),
          }),
          { maxLength: 2 },
        ),
        timersCancelled: fc.array(id, { maxLength: 2 }),
        links: fc.record(
          {
            correlationId: fc.oneof(fc.constant(streamId), fc.string()),
            causationId: fc.string(),
            caused: fc.array(fc.string(), { maxLength: 2 }),
          },
          { requiredKeys: ['correlationId'] },
        ),
        pending: fc.record({
          commands: fc.array(fc.record({ key: fc.string(), kind: fc.string(), params: json }), { maxLength: 2 }),
          timers: fc.array(
            fc.record({
              id,
              key: fc.string(),
              delayMs: fc.integer(),
              dueAt: fc.integer(),
              event: fc.record({ type: fc.string() }),
            }),
            { maxLength: 2 },
          ),
        }),
        startedAt: fc.integer({ min: 0, max: 2 ** 45 }),
        redact: fc.constantFrom(['password'], ['password', 'token']),
      },
      {
        requiredKeys: [
          'streamId',
          'version',
          'eventId',
          'event',
          'origin',
          'at',
          'machine',
          'stateBefore',
          'stateAfter',
          'state',
          'tags',
          'commands',
          'timersSet',
          'timersCancelled',
          'links',
          'pending',
          'startedAt',
        ],
      },
    )
    .map((r) => JSON.parse(JSON.stringify(r)) as StepRecord);

const stream = fc
  .tuple(fc.constantFrom('s-1', 'stream-with-a-longer-id'), fc.integer({ min: 1, max: 6 }))
  .chain(([streamId, length]) => fc.tuple(...Array.from({ length }, (_, i) => record(streamId, i + 1))))
  .chain((records) =>
    fc.tuple(fc.constant(records), fc.array(fc.boolean(), { minLength: records.length, maxLength: records.length })),
  );

describe('lean records', () => {
  it('decode to exactly the record encoded, as deltas, checkpoints or a mix', () => {
    fc.assert(
      fc.property(stream, ([records, standalone]) => {
        let previous: StepRecord | undefined;
        for (const [i, original] of records.entries()) {
          const text = encodeStep(original, previous, standalone[i]);
          const decoded = decodeStep(text, original.streamId, original.version, previous);
          expect(decoded).toEqual(original);
          // Key order included: replay compares contexts as JSON text.
          expect(JSON.stringify(decoded.state.context)).toBe(JSON.stringify(original.state.context));
          previous = decoded;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keep every field of records decided by a machine, and store them in far fewer bytes', () => {
    const records = buildRecords('ticket-1', [{ type: 'NOTE', text: 'a' }, { type: 'SUBMIT' }, { type: 'sent' }]);
    let previous: StepRecord | undefined;
    let lean = 0;
    let whole = 0;
    for (const original of records) {
      const text = encodeStep(original, previous);
      const decoded = decodeStep(text, original.streamId, original.version, previous);
      // Same keys, not only equal values: a field the encoding does not know would be dropped here.
      expect(Object.keys(decoded).sort()).toEqual(Object.keys(original).sort());
      expect(decoded).toEqual(original);
      lean += text.length;
      whole += JSON.stringify(original).length;
      previous = decoded;
    }
    expect(lean * 2).toBeLessThan(whole);
  });

  it('refuse to read a delta without the step before it, naming the step', () => {
    fc.assert(
      fc.property(
        stream.filter(([records]) => records.length >= 2),
        ([records]) => {
          const text = encodeStep(records[1]!, records[0]);
          expect(() => decodeStep(text, records[1]!.streamId, 2, undefined)).toThrow(
            new RegExp(`${records[1]!.streamId}#2 is stored as a change to step 1`),
          );
        },
      ),
      { numRuns: 20 },
    );
  });
});
