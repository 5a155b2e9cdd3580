import { assertEvent, setup } from 'xstate';
import { COMMAND_FAILED, isCommandFailure } from '../../src/core/stepProtocol.js';
import type { ResponseCandidate } from '../../src/protocol/customResource/responseBody.js';
import { putBackoffMs, requestDeadlines } from '../../src/protocol/customResource/timeouts.js';
import {
  candidateOf,
  candidateOfPoll,
  compensateParams,
  decideAnswer,
  echoOf,
  mergePollAnswer,
  needsCompensation,
  timeoutCandidate,
} from './customResource.decide.js';
import type {
  CustomResourceContext,
  CustomResourceEvent,
  CustomResourceInput,
  DecidedBy,
  HandlerOutcome,
  PollOutcome,
} from './customResource.events.js';

const isCommandFault =
  (kind: string) =>
  ({ event }: { event: CustomResourceEvent }) =>
    isCommandFailure(event, kind);

const customResourceSetup = setup({
  types: {
    context: {} as CustomResourceContext,
    input: {} as CustomResourceInput,
    events: {} as CustomResourceEvent,
  },
  actions: {
    invokeHandler: (_, _params: { handler: string; requestType: string }) => undefined,
    pollHandler: (_, _params: { handler: string; attempt: number }) => undefined,
    putResponse: (_, _params: { attempt: number }) => undefined,
    compensateCreate: (_, _params: { handler: string; physicalResourceId: string }) => undefined,
  },
  guards: {
    isInvalid: ({ context }) => context.invalid !== undefined,
    skipsHandler: ({ context }) => context.skipHandler !== undefined,
    answered: ({ event }) => {
      assertEvent(event, 'handlerResult');
      return event.outcome.kind === 'answer';
    },
    deferred: ({ event }) => {
      assertEvent(event, 'handlerResult');
      return event.outcome.kind === 'defer';
    },
    pollAnswered: ({ event }) => {
      assertEvent(event, 'pollResult');
      return event.outcome.kind === 'answer';
    },
    pollBudgetLeft: ({ context, event }) => {
      assertEvent(event, 'pollResult');
      return event.at + (context.pollConfig?.intervalMs ?? 0) < (context.poll?.until ?? 0);
    },
    canPoll: ({ context }) => context.pollConfig !== undefined,
    handlerFault: isCommandFault('invokeHandler'),
    pollFault: isCommandFault('pollHandler'),
    putFault: isCommandFault('putResponse'),
    syncDelivery: ({ context }) => context.delivery === 'sync',
    compensable: ({ context }) => needsCompensation(context),
    compensableSync: ({ context }) => needsCompensation(context) && context.delivery === 'sync',
    compensableOnCancel: ({ context, event }) => {
      assertEvent(event, 'cancelled');
      return needsCompensation({ ...context, cancelledBy: event.byRequestId });
    },
    putOk: ({ event }) => {
      assertEvent(event, 'putResult');
      return event.ok;
    },
    putRetryable: ({ context, event }) => {
      assertEvent(event, 'putResult');
      return event.retryable && event.at + putBackoffMs(context.putAttempts) < context.deliverBy;
    },
  },
  delays: {
    decideDeadline: ({ context }) => Math.max(0, context.decideBy - context.receivedAt),
    pollInterval: ({ context }) => context.pollConfig?.intervalMs ?? 0,
    putBackoff: ({ context }) => putBackoffMs(context.putAttempts),
  },
});

/** The answer an outcome carries; the `answered` and `pollAnswered` guards let only answers through. */
function answerIn(outcome: HandlerOutcome | PollOutcome): ResponseCandidate {
  if (outcome.kind !== 'answer') throw new Error(`customResource: expected an answer outcome, got "${outcome.kind}"`);
  return candidateOf(outcome);
}

/** Decide once, from a candidate built out of the context (and the event that decided). */
const decideWith = (by: DecidedBy, candidate: (context: CustomResourceContext) => ResponseCandidate) =>
  customResourceSetup.assign(({ context }) => decideAnswer(context, candidate(context), by));

/** Decide FAILED because a command (the handler, isComplete) could not run at all. */
const decideCommandFailed = (what: string) =>
  customResourceSetup.assign(({ context, event }) => {
    assertEvent(event, COMMAND_FAILED);
    return decideAnswer(
      context,
      { Status: 'FAILED', Reason: `${what} could not run: ${event.error.message}` },
      'handler-fault',
    );
  });

const decideHandlerAnswer = customResourceSetup.assign(({ context, event }) => {
  assertEvent(event, 'handlerResult');
  return decideAnswer(context, answerIn(event.outcome), 'handler');
});

