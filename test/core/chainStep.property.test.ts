import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  initialTransition,
  transition,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type AnyStateNode,
  type EventObject,
} from 'xstate';
import { asyncInvocationDefinition } from '../../machines/asyncInvocation/asyncInvocation.definition.js';
import { customResourceDefinition } from '../../machines/customResource/customResource.definition.js';
import { queueMessageDefinition } from '../../machines/queueMessage/queueMessage.definition.js';
import { isChainMachine } from '../../src/core/chainPlan.js';
import { pureInitialTransition, pureTransition } from '../../src/core/pureTransition.js';
import { COMMAND_FAILED } from '../../src/core/stepProtocol.js';
import type { MachineEvent } from '../../src/core/stepRecord.js';
import { customResourceInput } from '../support/customResourceInput.js';

// The planned step must decide exactly what xstate decides: same state, context, output, tags and
// actions (type and params, in order), step after step, and it must hand xstate snapshots it accepts.

type Outcome = { threw: true } | { threw: false; snapshot: AnyMachineSnapshot; view: unknown };

function view(snapshot: AnyMachineSnapshot, actions: readonly { type: string; params?: unknown }[]) {
  return {
    value: snapshot.value,
    status: snapshot.status,
    context: snapshot.context,
    output: snapshot.output,
    tags: [...snapshot.tags].sort(),
    nodes: (snapshot._nodes as AnyStateNode[]).map((node) => node.id).sort(),
    actions: actions.map((action) => ({ type: action.type, params: action.params })),
  };
}

function attempt(run: () => readonly [AnyMachineSnapshot, readonly { type: string }[]]): Outcome {
  try {
    const [snapshot, actions] = run();
    return { threw: false, snapshot, view: view(snapshot, actions) };
  } catch {
    return { threw: true };
  }
}

/** Run `events` on both paths from `input`, comparing every step. */
function compare(machine: AnyStateMachine, input: unknown, events: readonly EventObject[]): void {
  let reference = attempt(() => initialTransition(machine, input as never) as never);
  let planned = attempt(() => pureInitialTransition(machine, input));
  expect(planned.threw).toBe(reference.threw);
  for (const event of events) {
    if (reference.threw || planned.threw) return;
    expect(planned.view).toEqual(reference.view);
    if (reference.snapshot.status !== 'active') return;
    // xstate continues from the planned snapshot exactly as from its own.
    const fromPlanned = planned.snapshot;
    const crossed = attempt(() => transition(machine, fromPlanned, event) as never);
    const fromReference = reference.snapshot;
    reference = attempt(() => transition(machine, fromReference, event) as never);
    planned = attempt(() => pureTransition(machine, fromPlanned, event));
    expect(planned.threw).toBe(reference.threw);
    expect(crossed.threw).toBe(reference.threw);
    if (!crossed.threw && !reference.threw) expect(crossed.view).toEqual(reference.view);
  }
  if (!reference.threw && !planned.threw) expect(planned.view).toEqual(reference.view);
}

const destination = fc.constantFrom(undefined, { type: 'queue', name: 'q', arn: 'arn:q' });
const invocationInput = fc
  .record({
    maximumRetryAttempts: fc.integer({ min: 0, max: 2 }),
    reservedConcurrency: fc.constantFrom(undefined, 0, 5),
    onSuccess: fc.constantFrom(undefined, { type: 'function', name: 'next', arn: 'arn:next' }),
    onFailure: destination,
    deadLetterQueue: destination,
    invocationType: fc.constantFrom(undefined, 'Event', 'RequestResponse'),
    scale: fc.constantFrom(1, 0.5),
  })
  .map(({ invocationType, scale, ...config }) =>
    asyncInvocationDefinition.input!.parse({
      requestId: 'r1',
      functionName: 'f',
      functionArn: 'arn:f',
      payload: { a: 1 },
      acceptedAt: 0,
      config: Object.fromEntries(
        Object.entries({ maximumEventAgeInSeconds: 600, ...config }).filter(([, v]) => v !== undefined),
      ),
      retryDelayScale: scale,
      visits: { f: 1 },
      ...(invocationType === undefined ? {} : { invocationType }),
    }),
  );

const invocationEvent: fc.Arbitrary<EventObject> = fc.oneof(
  fc.constantFrom<EventObject>({ type: 'dequeued' }, { type: 'retry' }, { type: 'age.expired' }),
  fc.record({
    type: fc.constant('attempt.succeeded'),
    attempt: fc.nat(3),
    response: fc.jsonValue({ maxDepth: 1 }),
    startedAt: fc.constant(0),
    finishedAt: fc.constant(1),
  }),
  fc.record({
    type: fc.constant('attempt.failed'),
    attempt: fc.nat(3),
    functionError: fc.constantFrom('Handled', 'Unhandled'),
    error: fc.oneof(fc.constant({ errorMessage: 'boom' }), fc.string()),
    startedAt: fc.constant(0),
    finishedAt: fc.constant(1),
  }),
  fc.record({
    type: fc.constant('attempt.throttled'),
    attempt: fc.nat(3),
    reason: fc.constant('handler'),
    at: fc.nat(),
  }),
  fc.record({ type: fc.constant('attempt.expired'), attempt: fc.nat(3), at: fc.nat() }),
  fc.record({
    type: fc.constantFrom(
      'destination.delivered',
      'destination.failed',
      'destination.loopStopped',
      'deadLetter.sent',
      'deadLetter.failed',
    ),
    target: fc.constant('arn:q'),
  }),
  fc.record({
    type: fc.constant(COMMAND_FAILED),
    kind: fc.constantFrom('invokeFunction', 'deliverResult', 'dequeue'),
    key: fc.constant('k'),
    error: fc.constant({}),
  }),
);

