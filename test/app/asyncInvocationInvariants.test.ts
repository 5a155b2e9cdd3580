import { describe, expect, it } from 'vitest';
import { defineFunction } from '../../src/app/functions/defineFunction.js';
import { SqsDestination } from '../../src/app/functions/destinations.js';
import type { StepRecord } from '../../src/core/stepRecord.js';
import {
  checkInvocationInvariants,
  noAttemptAfterEventAge,
  noRetryBeyondLimit,
  oneDeliveryDecision,
  recordAgreesWithLog,
  retryWaitsFollowPolicy,
} from '../../src/testing/invocationLogChecks.js';
import { functionsHarness } from './functionsHarness.js';

/** A real log: two failures, then success, delivered to a queue. */
async function goodLog(): Promise<StepRecord[]> {
  const h = functionsHarness();
  const fn = defineFunction(
    'inv',
    (_p, ctx) => {
      if (ctx.attempt < 3) throw new Error('again');
      return 'ok';
    },
    { onSuccess: new SqsDestination('ok'), deadLetterQueue: new SqsDestination('dead') },
  );
  const { requestId } = await h.functions.invokeAsync(fn, {});
  await h.clock.advance(3_600_000);
  return h.history(requestId);
}

const clone = (records: StepRecord[]) => JSON.parse(JSON.stringify(records)) as StepRecord[];
const indexOf = (records: StepRecord[], type: string) => records.findIndex((r) => r.event.type === type);

describe('async invocation invariants', () => {
  it('hold on a real log', async () => {
    expect(checkInvocationInvariants(await goodLog())).toEqual([]);
  });

  it('recordAgreesWithLog catches a record whose count or condition disagrees with the attempts', async () => {
    const records = clone(await goodLog());
    const delivered = records[indexOf(records, 'destination.delivered')]!;
    (
      delivered.event as unknown as { record: { requestContext: { approximateInvokeCount: number } } }
    ).record.requestContext.approximateInvokeCount = 2;
    expect(recordAgreesWithLog.check(records).map((v) => v.message)).toEqual([
      'record says approximateInvokeCount 2, the log has 3 executions',
    ]);
  });

  it('oneDeliveryDecision catches a second delivery command', async () => {
    const records = clone(await goodLog());
    const deciding = records[indexOf(records, 'attempt.succeeded')]!;
    const extra = { ...deciding.commands[0]!, key: `${deciding.commands[0]!.key}x` };
    (deciding as unknown as { commands: unknown[] }).commands = [...deciding.commands, extra];
    expect(oneDeliveryDecision.check(records)).toHaveLength(1);
  });

  it('noAttemptAfterEventAge catches an execution that started after the age ran out', async () => {
    const records = clone(await goodLog());
    const last = records[indexOf(records, 'attempt.succeeded')]!;
    (last.event as unknown as { startedAt: number }).startedAt += 6 * 3_600_000;
    expect(noAttemptAfterEventAge.check(records)).toHaveLength(1);
  });

  it('noRetryBeyondLimit catches a fourth execution after three function errors', async () => {
    const records = clone(await goodLog());
    const success = records[indexOf(records, 'attempt.succeeded')]!;
    (success as { event: unknown }).event = { ...success.event, type: 'attempt.failed' };
    const failedAgain = { ...success, commands: [{ key: 'k', kind: 'invokeFunction', params: {} }] };
    records.push(failedAgain);
    expect(noRetryBeyondLimit.check(records).length).toBeGreaterThanOrEqual(1);
  });

  it('retryWaitsFollowPolicy catches a retry scheduled with the wrong wait', async () => {
    const records = clone(await goodLog());
    const waiting = records.find((r) => r.stateAfter === 'active.waitingToRetry')!;
    (waiting.timersSet[0] as { delayMs: number }).delayMs = 30_000;
    expect(retryWaitsFollowPolicy.check(records).map((v) => v.message)).toEqual([
      'retry in 30000 ms from active.waitingToRetry, expected 60000 ms',
    ]);
  });
});
