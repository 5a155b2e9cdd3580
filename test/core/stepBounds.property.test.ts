import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assign, raise, setup } from 'xstate';
import { asyncInvocationDefinition } from '../../machines/asyncInvocation/asyncInvocation.definition.js';
import { defineMachine } from '../../src/core/machineDefinition.js';
import { jsonBound } from '../../src/core/recordSize.js';
import { frozenJson } from '../../src/core/sharedJson.js';
import { decide } from '../../src/core/step.js';
import type { Json, MachineEvent, StepRecord } from '../../src/core/stepRecord.js';

type Sent = { type: string; data?: unknown; settled?: boolean };

/**
 * A machine whose steps make every part a record's size check counts: a context that keeps what it was
 * sent, a command whose params carry it (settled or not), a timer whose event carries it and that stays
 * pending across steps, an output, a description and secret keys.
 */
const echo = defineMachine({
  id: 'echo',
  version: 1,
  describe: (state) => ({ title: `echo ${JSON.stringify(state.value)}` }),
  machine: setup({
    types: { context: {} as { last: unknown }, events: {} as Sent },
    actions: { call: (_: unknown, _params: unknown) => undefined },
  }).createMachine({
    id: 'echo',
    meta: { redact: ['last'] },
    context: { last: null },
    initial: 'idle',
    states: {
      idle: {
        on: {
          SEND: {
            target: 'waiting',
            actions: [
              assign({ last: ({ event }) => event.data }),
              {
                type: 'call',
                params: ({ event }: { event: Sent }) => ({
                  data: event.settled === true ? frozenJson(event.data) : event.data,
                  n: 1,
                }),
              },
              raise(({ event }) => ({ type: 'LATER', data: event.data }), { id: 'later', delay: 1_000 }),
            ],
          },
        },
      },
      waiting: { on: { SEND: { target: 'idle', actions: 'call' }, STOP: 'stopped' } },
      stopped: { type: 'final' },
    },
    output: ({ context }) => ({ last: context.last }),
  }),
});

const data = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.string({ unit: 'binary' }));
const sent = fc.oneof(
  fc.record({ type: fc.constant('SEND'), data, settled: fc.boolean() }),
  fc.constant({ type: 'STOP' }),
);

/** Decide `events` from the start, as the runtime does: each step from the last one's record and snapshot. */
function run(definition: typeof echo, events: readonly MachineEvent[], first: MachineEvent): StepRecord[] {
  const decided: StepRecord[] = [];
  let current: ReturnType<typeof decide> | undefined;
  for (const [i, event] of [first, ...events].entries()) {
    if (current !== undefined && current.record.state.status !== 'active') break;
    const step = {
      definition,
      streamId: 's',
      head: current?.record,
      eventId: `e${i}`,
      event,
      origin: i === 0 ? ({ kind: 'start' } as const) : ({ kind: 'external' } as const),
      at: i * 1_000,
      links: { correlationId: 's' },
    };
    current = decide(step, current?.snapshot);
    // The bound worked out from the parts the step made is the one a walk of the whole record finds.
    expect(current.bound).toBe(jsonBound(current.record));
    decided.push(current.record);
  }
  return decided;
}

describe('the bound of the record a step decides', () => {
  it('is the bound a walk of the record finds, step after step', () => {
    fc.assert(
      fc.property(fc.array(sent, { maxLength: 6 }), (events) => {
        const records = run(echo, events, { type: 'xstate.init' });
        expect(records.length).toBeGreaterThan(0);
      }),
    );
  });

  it('is the walk’s on the asynchronous invocation machine, with commands and timers carried over', () => {
    const input = asyncInvocationDefinition.input!.parse({
      requestId: 'r1',
      functionName: 'f',
      functionArn: 'arn:aws:lambda:local:000000000000:function:f',
      payload: { a: 'é\u0000' },
      acceptedAt: 0,
      config: { onSuccess: { type: 'function', name: 'g', arn: 'arn:g' } },
      visits: { f: 1 },
    }) as Json;
    const failed = { type: 'attempt.failed', attempt: 1, functionError: 'Unhandled', error: { errorMessage: 'x' } };
    const records = run(
      asyncInvocationDefinition as unknown as typeof echo,
      [
        { type: 'dequeued' },
        { ...failed, startedAt: 0, finishedAt: 0 },
        { type: 'retry' },
        { type: 'attempt.succeeded', attempt: 2, response: { ok: true }, startedAt: 0, finishedAt: 0 },
        { type: 'destination.delivered', target: 'arn:g', record: {}, delivered: {} },
      ],
      { type: 'xstate.init', input },
    );
    expect(records.map((r) => r.stateAfter)).toContain('active.waitingToRetry');
    expect(records.some((r) => r.pending.timers.length > 0 && r.timersSet.length === 0)).toBe(true);
  });

  it('is undefined where JSON would do more than copy a part', () => {
    const records = run(echo, [{ type: 'SEND', data: { at: new Date(0) } }], {
      type: 'xstate.init',
    });
    expect(records).toHaveLength(2);
    expect(jsonBound(records[1])).toBeUndefined();
  });
});