describe('the planned step of chain machines', () => {
  it('decides every asynchronous invocation exactly as xstate does', () => {
    const machine = asyncInvocationDefinition.machine;
    expect(isChainMachine(machine)).toBe(true);
    fc.assert(
      fc.property(invocationInput, fc.array(invocationEvent, { maxLength: 14 }), (input, events) =>
        compare(machine, input, events),
      ),
      { numRuns: 400 },
    );
  });

  it('decides every custom resource exactly as xstate does', () => {
    const machine = customResourceDefinition.machine;
    expect(isChainMachine(machine)).toBe(true);
    fc.assert(
      fc.property(
        fc.constantFrom(...resourceInputs),
        fc.array(fc.constantFrom(...resourceEvents), { maxLength: 12 }),
        (input, events) => compare(machine, input, events),
      ),
      { numRuns: 300 },
    );
  });

  it('decides every queue message exactly as xstate does', () => {
    const machine = queueMessageDefinition.machine;
    expect(isChainMachine(machine)).toBe(true);
    const consumer = fc.constantFrom('work', 'audit');
    const requestId = fc.constantFrom('b1', 'b2');
    const event = fc.oneof(
      fc.record({ type: fc.constant('message.received'), consumer, requestId, visibleAt: fc.nat(100) }),
      fc.record({ type: fc.constantFrom('message.returned', 'message.deleted'), consumer, requestId }),
      fc.record({ type: fc.constant('message.redriven'), consumer, requestId, deadLetterQueue: fc.constant('dlq') }),
    );
    const input = queueMessageDefinition.input!.parse({
      queue: 'jobs',
      messageId: 'm1',
      body: '{}',
      attributes: {},
      sentAt: 0,
      consumers: ['work', 'audit'],
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 12 }), (events) => compare(machine, input, events)),
      { numRuns: 200 },
    );
  });
});

const START = Date.parse('2026-01-01T00:00:00Z');
const resourceInputs = [
  customResourceInput(),
  customResourceInput({ poll: { intervalSeconds: 10, totalTimeoutSeconds: 30 } }),
  customResourceInput({ provider: 'ros', delivery: 'sync' }),
  customResourceInput({ invalid: 'ResourceType: must be Custom::<…>' }),
  customResourceInput({ skipHandler: 'the id is the failed-Create marker' }, 'Delete'),
];
const resourceEvents: MachineEvent[] = [
  { type: 'handlerResult', outcome: { kind: 'answer', Status: 'SUCCESS', PhysicalResourceId: 'res-1' }, at: START + 1 },
  { type: 'handlerResult', outcome: { kind: 'answer', Status: 'FAILED', Reason: 'no' }, at: START + 1 },
  { type: 'handlerResult', outcome: { kind: 'defer' }, at: START + 1 },
  { type: 'handlerResult', outcome: { kind: 'poll', PhysicalResourceId: 'res-1' }, at: START + 1 },
  { type: COMMAND_FAILED, kind: 'invokeHandler', key: 'k', error: { message: 'executor down' } },
  { type: COMMAND_FAILED, kind: 'pollHandler', key: 'k', error: { message: 'executor down' } },
  { type: COMMAND_FAILED, kind: 'putResponse', key: 'k', error: { message: 'executor down' } },
  { type: 'xstate.after.decideDeadline.customResource.open' },
  { type: 'xstate.after.pollInterval.customResource.open.polling.waiting' },
  { type: 'xstate.after.putBackoff.customResource.backoff' },
  { type: 'duplicate' },
  { type: 'cancelled', byRequestId: 'rollback-1' },
  { type: 'respond', answer: { Status: 'SUCCESS', PhysicalResourceId: 'res-1' } },
  { type: 'pollResult', outcome: { kind: 'answer', Status: 'SUCCESS' }, at: START + 1 },
  { type: 'pollResult', outcome: { kind: 'pending', state: { step: 2 } }, at: START + 1 },
  { type: 'pollResult', outcome: { kind: 'pending' }, at: START + 10 * 3600_000 },
  { type: 'putResult', ok: true, retryable: false, httpStatus: 200, at: START + 1 },
  { type: 'putResult', ok: false, retryable: true, httpStatus: 500, at: START + 1 },
  { type: 'putResult', ok: false, retryable: false, httpStatus: 403, at: START + 1 },
  { type: 'compensated', ok: true },
  { type: 'compensated', ok: false, reason: 'gone' },
];
