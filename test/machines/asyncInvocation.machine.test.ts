import { describe, expect, it } from 'vitest';
import { asyncInvocationDefinition } from '../../machines/asyncInvocation/asyncInvocation.definition.js';
import { decide } from '../../src/core/step.js';
import type { MachineEvent, StepRecord } from '../../src/core/stepRecord.js';

const input = {
  requestId: 'r1',
  functionName: 'f',
  functionArn: 'arn:aws:lambda:local:000000000000:function:f',
  payload: { a: 1 },
  acceptedAt: 0,
  config: { maximumEventAgeInSeconds: 60, onFailure: { type: 'queue', name: 'q', arn: 'arn:q' } },
  visits: { f: 1 },
};

/** Decide steps from the start, one per event, at the given times. */
function replay(events: readonly [number, MachineEvent][]): StepRecord[] {
  const records: StepRecord[] = [];
  const all: [number, MachineEvent][] = [
    [0, { type: 'xstate.init', input: asyncInvocationDefinition.input!.parse(input) }],
    ...events,
  ];
  for (const [i, [at, event]] of all.entries()) {
    records.push(
      decide({
        definition: asyncInvocationDefinition,
        streamId: 'r1',
        head: records.at(-1),
        eventId: `e${i}`,
        event,
        origin: i === 0 ? { kind: 'start' } : { kind: 'external' },
        at,
        links: { correlationId: 'r1' },
      }).record,
    );
  }
  return records;
}

const failed = (attempt: number, at: number): MachineEvent => ({
  type: 'attempt.failed',
  attempt,
  functionError: 'Unhandled',
  error: { errorMessage: 'x' },
  startedAt: at,
  finishedAt: at,
});

describe('asyncInvocation machine', () => {
  it('arms the event-age timer at start and cancels it once the outcome is decided', () => {
    const records = replay([
      [0, { type: 'dequeued' }],
      [0, { type: 'attempt.succeeded', attempt: 1, response: 1, startedAt: 0, finishedAt: 0 }],
    ]);
    expect(records[0]?.timersSet).toEqual([
      expect.objectContaining({ id: 'eventAge', delayMs: 60_000, event: { type: 'age.expired' } }),
    ]);
    expect(records[2]?.timersCancelled).toContain('eventAge');
    expect(records[2]?.stateAfter).toBe('done');
  });

  it('lets a running attempt finish when the age runs out, then fails with EventAgeExceeded, no retry', () => {
    const records = replay([
      [0, { type: 'dequeued' }],
      [60_000, { type: 'age.expired' }],
      [61_000, failed(1, 0)],
    ]);
    expect(records[2]?.stateAfter).toBe('active.running');
    const last = records.at(-1)!;
    expect(last.stateAfter).toBe('failed.delivering');
    expect(last.timersSet).toEqual([]);
    expect(last.commands).toEqual([
      expect.objectContaining({
        kind: 'deliverResult',
        params: expect.objectContaining({
          fields: expect.objectContaining({ condition: 'EventAgeExceeded', approximateInvokeCount: 1 }),
        }),
      }),
    ]);
  });

  it('still reports Success when the age ran out during a successful attempt', () => {
    const records = replay([
      [0, { type: 'dequeued' }],
      [60_000, { type: 'age.expired' }],
      [61_000, { type: 'attempt.succeeded', attempt: 1, response: 'late', startedAt: 0, finishedAt: 61_000 }],
    ]);
    expect(records.at(-1)?.state.output).toEqual({ condition: 'Success', approximateInvokeCount: 1 });
  });

  it('fails with EventAgeExceeded when the executor finds the event too old before running it', () => {
    const records = replay([
      [0, { type: 'dequeued' }],
      [70_000, { type: 'attempt.expired', attempt: 1, at: 70_000 }],
    ]);
    expect(records.at(-1)?.commands[0]?.params).toMatchObject({
      fields: { condition: 'EventAgeExceeded', approximateInvokeCount: 0 },
    });
  });

  it('retries an executor fault with the throttle backoff (a system error)', () => {
    const records = replay([
      [0, { type: 'dequeued' }],
      [0, { type: 'statebridge.command.failed', kind: 'invokeFunction', key: 'k', error: {} }],
    ]);
    expect(records.at(-1)?.stateAfter).toBe('active.throttled');
    expect(records.at(-1)?.timersSet).toEqual([expect.objectContaining({ id: 'retry', delayMs: 1_000 })]);
  });
});
