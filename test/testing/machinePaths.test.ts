import { describe, expect, it } from 'vitest';
import { assign, type AnyMachineSnapshot } from 'xstate';
import { asyncInvocationDefinition } from '../../machines/asyncInvocation/asyncInvocation.definition.js';
import { customResourceDefinition, type CustomResourceContext } from '../../machines/customResource/index.js';
import { stateValueToString } from '../../src/core/stateValue.js';
import type { MachineEvent } from '../../src/core/stepRecord.js';
import {
  deadlineFixed,
  handlerRunsOnce,
  oneDecision,
  secretsRedacted,
  timeoutIsFailed,
  wellFormedAnswer,
} from '../../src/testing/customResourceLogChecks.js';
import { asyncInvocationInvariants } from '../../src/testing/invocationLogChecks.js';
import { invariant, type Invariant } from '../../src/testing/invariant.js';
import { invocationInputFor } from '../../src/testing/models/asyncInvocationModel.js';
import { mutateDefinition, replaceTransition } from '../../src/testing/mutation.js';
import { coverMachine, mergeCoverage, type CoverageReport } from '../../src/testing/pathCoverage.js';
import { customResourceInput } from '../support/customResourceInput.js';

const START = Date.parse('2026-01-01T00:00:00Z');
const LATE = START + 10 * 3600_000;

function report(name: string, r: CoverageReport): void {
  console.log(
    `${name}: ${r.paths} paths; states ${r.states.covered.length}/${r.states.all.length}; ` +
      `transitions ${r.transitions.covered.length}/${r.transitions.all.length}; ` +
      `diverged ${r.diverged.length}` +
      r.transitions.missing.map((t) => `\n  missing: ${t}`).join(''),
  );
}

// ---- custom resources ----

const late = [
  { type: 'handlerResult', outcome: { kind: 'answer', Status: 'SUCCESS' }, at: START + 1 },
  { type: 'pollResult', outcome: { kind: 'pending' }, at: START + 1 },
  { type: 'respond', answer: { Status: 'SUCCESS' } },
];
const crEvents: Record<string, readonly MachineEvent[]> = {
  'open.running': [
    {
      type: 'handlerResult',
      outcome: { kind: 'answer', Status: 'SUCCESS', PhysicalResourceId: 'res-1' },
      at: START + 1,
    },
    { type: 'handlerResult', outcome: { kind: 'defer' }, at: START + 1 },
    { type: 'handlerResult', outcome: { kind: 'poll', PhysicalResourceId: 'res-1' }, at: START + 1 },
    { type: 'statebridge.command.failed', kind: 'invokeHandler', key: 'k', error: { message: 'executor down' } },
    { type: 'xstate.after.decideDeadline.customResource.open' },
    { type: 'duplicate' },
    { type: 'cancelled', byRequestId: 'rollback-1' },
  ],
  'open.deferred': [
    { type: 'respond', answer: { Status: 'SUCCESS', PhysicalResourceId: 'res-1' } },
    { type: 'xstate.after.decideDeadline.customResource.open' },
  ],
  'open.polling.waiting': [{ type: 'xstate.after.pollInterval.customResource.open.polling.waiting' }],
  'open.polling.checking': [
    { type: 'pollResult', outcome: { kind: 'answer', Status: 'SUCCESS' }, at: START + 1 },
    { type: 'pollResult', outcome: { kind: 'pending', state: { step: 2 } }, at: START + 1 },
    { type: 'pollResult', outcome: { kind: 'pending' }, at: LATE },
    { type: 'statebridge.command.failed', kind: 'pollHandler', key: 'k', error: { message: 'executor down' } },
  ],
  delivering: [
    { type: 'putResult', ok: true, retryable: false, httpStatus: 200, at: START + 1 },
    { type: 'putResult', ok: false, retryable: true, httpStatus: 500, at: START + 1 },
    { type: 'putResult', ok: false, retryable: false, httpStatus: 403, at: START + 1 },
    { type: 'statebridge.command.failed', kind: 'putResponse', key: 'k', error: { message: 'executor down' } },
    { type: 'duplicate' },
    { type: 'cancelled', byRequestId: 'rollback-1' },
    { type: 'compensated', ok: true },
    ...late,
  ],
  backoff: [{ type: 'xstate.after.putBackoff.customResource.backoff' }, { type: 'duplicate' }, ...late],
  answered: [{ type: 'duplicate' }, { type: 'compensated', ok: false, reason: 'gone' }, ...late],
  undelivered: [{ type: 'duplicate' }, ...late],
};

const crInvariants: Invariant<undefined>[] = (
  [
    ['1 one decision', oneDecision],
    ['4 timeout is FAILED', timeoutIsFailed],
    ['5-11 answer shape', wellFormedAnswer],
    ['13 handler runs once', handlerRunsOnce],
    ['23 deadline fixed', deadlineFixed],
    ['22 secrets redacted', secretsRedacted],
  ] as const
).map(([name, check]) =>
  invariant<undefined>(name, name, ({ records }) => check(records).map((v) => ({ message: v.message }))),
);

// ---- async invocations ----

