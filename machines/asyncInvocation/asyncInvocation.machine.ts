import { assign, cancel, raise, setup } from 'xstate';
import { frozenJson } from '../../src/core/sharedJson.js';
import { COMMAND_FAILED, isCommandFailure, type CommandOutcomeEvent } from '../../src/core/stepProtocol.js';
import type {
  AttemptOutcome,
  DeliveryOutcome,
  InvocationInput,
  InvokeFunctionParams,
} from '../../src/protocol/invocation/invocationInput.js';
import type { InvocationCondition } from '../../src/protocol/invocation/record.js';
import {
  functionErrorRetryDelayMs,
  scaleDelay,
  throttleRetryDelayMs,
} from '../../src/protocol/invocation/retryPolicy.js';
import {
  destinationFor,
  lastErrorMessage,
  recordFieldsOf,
  type DeliverResultParams,
  type InvocationContext,
  type SendToDeadLetterParams,
} from './asyncInvocation.events.js';

/** Events the asynchronous-invocation machine understands. */
export type InvocationEvent =
  | { type: 'dequeued' }
  | AttemptOutcome
  | DeliveryOutcome
  | { type: 'age.expired' }
  | { type: 'retry' }
  | CommandOutcomeEvent;

// An executor fault while delivering also ends that delivery: the service drops a result it cannot deliver.
const DELIVERY_OUTCOMES = [
  'destination.delivered',
  'destination.failed',
  'destination.loopStopped',
  'deadLetter.sent',
  'deadLetter.failed',
  COMMAND_FAILED,
] as const;

/** Lambda never retries a RequestResponse invocation: its one attempt's outcome goes back to the caller. */
function isSynchronous(context: InvocationContext): boolean {
  return context.input.invocationType === 'RequestResponse';
}

// Named actions are commands (carried out after commit); everything else is inline assignment.
const invocationSetup = setup({
  types: {
    context: {} as InvocationContext,
    input: {} as InvocationInput,
    events: {} as InvocationEvent,
    output: {} as { condition: InvocationCondition; approximateInvokeCount: number },
  },
  actions: {
    dequeue: (_, _params: { requestId: string }) => undefined,
    invokeFunction: (_, _params: InvokeFunctionParams) => undefined,
    deliverResult: (_, _params: DeliverResultParams) => undefined,
    sendToDeadLetter: (_, _params: SendToDeadLetterParams) => undefined,
  },
  guards: {
    // A synchronous caller is answered by the attempt itself (a throttle included), never by this shortcut.
    zeroReservedConcurrency: ({ context }) => context.input.config.reservedConcurrency === 0 && !isSynchronous(context),
    synchronous: ({ context }) => isSynchronous(context),
    retriesExhausted: ({ context }) =>
      isSynchronous(context) || context.functionErrors + 1 > context.input.config.maximumRetryAttempts,
    ageExpired: ({ context }) => context.ageExpired,
    allDelivered: ({ context }) => context.pendingDeliveries === 0,
    isInvokeFault: ({ event }) => isCommandFailure(event, 'invokeFunction'),
  },
  delays: {
    eventAge: ({ context }) => context.input.config.maximumEventAgeInSeconds * 1000,
    functionErrorRetry: ({ context }) =>
      scaleDelay(functionErrorRetryDelayMs(context.functionErrors), context.input.retryDelayScale),
    throttleRetry: ({ context }) => scaleDelay(throttleRetryDelayMs(context.throttles), context.input.retryDelayScale),
  },
});

const recordFailure = invocationSetup.assign(({ context, event }) =>
  event.type === 'attempt.failed'
    ? {
        invokeCount: context.invokeCount + 1,
        functionErrors: context.functionErrors + 1,
        lastResponse: { functionError: event.functionError, payload: event.error },
      }
    : {},
);
const recordThrottle = invocationSetup.assign({ throttles: ({ context }) => context.throttles + 1 });
const decide = (condition: InvocationCondition) => invocationSetup.assign({ condition: () => condition });

// The one destination decision of an invocation: made once, on entering succeeded or failed.
// Destinations and dead-letter queues apply to asynchronous invocations only.
const decideDelivery = invocationSetup.enqueueActions(({ context, enqueue }) => {
  const condition = context.condition ?? 'Success';
  const asynchronous = !isSynchronous(context);
  const destination = asynchronous ? destinationFor(context, condition) : undefined;
  const deadLetter = condition === 'Success' || !asynchronous ? undefined : context.input.config.deadLetterQueue;
  enqueue.assign({
    pendingDeliveries: (destination === undefined ? 0 : 1) + (deadLetter === undefined ? 0 : 1),
    decision: { condition, destination: destination?.arn ?? 'none', deadLetter: deadLetter?.arn ?? 'none' },
  });
  if (destination !== undefined) {
    const params: DeliverResultParams = {
      destination,
      fields: recordFieldsOf(context, condition),
      functionName: context.input.functionName,
      visits: context.input.visits,
      retryDelayScale: context.input.retryDelayScale,
    };
    enqueue({ type: 'deliverResult', params });
  }
  if (deadLetter !== undefined) {
    const params: SendToDeadLetterParams = {
      target: deadLetter,
      requestId: context.input.requestId,
      payload: context.input.payload,
      errorMessage: lastErrorMessage(context),
    };
    enqueue({ type: 'sendToDeadLetter', params });
  }
});