const decidePollAnswer = customResourceSetup.assign(({ context, event }) => {
  assertEvent(event, 'pollResult');
  return decideAnswer(context, mergePollAnswer(context, answerIn(event.outcome)), 'poll');
});

const decideResponderAnswer = customResourceSetup.assign(({ context, event }) => {
  assertEvent(event, 'respond');
  return decideAnswer(context, event.answer, 'responder');
});

/** Counted only: a duplicate never re-runs the handler; a re-sent request may carry a fresh ResponseURL. */
const countDuplicate = customResourceSetup.assign(({ context, event }) => {
  assertEvent(event, 'duplicate');
  return {
    duplicates: context.duplicates + 1,
    ...(event.responseUrl === undefined ? {} : { responseUrl: event.responseUrl }),
  };
});

const countLateResult = customResourceSetup.assign({ lateResults: ({ context }) => context.lateResults + 1 });

/** After the decision, results and answers that arrive late are counted and never change the decided body. */
const ignoreLateResults = {
  handlerResult: { actions: countLateResult },
  pollResult: { actions: countLateResult },
  respond: { actions: countLateResult },
};

/** Undo a Create that succeeded after a rollback cancelled it: mark it pending and delete what it made. */
const startCompensation = [
  customResourceSetup.assign({ compensation: 'pending' }),
  {
    type: 'compensateCreate',
    params: ({ context }: { context: CustomResourceContext }) => compensateParams(context),
  } as const,
];

const startPolling = customResourceSetup.assign(({ context, event }) => {
  assertEvent(event, 'handlerResult');
  if (event.outcome.kind !== 'poll') return {};
  const until = event.at + (context.pollConfig?.totalMs ?? 0);
  return { poll: { until, attempts: 0, ...candidateOfPoll(event.outcome) } };
});

const countPollAttempt = customResourceSetup.assign({
  poll: ({ context }) =>
    context.poll === undefined ? undefined : { ...context.poll, attempts: context.poll.attempts + 1 },
});

/** A pending poll may hand back a new `state` for the next poll. */
const keepPollState = customResourceSetup.assign({
  poll: ({ context, event }) => {
    assertEvent(event, 'pollResult');
    return {
      ...context.poll!,
      ...(event.outcome.kind === 'pending' && event.outcome.state !== undefined ? { state: event.outcome.state } : {}),
    };
  },
});

const countPutAttempt = customResourceSetup.assign({ putAttempts: ({ context }) => context.putAttempts + 1 });

const recordPutError = customResourceSetup.assign({
  lastPutError: ({ event }) => {
    if (event.type === COMMAND_FAILED) return event.error.message;
    assertEvent(event, 'putResult');
    return event.error ?? `HTTP ${event.httpStatus ?? '?'}`;
  },
});

const recordCancellation = customResourceSetup.assign({
  cancelledBy: ({ event }) => {
    assertEvent(event, 'cancelled');
    return event.byRequestId;
  },
});

const recordCompensation = customResourceSetup.assign({
  compensation: ({ event }) => {
    assertEvent(event, 'compensated');
    return event.ok ? 'done' : `failed: ${event.reason ?? 'unknown'}`;
  },
});

/** The context a new request starts with: its deadlines fixed at arrival, nothing decided. */
function initialContext(input: CustomResourceInput): CustomResourceContext {
  const deadlines = requestDeadlines(input.receivedAt, input.timeoutSeconds);
  return {
    provider: input.provider,
    handler: input.handler,
    event: input.event,
    ...(input.invalid === undefined ? {} : { invalid: input.invalid }),
    ...(input.skipHandler === undefined ? {} : { skipHandler: input.skipHandler }),
    delivery: input.delivery,
    ...(input.responseUrl === undefined ? {} : { responseUrl: input.responseUrl }),
    receivedAt: input.receivedAt,
    timeoutSeconds: input.timeoutSeconds,
    decideBy: deadlines.decideBy,
    deliverBy: deadlines.deliverBy,
    ...(input.poll === undefined
      ? {}
      : {
          pollConfig: {
            intervalMs: input.poll.intervalSeconds * 1000,
            totalMs: input.poll.totalTimeoutSeconds * 1000,
          },
        }),
    putAttempts: 0,
    duplicates: 0,
    lateResults: 0,
  };
}

/**
 * One custom resource request, from arrival to a delivered answer. Received → running the handler →
 * (deferred | polling) → decided (exactly once; the body is stored) → delivering (PUT, retried with capped
 * backoff until the provider's deadline) → answered. A deadline timer fixed at arrival answers FAILED if
 * nothing was decided in time. Late results and duplicates never change the decided body; a duplicate
 * after the answer re-sends the same bytes.
 */