const base = {
  maximumRetryAttempts: 2,
  maximumEventAgeInSeconds: 21_600,
  onSuccess: 'queue',
  onFailure: 'queue',
  deadLetter: true,
  script: [],
} as const;
const invEvents: Record<string, readonly MachineEvent[]> = {
  'active.queued': [{ type: 'dequeued' }, { type: 'age.expired' }],
  'active.running': [
    { type: 'attempt.succeeded', attempt: 1, response: 'ok', startedAt: START, finishedAt: START },
    {
      type: 'attempt.failed',
      attempt: 1,
      functionError: 'Unhandled',
      error: { errorMessage: 'boom' },
      startedAt: START,
      finishedAt: START,
    },
    { type: 'attempt.throttled', attempt: 1, reason: 'handler', at: START },
    { type: 'statebridge.command.failed', kind: 'invokeFunction', key: 'k', error: { message: 'invoke API down' } },
    { type: 'attempt.expired', attempt: 1, at: START },
    { type: 'age.expired' },
  ],
  'active.waitingToRetry': [{ type: 'retry' }, { type: 'age.expired' }],
  'active.throttled': [{ type: 'retry' }, { type: 'age.expired' }],
};
const delivering: readonly MachineEvent[] = [
  { type: 'destination.delivered', target: 't', delivered: {} },
  { type: 'destination.failed', target: 't', error: 'refused' },
  { type: 'destination.loopStopped', target: 't', functionName: 'f', visits: 17 },
  { type: 'deadLetter.sent', target: 'd', messageId: 'm' },
  { type: 'deadLetter.failed', target: 'd', error: 'refused' },
  { type: 'statebridge.command.failed', kind: 'deliverResult', key: 'k', error: { message: 'down' } },
];

describe('path coverage of the shipped machines (xstate/graph paths run through the runtime)', () => {
  it('reaches every state and transition of the custom resource machine, keeping every invariant', async () => {
    const r = await coverMachine(customResourceDefinition, {
      start: START,
      inputs: [
        customResourceInput(),
        customResourceInput({ poll: { intervalSeconds: 10, totalTimeoutSeconds: 30 } }),
        customResourceInput({ provider: 'ros', delivery: 'sync' }),
        customResourceInput({ invalid: 'ResourceType: must be Custom::<…>' }),
        customResourceInput({ skipHandler: 'the id is the failed-Create marker' }, 'Delete'),
      ],
      events: (s: AnyMachineSnapshot) => crEvents[stateValueToString(s.value as never)] ?? [],
      contextKey: (c) => {
        const x = c as CustomResourceContext;
        return `${x.cancelledBy ?? ''}|${x.compensation ?? ''}|${x.response?.Status ?? ''}`;
      },
      invariants: crInvariants,
    });
    report('customResource', r);
    expect(r.violations.map((v) => `[${v.invariant}] ${v.message}\n${v.timeline}`)).toEqual([]);
    expect(r.states.missing).toEqual([]);
    expect(r.transitions.missing).toEqual([]);
  }, 60_000);

  it('reaches every state and transition of the async invocation machine, keeping every invariant', async () => {
    const explore = (inputs: readonly unknown[], throttleDepth: number) =>
      coverMachine(asyncInvocationDefinition, {
        start: START,
        inputs,
        events: (s: AnyMachineSnapshot) => {
          const value = stateValueToString(s.value as never);
          return value.endsWith('.delivering') ? delivering : (invEvents[value] ?? []);
        },
        timerEvents: ['retry', 'age.expired'],
        contextKey: (c) => {
          const x = c as { functionErrors: number; throttles: number; ageExpired: boolean; pendingDeliveries: number };
          return `${x.functionErrors}|${Math.min(x.throttles, throttleDepth)}|${x.ageExpired}|${x.pendingDeliveries}`;
        },
        limit: 20_000,
        invariants: asyncInvocationInvariants.map((rule) =>
          invariant<undefined>(rule.name, rule.name, ({ records }) =>
            rule.check(records).map((v) => ({ message: v.message })),
          ),
        ),
      });
    const r = mergeCoverage(
      await explore(
        [
          invocationInputFor(base, START),
          invocationInputFor({ ...base, reservedConcurrency: 0 }, START),
          invocationInputFor({ ...base, onSuccess: 'none', onFailure: 'none', deadLetter: false }, START),
          // A synchronous invocation ends with its one attempt and delivers nothing.
          { ...invocationInputFor({ ...base, reservedConcurrency: 0 }, START), invocationType: 'RequestResponse' },
        ],
        0,
      ),
      // A 60 s event age runs out during the first 60 s retry wait, and after six throttles' back-off.
      await explore(
        [
          invocationInputFor(
            { ...base, maximumEventAgeInSeconds: 60, maximumRetryAttempts: 1, deadLetter: false },
            START,
          ),
        ],
        6,
      ),
    );
    report('asyncInvocation', r);
    expect(r.violations.map((v) => `[${v.invariant}] ${v.message}\n${v.timeline}`)).toEqual([]);
    expect(r.states.missing).toEqual([]);
    expect(r.transitions.missing).toEqual([]);
  }, 60_000);

  it('reports what the paths did not reach, and the invariant a broken variant breaks on a path', async () => {
    const noPolling = (s: AnyMachineSnapshot) =>
      (crEvents[stateValueToString(s.value as never)] ?? []).filter(
        (e) => !(e.type === 'handlerResult' && (e['outcome'] as { kind: string }).kind === 'poll'),
      );
    const partial = await coverMachine(customResourceDefinition, {
      start: START,
      inputs: [customResourceInput()],
      events: noPolling,
      invariants: crInvariants,
    });
    expect(partial.states.missing).toContain('customResource.open.polling.checking');
    expect(partial.transitions.missing).toContain('customResource.open.polling.waiting|after:pollInterval|0');
    expect(partial.transitions.missing).toContain('customResource.open.received|always|0');
    const moving = mutateDefinition(
      customResourceDefinition,
      replaceTransition(['open'], 'duplicate', {
        actions: assign(({ context }: { context: { decideBy: number } }) => ({ decideBy: context.decideBy + 1 })),
      }),
    );
    const broken = await coverMachine(moving, {
      start: START,
      inputs: [customResourceInput()],
      events: noPolling,
      invariants: crInvariants,
    });
    expect(broken.violations.map((v) => v.invariant)).toContain('23 deadline fixed');
  }, 60_000);
});
