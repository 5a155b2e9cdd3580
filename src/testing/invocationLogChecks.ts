import type { MachineEvent, StepRecord } from '../core/stepRecord.js';
import { isCommandFailure } from '../core/stepProtocol.js';
import type { Violation } from './invariant.js';
import type { InvocationInput } from '../protocol/invocation/invocationInput.js';
import type { InvocationCondition } from '../protocol/invocation/record.js';
import { functionErrorRetryDelayMs, scaleDelay, throttleRetryDelayMs } from '../protocol/invocation/retryPolicy.js';

/**
 * Rules every asynchronous-invocation history must keep, as pure functions over one instance's
 * records (oldest first). Each returns the violations it finds; an empty list means the rule holds.
 * Shared by the unit and property tests and by the public test kit.
 */

/** A named rule over one invocation's records. */
export interface InvocationInvariant {
  readonly name: string;
  check(records: readonly StepRecord[]): Violation[];
}

interface Decision {
  readonly condition: InvocationCondition;
  readonly destination: string;
  readonly deadLetter: string;
}

const inputOf = (records: readonly StepRecord[]) =>
  (records[0]?.state.context as { input?: InvocationInput } | null)?.input;
const decisionOf = (record: StepRecord) => (record.state.context as { decision?: Decision } | null)?.decision;
const executions = (records: readonly StepRecord[]) =>
  records.filter((r) => r.event.type === 'attempt.succeeded' || r.event.type === 'attempt.failed');
const violation = (invariant: string, record: StepRecord | undefined, message: string): Violation => ({
  invariant,
  streamId: record?.streamId ?? '?',
  ...(record === undefined ? {} : { version: record.version }),
  message,
});

/** The condition the log implies, from the outcome events alone. */
export function conditionFromLog(records: readonly StepRecord[]): InvocationCondition | undefined {
  const input = inputOf(records);
  if (input === undefined) return undefined;
  if (input.config.reservedConcurrency === 0) return 'ZeroReservedConcurrency';
  if (records.some((r) => r.event.type === 'attempt.succeeded')) return 'Success';
  const failures = records.filter((r) => r.event.type === 'attempt.failed').length;
  if (failures > input.config.maximumRetryAttempts) return 'RetriesExhausted';
  return records.some((r) => r.state.status === 'done') ? 'EventAgeExceeded' : undefined;
}

/** The record's condition and approximateInvokeCount agree with the attempts in the log. */
export const recordAgreesWithLog: InvocationInvariant = {
  name: 'recordAgreesWithLog',
  check(records) {
    const found: Violation[] = [];
    const expectedCondition = conditionFromLog(records);
    const count = executions(records).length;
    for (const record of records) {
      const event = record.event as MachineEvent & {
        record?: { requestContext?: { condition?: string; approximateInvokeCount?: number } };
      };
      if (event.type !== 'destination.delivered' || event.record === undefined) continue;
      const context = event.record.requestContext;
      if (context?.condition !== expectedCondition) {
        found.push(
          violation(
            this.name,
            record,
            `record says ${String(context?.condition)}, the log implies ${String(expectedCondition)}`,
          ),
        );
      }
      if (context?.approximateInvokeCount !== count) {
        found.push(
          violation(
            this.name,
            record,
            `record says approximateInvokeCount ${String(context?.approximateInvokeCount)}, ` +
              `the log has ${count} executions`,
          ),
        );
      }
    }
    return found;
  },
};

/** Exactly one destination decision per finished invocation, and at most one delivery per target. */
export const oneDeliveryDecision: InvocationInvariant = {
  name: 'oneDeliveryDecision',
  check(records) {
    const found: Violation[] = [];
    const deciding = records.filter(
      (r, i) => decisionOf(r) !== undefined && (i === 0 || decisionOf(records[i - 1]!) === undefined),
    );
    const head = records.at(-1);
    if (deciding.length > 1) found.push(violation(this.name, deciding[1], `${deciding.length} destination decisions`));
    if (head?.state.status === 'done' && deciding.length === 0)
      found.push(violation(this.name, head, 'finished without a destination decision'));
    const commands = records.flatMap((r) => r.commands.map((c) => ({ r, c })));
    const results = commands.filter(({ c }) => c.kind === 'deliverResult');
    const deadLetters = commands.filter(({ c }) => c.kind === 'sendToDeadLetter');
    const decision = deciding[0] === undefined ? undefined : decisionOf(deciding[0]);
    if (results.length !== (decision === undefined || decision.destination === 'none' ? 0 : 1)) {
      found.push(
        violation(
          this.name,
          results[1]?.r ?? head,
          `${results.length} deliverResult commands for destination ${decision?.destination ?? '(undecided)'}`,
        ),
      );
    }
    if (deadLetters.length !== (decision === undefined || decision.deadLetter === 'none' ? 0 : 1)) {
      found.push(
        violation(
          this.name,
          deadLetters[1]?.r ?? head,
          `${deadLetters.length} sendToDeadLetter commands for ${decision?.deadLetter ?? '(undecided)'}`,
        ),
      );
    }
    if (decision !== undefined && decision.condition === 'Success' && decision.deadLetter !== 'none') {
      found.push(violation(this.name, deciding[0], 'a successful invocation was dead-lettered'));
    }
    return found;
  },
};

