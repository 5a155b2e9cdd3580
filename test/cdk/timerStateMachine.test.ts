import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { TimerFiring } from '../../src/aws/contract.js';
import { TIMER_FIRE_STATE, TIMER_WAIT_STATE, timerStateMachineDefinition } from '../../src/cdk/timerStateMachine.js';

// aws-local-stepfunctions uses Promise.withResolvers, which Node 20 lacks.
const promiseWithResolvers = Promise as unknown as { withResolvers?: () => unknown };
promiseWithResolvers.withResolvers ??= () => {
  let resolve: unknown;
  let reject: unknown;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

const { StateMachine } = await import('aws-local-stepfunctions');
const validateAsl = createRequire(import.meta.url)('asl-validator') as (definition: unknown) => {
  isValid: boolean;
  errorsText: (separator?: string) => string;
};

const INGRESS_ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:statebridge-ingress';
const firing = (dueAt: string): TimerFiring => ({
  kind: 'statebridge.timer',
  streamId: 'req-7f3a',
  timerKey: 'req-7f3a#3#retry',
  dueAt,
  timerId: 'retry',
  event: { type: 'retry.due', attempt: 2 },
});

function machine(): InstanceType<typeof StateMachine> {
  return new StateMachine(timerStateMachineDefinition(INGRESS_ARN) as never, { awsConfig: { region: 'eu-west-1' } });
}

describe('timer state machine', () => {
  it('is valid Amazon States Language, with the ingress as the only task resource', () => {
    const definition = timerStateMachineDefinition(INGRESS_ARN);
    const result = validateAsl(definition);
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
    expect(definition.States[TIMER_WAIT_STATE]).toMatchObject({ Type: 'Wait', TimestampPath: '$.dueAt' });
    expect(definition.States[TIMER_FIRE_STATE]).toMatchObject({ Type: 'Task', Resource: INGRESS_ARN, End: true });
  });

  it('rejects a definition whose wait leads nowhere (the validator is not a rubber stamp)', () => {
    const broken = timerStateMachineDefinition(INGRESS_ARN);
    (broken.States[TIMER_WAIT_STATE] as { Next: string }).Next = 'Nowhere';
    expect(validateAsl(broken).isValid).toBe(false);
  });

  it('waits, then hands the firing to the ingress unchanged', async () => {
    const delivered: unknown[] = [];
    const input = firing(new Date(Date.now() + 3_600_000).toISOString());
    const execution = machine().run(input as never, {
      overrides: {
        waitTimeOverrides: { [TIMER_WAIT_STATE]: 5 }, // an hour shortened to 5 ms
        taskResourceLocalHandlers: { [TIMER_FIRE_STATE]: (event) => (delivered.push(event), { accepted: true }) },
      },
    });
    await expect(execution.result).resolves.toEqual({ accepted: true });
    expect(delivered).toEqual([input]);
    expect(JSON.stringify(delivered[0])).toBe(JSON.stringify(input));
  });

  it('reads the due time from $.dueAt: a firing already due is delivered without an override', async () => {
    const delivered: unknown[] = [];
    const input = firing('2020-01-01T00:00:00.000Z');
    const execution = machine().run(input as never, {
      overrides: { taskResourceLocalHandlers: { [TIMER_FIRE_STATE]: (event) => (delivered.push(event), null) } },
    });
    await execution.result;
    expect(delivered).toEqual([input]);
  });

  it('fails the execution when the firing has no dueAt, so a malformed firing never reaches the ingress', async () => {
    const delivered: unknown[] = [];
    const { dueAt: _omitted, ...withoutDueAt } = firing('2020-01-01T00:00:00.000Z');
    const execution = machine().run(withoutDueAt as never, {
      overrides: { taskResourceLocalHandlers: { [TIMER_FIRE_STATE]: (event) => (delivered.push(event), null) } },
    });
    await expect(execution.result).rejects.toThrow();
    expect(delivered).toEqual([]);
  });

  it('retries a failed delivery with the same payload', async () => {
    const delivered: unknown[] = [];
    const input = firing('2020-01-01T00:00:00.000Z');
    const execution = machine().run(input as never, {
      overrides: {
        retryIntervalOverrides: { [TIMER_FIRE_STATE]: 0 },
        taskResourceLocalHandlers: {
          [TIMER_FIRE_STATE]: (event) => {
            delivered.push(event);
            if (delivered.length === 1) throw new Error('ingress unavailable');
            return 'ok';
          },
        },
      },
    });
    await expect(execution.result).resolves.toBe('ok');
    expect(delivered).toEqual([input, input]);
  });
});