export const customResourceMachine = customResourceSetup.createMachine({
  id: 'customResource',
  context: ({ input }) => initialContext(input),
  on: {
    cancelled: [
      { guard: 'compensableOnCancel', actions: [recordCancellation, ...startCompensation] },
      { actions: recordCancellation },
    ],
    compensated: { actions: recordCompensation },
  },
  initial: 'open',
  states: {
    open: {
      after: {
        decideDeadline: {
          target: 'decided',
          actions: decideWith('deadline', (context) => timeoutCandidate(context, 'the request')),
        },
      },
      on: {
        duplicate: { actions: countDuplicate },
        respond: { target: 'decided', actions: decideResponderAnswer },
      },
      initial: 'received',
      states: {
        received: {
          always: [
            {
              guard: 'isInvalid',
              target: '#customResource.decided',
              actions: decideWith('invalid-request', (context) => ({
                Status: 'FAILED',
                Reason: `invalid request: ${context.invalid ?? ''}`,
              })),
            },
            {
              guard: 'skipsHandler',
              target: '#customResource.decided',
              actions: decideWith('skipped-delete', () => ({ Status: 'SUCCESS' })),
            },
            { target: 'running' },
          ],
        },
        running: {
          entry: {
            type: 'invokeHandler',
            params: ({ context }) => ({ handler: context.handler, requestType: echoOf(context).RequestType }),
          },
          on: {
            handlerResult: [
              { guard: 'answered', target: '#customResource.decided', actions: decideHandlerAnswer },
              { guard: 'deferred', target: 'deferred' },
              { guard: 'canPoll', target: 'polling', actions: startPolling },
              {
                target: '#customResource.decided',
                actions: decideWith('handler-fault', () => ({
                  Status: 'FAILED',
                  Reason: 'the handler asked to be polled but defines no isComplete',
                })),
              },
            ],
            [COMMAND_FAILED]: {
              guard: 'handlerFault',
              target: '#customResource.decided',
              actions: decideCommandFailed('handler'),
            },
          },
        },
        deferred: {},
        polling: {
          initial: 'waiting',
          states: {
            waiting: { after: { pollInterval: 'checking' } },
            checking: {
              entry: [
                countPollAttempt,
                {
                  type: 'pollHandler',
                  params: ({ context }) => ({ handler: context.handler, attempt: context.poll?.attempts ?? 0 }),
                },
              ],
              on: {
                pollResult: [
                  { guard: 'pollAnswered', target: '#customResource.decided', actions: decidePollAnswer },
                  { guard: 'pollBudgetLeft', target: 'waiting', actions: keepPollState },
                  {
                    target: '#customResource.decided',
                    actions: decideWith('poll-timeout', (context) =>
                      timeoutCandidate(context, 'the operation (isComplete polling)'),
                    ),
                  },
                ],
                [COMMAND_FAILED]: {
                  guard: 'pollFault',
                  target: '#customResource.decided',
                  actions: decideCommandFailed('isComplete'),
                },
              },
            },
          },
        },
      },
    },
    decided: {
      always: [
        { guard: 'compensableSync', target: 'answered', actions: startCompensation },
        { guard: 'compensable', target: 'delivering', actions: startCompensation },
        { guard: 'syncDelivery', target: 'answered' },
        { target: 'delivering' },
      ],
    },
    delivering: {
      entry: [countPutAttempt, { type: 'putResponse', params: ({ context }) => ({ attempt: context.putAttempts }) }],
      on: {
        putResult: [
          { guard: 'putOk', target: 'answered' },
          { guard: 'putRetryable', target: 'backoff', actions: recordPutError },
          { target: 'undelivered', actions: recordPutError },
        ],
        [COMMAND_FAILED]: { guard: 'putFault', target: 'undelivered', actions: recordPutError },
        duplicate: { actions: countDuplicate },
        ...ignoreLateResults,
      },
    },
    backoff: {
      after: { putBackoff: 'delivering' },
      on: { duplicate: { actions: countDuplicate }, ...ignoreLateResults },
    },
    answered: {
      tags: ['answered'],
      on: {
        duplicate: [
          { guard: 'syncDelivery', actions: countDuplicate },
          { target: 'delivering', actions: countDuplicate },
        ],
        ...ignoreLateResults,
      },
    },
    undelivered: {
      tags: ['undelivered'],
      on: { duplicate: { target: 'delivering', actions: countDuplicate }, ...ignoreLateResults },
    },
  },
});
