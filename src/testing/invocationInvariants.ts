import type { StepRecord } from '../core/stepRecord.js';
import { isCommandFailure } from '../core/stepProtocol.js';
import {
  conditionFromLog,
  noAttemptAfterEventAge,
  noRetryBeyondLimit,
  oneDeliveryDecision,
  recordAgreesWithLog,
  retryWaitsFollowPolicy,
  type InvocationInvariant,
} from './invocationLogChecks.js';
import type { InvocationInput } from '../protocol/invocation/invocationInput.js';
import type { InvocationRecord } from '../protocol/invocation/record.js';
import { invariant, type Invariant } from './invariant.js';

/** What the outside world observed of one asynchronous invocation. */
export interface InvocationWorld {
  /** Every time the function's code started running (duplicates included), by the clock. */
  readonly executions: { readonly attempt: number; readonly at: number }[];
  /** Records written to destinations (queues, topics), with the idempotency key of the command that wrote them. */
  readonly deliveries: { readonly target: string; readonly key: string; readonly record: InvocationRecord }[];
  /** Raw events written to the dead-letter queue or topic. */
  readonly deadLetters: { readonly target: string; readonly key: string }[];
}

/** A fresh, empty invocation world. */
export function invocationWorld(): InvocationWorld {
  return { executions: [], deliveries: [], deadLetters: [] };
}

/** Wrap one of the protocol's pure invocation rules as a kit invariant, under the same name. */
function fromRule(
  rule: InvocationInvariant,
  description: string,
  judgeable: (records: readonly StepRecord[]) => boolean = () => true,
): Invariant<InvocationWorld> {
  return invariant<InvocationWorld>(rule.name, description, ({ records }) =>
    judgeable(records)
      ? rule
          .check(records)
          .map((v) => ({ message: v.message, ...(v.version === undefined ? {} : { version: v.version }) }))
      : [],
  );
}

const inputOf = (records: readonly StepRecord[]) =>
  (records[0]?.state.context as { input?: InvocationInput } | null)?.input;

/** The record's condition and invoke count agree with the attempts in the log. */
// The log implies EventAgeExceeded only once the instance is done, but a record can be delivered while a
// dead-letter outcome is still on its way (reordered outcomes): judge it once the log says how it ended.
const recordAgreesWithLogInvariant = fromRule(
  recordAgreesWithLog,
  'condition and approximateInvokeCount agree with the log',
  (records) => conditionFromLog(records) !== undefined,
);
/** One destination decision, at most one delivery per target, no dead letter on success. */
const oneDeliveryDecisionInvariant = fromRule(oneDeliveryDecision, 'one destination decision per invocation');
/** No attempt starts once the event is maximumEventAgeInSeconds old (as the log records it). */
const noAttemptAfterEventAgeInvariant = fromRule(noAttemptAfterEventAge, 'nothing is attempted after the event age');
/** At most 1 + maximumRetryAttempts function errors. */
const noRetryBeyondLimitInvariant = fromRule(noRetryBeyondLimit, 'retries stay within maximumRetryAttempts');
/** Retry waits are 1 then 2 minutes after errors, 1 s doubling to 5 min after throttles. */
const retryWaitsFollowPolicyInvariant = fromRule(retryWaitsFollowPolicy, 'retry waits follow the service');

/** The function's code never starts once the event is too old, by the clock (duplicates and late re-runs included). */
const noExecutionAfterEventAge: Invariant<InvocationWorld> = invariant(
  'no execution after event age',
  'the code does not run for an expired event',
  ({ records, world }) => {
    const input = inputOf(records);
    if (input === undefined) return [];
    const deadline = input.acceptedAt + input.config.maximumEventAgeInSeconds * 1000;
    return world.executions
      .filter((e) => e.at >= deadline)
      .map((e) => ({ message: `attempt ${e.attempt} ran ${e.at - deadline} ms after the event age ran out` }));
  },
);

/** Each destination gets the result of one decision: re-sends after a crash share the command's key. */
const oneDestinationDelivery: Invariant<InvocationWorld> = invariant(
  'one destination delivery',
  'one decision reaches each destination',
  ({ world }) => {
    const keys = new Set(world.deliveries.map((d) => d.key));
    const dead = new Set(world.deadLetters.map((d) => d.key));
    const found =
      keys.size > 1
        ? [
            {
              message: `${keys.size} different deliveries: ${world.deliveries
                .map((d) => `${d.target} (${d.record.requestContext.condition})`)
                .join(', ')}`,
            },
          ]
        : [];
    return dead.size > 1 ? [...found, { message: `${dead.size} different dead letters` }] : found;
  },
);

/** What the destination received states the condition and count the log implies. */
const deliveredRecordAgrees: Invariant<InvocationWorld> = invariant(
  'delivered record agrees with the log',
  'destinations are told the truth',
  ({ records, world }) => {
    const condition = conditionFromLog(records);
    const count = records.filter(
      (r) => r.event.type === 'attempt.succeeded' || r.event.type === 'attempt.failed',
    ).length;
    return world.deliveries.flatMap((d) => {
      const context = d.record.requestContext;
      const problems = [];
      // Before the log is finished an EventAgeExceeded is not yet implied by it; judged once the log catches up.
      if (condition !== undefined && context.condition !== condition)
        problems.push({ message: `destination told ${context.condition}, the log implies ${String(condition)}` });
      if (context.approximateInvokeCount !== count)
        problems.push({
          message: `destination told approximateInvokeCount ${context.approximateInvokeCount}, the log has ${count}`,
        });
      return problems;
    });
  },
);

/**
 * The asynchronous-invocation invariants checked after every step: the protocol's rules over the log,
 * and checks of what the function and the destinations saw.
 * @example
 * const model = { ...asyncInvocationModel(), invariants: invocationInvariants };
 */
export const invocationInvariants: readonly Invariant<InvocationWorld>[] = [
  recordAgreesWithLogInvariant,
  oneDeliveryDecisionInvariant,
  noAttemptAfterEventAgeInvariant,
  noRetryBeyondLimitInvariant,
  retryWaitsFollowPolicyInvariant,
  noExecutionAfterEventAge,
  oneDestinationDelivery,
  deliveredRecordAgrees,
];

/**
 * At the end: the invocation finished, and a configured destination received its record (unless delivery itself
 * failed).
 */
const invocationFinished: Invariant<InvocationWorld> = invariant(
  'invocation finishes and delivers',
  'every invocation ends with its record delivered',
  ({ records, world }) => {
    const head = records.at(-1);
    if (head === undefined) return [];
    if (head.state.status !== 'done') return [{ message: `still ${head.stateAfter}` }];
    const decision = (head.state.context as { decision?: { destination: string } } | null)?.decision;
    const failedDelivery = records.some(
      (r) => r.event.type === 'destination.failed' || isCommandFailure(r.event, 'deliverResult'),
    );
    if (
      decision !== undefined &&
      decision.destination !== 'none' &&
      !failedDelivery &&
      !world.deliveries.some((d) => d.target === decision.destination)
    ) {
      return [{ message: `nothing delivered to ${decision.destination}` }];
    }
    return [];
  },
);

/** Checked once at the end of a run. */
export const invocationEventually: readonly Invariant<InvocationWorld>[] = [invocationFinished];