const expire = { target: '#asyncInvocation.failed', actions: decide('EventAgeExceeded') } as const;

/**
 * One asynchronous invocation as the service runs it: queued → running → (waiting to retry |
 * throttled) → succeeded / failed, each delivering the record to its destination → done.
 * Function errors are retried `maximumRetryAttempts` times after 1 then 2 minutes; throttles back off
 * 1 s … 5 min; nothing is attempted once the event age runs out. A RequestResponse invocation (input
 * `invocationType`) ends with its first attempt, whatever its outcome, and delivers nothing.
 */
export const asyncInvocationMachine = invocationSetup.createMachine({
  id: 'asyncInvocation',
  // The input never changes: frozen once, every step's record shares it instead of copying it again.
  context: ({ input }) => ({
    input: frozenJson(input),
    attempt: 0,
    invokeCount: 0,
    functionErrors: 0,
    throttles: 0,
    ageExpired: false,
    pendingDeliveries: 0,
  }),
  initial: 'active',
  output: ({ context }) => ({ condition: context.condition ?? 'Success', approximateInvokeCount: context.invokeCount }),
  states: {
    active: {
      // The age timer spans every state in which the event may still be attempted.
      entry: raise({ type: 'age.expired' }, { delay: 'eventAge', id: 'eventAge' }),
      exit: cancel('eventAge'),
      initial: 'queued',
      states: {
        queued: {
          entry: { type: 'dequeue', params: ({ context }) => ({ requestId: context.input.requestId }) },
          on: {
            dequeued: [
              {
                guard: 'zeroReservedConcurrency',
                target: '#asyncInvocation.failed',
                actions: decide('ZeroReservedConcurrency'),
              },
              { target: 'running' },
            ],
            'age.expired': expire,
          },
        },
        running: {
          entry: [
            assign({ attempt: ({ context }) => context.attempt + 1 }),
            {
              type: 'invokeFunction',
              params: ({ context }) => ({
                requestId: context.input.requestId,
                functionName: context.input.functionName,
                attempt: context.attempt,
                payload: context.input.payload,
                acceptedAt: context.input.acceptedAt,
                maximumEventAgeInSeconds: context.input.config.maximumEventAgeInSeconds,
                timeoutSeconds: context.input.config.timeoutSeconds,
              }),
            },
          ],
          on: {
            'attempt.succeeded': {
              target: '#asyncInvocation.succeeded',
              actions: assign({
                invokeCount: ({ context }) => context.invokeCount + 1,
                lastResponse: ({ event }) => ({ payload: event.response }),
                condition: () => 'Success' as const,
              }),
            },
            'attempt.failed': [
              {
                guard: 'retriesExhausted',
                target: '#asyncInvocation.failed',
                actions: [recordFailure, decide('RetriesExhausted')],
              },
              {
                guard: 'ageExpired',
                target: '#asyncInvocation.failed',
                actions: [recordFailure, decide('EventAgeExceeded')],
              },
              { target: 'waitingToRetry', actions: recordFailure },
            ],
            'attempt.throttled': [
              {
                guard: 'synchronous',
                target: '#asyncInvocation.failed',
                actions: [recordThrottle, decide('RetriesExhausted')],
              },
              {
                guard: 'ageExpired',
                target: '#asyncInvocation.failed',
                actions: [recordThrottle, decide('EventAgeExceeded')],
              },
              { target: 'throttled', actions: recordThrottle },
            ],
            [COMMAND_FAILED]: [
              // A fault of the executor itself is the service's "system error": retried like a throttle.
              {
                guard: ({ context, event }) => event.kind === 'invokeFunction' && isSynchronous(context),
                target: '#asyncInvocation.failed',
                actions: [recordThrottle, decide('RetriesExhausted')],
              },
              {
                guard: ({ context, event }) => event.kind === 'invokeFunction' && context.ageExpired,
                target: '#asyncInvocation.failed',
                actions: [recordThrottle, decide('EventAgeExceeded')],
              },
              { guard: 'isInvokeFault', target: 'throttled', actions: recordThrottle },
            ],
            'attempt.expired': { target: '#asyncInvocation.failed', actions: decide('EventAgeExceeded') },
            'age.expired': { actions: assign({ ageExpired: true }) },
          },
        },
        waitingToRetry: {
          entry: raise({ type: 'retry' }, { delay: 'functionErrorRetry', id: 'retry' }),
          exit: cancel('retry'),
          on: { retry: 'running', 'age.expired': expire },
        },
        throttled: {
          entry: raise({ type: 'retry' }, { delay: 'throttleRetry', id: 'retry' }),
          exit: cancel('retry'),
          on: { retry: 'running', 'age.expired': expire },
        },
      },
    },
    succeeded: { initial: 'delivering', states: { delivering: deliveringState() } },
    failed: { initial: 'delivering', states: { delivering: deliveringState() } },
    done: { type: 'final' },
  },
});

function deliveringState() {
  return {
    entry: decideDelivery,
    always: { guard: 'allDelivered' as const, target: '#asyncInvocation.done' },
    on: Object.fromEntries(
      DELIVERY_OUTCOMES.map((type) => [
        type,
        {
          actions: assign({
            pendingDeliveries: ({ context }: { context: InvocationContext }) => context.pendingDeliveries - 1,
          }),
        },
      ]),
    ),
  };
}