/** No execution starts once the event is `maximumEventAgeInSeconds` old. */
export const noAttemptAfterEventAge: InvocationInvariant = {
  name: 'noAttemptAfterEventAge',
  check(records) {
    const input = inputOf(records);
    if (input === undefined) return [];
    const deadline = input.acceptedAt + input.config.maximumEventAgeInSeconds * 1000;
    const startedAt = (r: StepRecord) => Number(r.event['startedAt']);
    return executions(records)
      .filter((r) => startedAt(r) >= deadline)
      .map((r) =>
        violation(
          this.name,
          r,
          `attempt ${String(r.event['attempt'])} started ${startedAt(r) - deadline} ms after the event age ran out`,
        ),
      );
  },
};

/** At most 1 + maximumRetryAttempts function errors, and no attempt after the last allowed one. */
export const noRetryBeyondLimit: InvocationInvariant = {
  name: 'noRetryBeyondLimit',
  check(records) {
    const input = inputOf(records);
    if (input === undefined) return [];
    const limit = input.config.maximumRetryAttempts + 1;
    const found: Violation[] = [];
    let failures = 0;
    for (const record of records) {
      if (failures >= limit && record.commands.some((c) => c.kind === 'invokeFunction')) {
        found.push(
          violation(this.name, record, `attempt scheduled after ${failures} function errors (limit ${limit})`),
        );
      }
      if (record.event.type === 'attempt.failed') failures += 1;
    }
    if (failures > limit)
      found.push(violation(this.name, records.at(-1), `${failures} function errors recorded, limit ${limit}`));
    return found;
  },
};

/** Retry waits follow the service: 1 then 2 minutes after function errors, 1 s doubling to 5 min after throttles. */
export const retryWaitsFollowPolicy: InvocationInvariant = {
  name: 'retryWaitsFollowPolicy',
  check(records) {
    const input = inputOf(records);
    if (input === undefined) return [];
    const found: Violation[] = [];
    let functionErrors = 0;
    let throttles = 0;
    for (const record of records) {
      if (record.event.type === 'attempt.failed') functionErrors += 1;
      if (record.event.type === 'attempt.throttled' || isCommandFailure(record.event, 'invokeFunction')) throttles += 1;
      for (const timer of record.timersSet.filter((t) => t.id === 'retry')) {
        const expected =
          record.stateAfter === 'active.waitingToRetry'
            ? functionErrorRetryDelayMs(functionErrors)
            : throttleRetryDelayMs(throttles);
        if (timer.delayMs !== scaleDelay(expected, input.retryDelayScale)) {
          found.push(
            violation(
              this.name,
              record,
              `retry in ${timer.delayMs} ms from ${record.stateAfter}, ` +
                `expected ${scaleDelay(expected, input.retryDelayScale)} ms`,
            ),
          );
        }
      }
    }
    return found;
  },
};

/** Every rule above. */
export const asyncInvocationInvariants: readonly InvocationInvariant[] = [
  recordAgreesWithLog,
  oneDeliveryDecision,
  noAttemptAfterEventAge,
  noRetryBeyondLimit,
  retryWaitsFollowPolicy,
];

/**
 * Check one invocation's records against every rule.
 * @example
 * const violations = checkInvocationInvariants(records);
 * if (violations.length > 0) throw new Error(violations.map((v) => v.message).join('\n'));
 */
export function checkInvocationInvariants(records: readonly StepRecord[]): Violation[] {
  return asyncInvocationInvariants.flatMap((invariant) => invariant.check(records));
}
