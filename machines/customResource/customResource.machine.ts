import { assign, setup } from 'xstate';
import { COMMAND_FAILED, isCommandFailure } from '../../src/core/stepProtocol.js';
import { putBackoffMs, requestDeadlines } from '../../src/protocol/customResource/timeouts.js';
import {
  candidateOf,
  candidateOfPoll,
  compensateParams,
  decide,
  echoOf,
  mergePollAnswer,
  needsCompensation,
  timeoutCandidate,
} from './customResource.decide.js';
import type { CustomResourceContext, CustomResourceEvent, CustomResourceInput } from './customResource.events.js';

type Ev<T extends CustomResourceEvent['type']> = Extract<CustomResourceEvent, { type: T }>;
const isCommandFault =
  (kind: string) =>
  ({ event }: { event: CustomResourceEvent }) =>
    isCommandFailure(event, kind);
/**
 * One custom resource request, from arrival to a delivered answer. Received → running the handler →
 * (deferred | polling) → decided (exactly once; the body is stored) → delivering (PUT, retried with capped
 * backoff until the provider's deadline) → answered. A deadline timer fixed at arrival answers FAILED if
 * nothing was decided in time. Late results and duplicates never change the decided body; a duplicate
 * after the answer re-sends the same bytes.
 */
export const customResourceMachine = setup({
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
    answered: ({ event }) => (event as Ev<'handlerResult'>).outcome.kind === 'answer',
    deferred: ({ event }) => (event as Ev<'handlerResult'>).outcome.kind === 'defer',
    pollAnswered: ({ event }) => (event as Ev<'pollResult'>).outcome.kind === 'answer',
    pollBudgetLeft: ({ context, event }) =>
      (event as Ev<'pollResult'>).at + (context.pollConfig?.intervalMs ?? 0) < (context.poll?.until ?? 0),
    canPoll: ({ context }) => context.pollConfig !== undefined,
    handlerFault: isCommandFault('invokeHandler'),
    pollFault: isCommandFault('pollHandler'),
    putFault: isCommandFault('putResponse'),
    syncDelivery: ({ context }) => context.delivery === 'sync',
    compensable: ({ context }) => needsCompensation(context),
    compensableSync: ({ context }) => needsCompensation(context) && context.delivery === 'sync',
    compensableOnCancel: ({ context, event }) =>
      needsCompensation({ ...context, cancelledBy: (event as Ev<'cancelled'>).byRequestId }),
    putOk: ({ event }) => (event as Ev<'putResult'>).ok,
    putRetryable: ({ context, event }) => {
      const e = event as Ev<'putResult'>;
      return e.retryable && e.at + putBackoffMs(context.putAttempts) < context.deliverBy;
    },
  },
  delays: {
    decideDeadline: ({ context }) => Math.max(0, context.decideBy - context.receivedAt),
    pollInterval: ({ context }) => context.pollConfig?.intervalMs ?? 0,
    putBackoff: ({ context }) => putBackoffMs(context.putAttempts),
  },
}).createMachine({
  id: 'customResource',
  context: ({ input }) => {
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
  },
  on: {
    cancelled: [
      {
        guard: 'compensableOnCancel',
        actions: [
          assign({ cancelledBy: ({ event }) => event.byRequestId, compensation: 'pending' }),
          { type: 'compensateCreate', params: ({ context }) => compensateParams(context) },
        ],
      },
      { actions: assign({ cancelledBy: ({ event }) => event.byRequestId }) },
    ],
    compensated: {
      actions: assign({ compensation: ({ event }) => (event.ok ? 'done' : `failed: ${event.reason ?? 'unknown'}`) }),
    },
  },
  initial: 'open',
  states: {
    open: {
      after: {
        decideDeadline: {
          target: 'decided',
          actions: assign(({ context }) => decide(context, timeoutCandidate(context, 'the request'), 'deadline')),
        },
      },
      on: {
        duplicate: {
          actions: assign(({ context, event }) => ({
            duplicates: context.duplicates + 1,
            ...(event.responseUrl === undefined ? {} : { responseUrl: event.responseUrl }),
          })),
        },
        respond: {
          target: 'decided',
          actions: assign(({ context, event }) => decide(context, event.answer, 'responder')),
        },
      },
      initial: 'received',
      states: {
        received: {
          always: [
            {
              guard: 'isInvalid',
              target: '#customResource.decided',
              actions: assign(({ context }) =>
                decide(
                  context,
                  { Status: 'FAILED', Reason: `invalid request: ${context.invalid ?? ''}` },
                  'invalid-request',
                ),
              ),
            },
            {
              guard: 'skipsHandler',
              target: '#customResource.decided',
              actions: assign(({ context }) => decide(context, { Status: 'SUCCESS' }, 'skipped-delete')),
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
              {
                guard: 'answered',
                target: '#customResource.decided',
                actions: assign(({ context, event }) =>
                  decide(
                    context,
                    candidateOf(event.outcome as Ev<'handlerResult'>['outcome'] & { kind: 'answer' }),
                    'handler',
                  ),
                ),
              },
              { guard: 'deferred', target: 'deferred' },
              {
                guard: 'canPoll',
                target: 'polling',
                actions: assign(({ context, event }) => {
                  const o = event.outcome as Extract<Ev<'handlerResult'>['outcome'], { kind: 'poll' }>;
                  return {
                    poll: { until: event.at + (context.pollConfig?.totalMs ?? 0), attempts: 0, ...candidateOfPoll(o) },
                  };
                }),
              },
              {
                target: '#customResource.decided',
                actions: assign(({ context }) =>
                  decide(
                    context,
                    { Status: 'FAILED', Reason: 'the handler asked to be polled but defines no isComplete' },
                    'handler-fault',
                  ),
                ),
              },
            ],
            [COMMAND_FAILED]: {
              guard: 'handlerFault',
              target: '#customResource.decided',
              actions: assign(({ context, event }) =>
                decide(
                  context,
                  { Status: 'FAILED', Reason: `handler could not run: ${event.error.message}` },
                  'handler-fault',
                ),
              ),
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
                assign({
                  poll: ({ context }) =>
                    context.poll === undefined ? undefined : { ...context.poll, attempts: context.poll.attempts + 1 },
                }),
                {
                  type: 'pollHandler',
                  params: ({ context }) => ({ handler: context.handler, attempt: context.poll?.attempts ?? 0 }),
                },
              ],
              on: {
                pollResult: [
                  {
                    guard: 'pollAnswered',
                    target: '#customResource.decided',
                    actions: assign(({ context, event }) =>
                      decide(
                        context,
                        mergePollAnswer(
                          context,
                          candidateOf(event.outcome as Ev<'pollResult'>['outcome'] & { kind: 'answer' }),
                        ),
                        'poll',
                      ),
                    ),
                  },
                  {
                    guard: 'pollBudgetLeft',
                    target: 'waiting',
                    actions: assign({
                      poll: ({ context, event }) => ({
                        ...context.poll!,
                        ...(event.outcome.kind === 'pending' && event.outcome.state !== undefined
                          ? { state: event.outcome.state }
                          : {}),
                      }),
                    }),
                  },
                  {
                    target: '#customResource.decided',
                    actions: assign(({ context }) =>
                      decide(context, timeoutCandidate(context, 'the operation (isComplete polling)'), 'poll-timeout'),
                    ),
                  },
                ],
                [COMMAND_FAILED]: {
                  guard: 'pollFault',
                  target: '#customResource.decided',
                  actions: assign(({ context, event }) =>
                    decide(
                      context,
                      { Status: 'FAILED', Reason: `isComplete could not run: ${event.error.message}` },
                      'handler-fault',
                    ),
                  ),
                },
              },
            },
          },
        },
      },
    },
    decided: {
      always: [
        {
          guard: 'compensableSync',
          target: 'answered',
          actions: [
            assign({ compensation: 'pending' }),
            { type: 'compensateCreate', params: ({ context }) => compensateParams(context) },
          ],
        },
        {
          guard: 'compensable',
          target: 'delivering',
          actions: [
            assign({ compensation: 'pending' }),
            { type: 'compensateCreate', params: ({ context }) => compensateParams(context) },
          ],
        },
        { guard: 'syncDelivery', target: 'answered' },
        { target: 'delivering' },
      ],
    },
    delivering: {
      entry: [
        assign({ putAttempts: ({ context }) => context.putAttempts + 1 }),
        { type: 'putResponse', params: ({ context }) => ({ attempt: context.putAttempts }) },
      ],
      on: {
        putResult: [
          { guard: 'putOk', target: 'answered' },
          {
            guard: 'putRetryable',
            target: 'backoff',
            actions: assign({ lastPutError: ({ event }) => event.error ?? `HTTP ${event.httpStatus ?? '?'}` }),
          },
          {
            target: 'undelivered',
            actions: assign({ lastPutError: ({ event }) => event.error ?? `HTTP ${event.httpStatus ?? '?'}` }),
          },
        ],
        [COMMAND_FAILED]: {
          guard: 'putFault',
          target: 'undelivered',
          actions: assign({ lastPutError: ({ event }) => event.error.message }),
        },
        duplicate: {
          actions: assign(({ context, event }) => ({
            duplicates: context.duplicates + 1,
            ...(event.responseUrl === undefined ? {} : { responseUrl: event.responseUrl }),
          })),
        },
        handlerResult: { actions: assign({ lateResults: ({ context }) => context.lateResults + 1 }) },
        pollResult: { actions: assign({ lateResults: ({ context }) => context.lateResults + 1 }) },
        respond: { actions: assign({ lateResults: ({ context }) => context.lateResults + 1 }) },
      },
    },
    backoff: {
      after: { putBackoff: 'delivering' },
      on: {
        duplicate: {
          actions: assign(({ context, event }) => ({
            duplicates: context.duplicates + 1,
            ...(event.responseUrl === undefined ? {} : { responseUrl: event.responseUrl }),
          })),
        },
        handlerResult: { actions: assign({ lateResults: ({ context }) => context.lateResults + 1 }) },
        pollResult: { actions: assign({ lateResults: ({ context }) => context.lateResults + 1 }) },
        respond: { actions: assign({ lateResults: ({ context }) => context.lateResults + 1 }) },
      },
    },
    answered: {
      tags: ['answered'],
      on: {
        duplicate: [
          {
            guard: 'syncDelivery',
            actions: assign(({ context, event }) => ({
              duplicates: context.duplicates + 1,
              ...(event.responseUrl === undefined ? {} : { responseUrl: event.responseUrl }),
            })),
          },
          {
            target: 'delivering',
            actions: assign(({ context, event }) => ({
              duplicates: context.duplicates + 1,
              ...(event.responseUrl === undefined ? {} : { responseUrl: event.responseUrl }),
            })),
          },
        ],
        handlerResult: { actions: assign({ lateResults: ({ context }) => context.lateResults + 1 }) },
        pollResult: { actions: assign({ lateResults: ({ context }) => context.lateResults + 1 }) },
        respond: { actions: assign({ lateResults: ({ context }) => context.lateResults + 1 }) },
      },
    },
    undelivered: {
      tags: ['undelivered'],
      on: {
        duplicate: {
          target: 'delivering',
          actions: assign(({ context, event }) => ({
            duplicates: context.duplicates + 1,
            ...(event.responseUrl === undefined ? {} : { responseUrl: event.responseUrl }),
          })),
        },
        handlerResult: { actions: assign({ lateResults: ({ context }) => context.lateResults + 1 }) },
        pollResult: { actions: assign({ lateResults: ({ context }) => context.lateResults + 1 }) },
        respond: { actions: assign({ lateResults: ({ context }) => context.lateResults + 1 }) },
      },
    },
  },
});
