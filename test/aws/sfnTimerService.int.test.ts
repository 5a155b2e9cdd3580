import { SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SfnTimerService, timerExecutionName } from '../../src/adapters/sfn/sfnTimerService.js';
import { LOCAL_CLIENT_CONFIG } from '../support/awsProtocol/protocolServer.js';
import { startSfnServer, type SfnServer } from '../support/awsProtocol/sfnServer.js';

let sfn: SfnServer;
let timers: SfnTimerService;

beforeAll(async () => {
  sfn = await startSfnServer();
  const stateMachineArn = sfn.createStateMachine('statebridge-timers');
  timers = new SfnTimerService({
    client: new SFNClient({ ...LOCAL_CLIENT_CONFIG, endpoint: sfn.endpoint, maxAttempts: 1 }),
    stateMachineArn,
  });
});
afterAll(() => sfn.close());

const longKey = `${'custom-resource:cloudformation:arn:aws:cloudformation:us-east-1:1:stack/s/'.repeat(3)}#7#0`;

describe('SfnTimerService against the Step Functions JSON 1.0 API', () => {
  it('names executions from the timer key within 80 characters of [0-9A-Za-z_-]', () => {
    const name = timerExecutionName(longKey);
    expect(name).toMatch(/^[0-9A-Za-z_-]{1,80}$/);
    expect(timerExecutionName(longKey)).toBe(name);
    expect(timerExecutionName(`${longKey}x`)).not.toBe(name);
  });

  it('starts one execution whose input is the timer firing, and arming again is idempotent', async () => {
    const timer = { streamId: 'inv-1', timerKey: longKey, dueAt: Date.UTC(2026, 0, 1, 0, 1) };
    await timers.arm(timer);
    await timers.arm(timer);
    const mine = sfn.executions.filter((e) => e.name === timerExecutionName(longKey));
    expect(mine).toHaveLength(1);
    expect(JSON.parse(mine[0]!.input)).toEqual({
      kind: 'statebridge.timer',
      streamId: 'inv-1',
      timerKey: longKey,
      dueAt: '2026-01-01T00:01:00.000Z',
    });
    // Once the execution is over, the service refuses the name (ExecutionAlreadyExists): still one timer.
    mine[0]!.status = 'SUCCEEDED';
    await expect(timers.arm(timer)).resolves.toBeUndefined();
    expect(sfn.requests.filter((r) => r.operation === 'StartExecution')).toHaveLength(3);
  });

  it('stops the execution on cancel and ignores one that no longer exists', async () => {
    const timer = { streamId: 'inv-2', timerKey: 'inv-2#3#0', dueAt: Date.UTC(2026, 0, 1) };
    await timers.arm(timer);
    await timers.cancel(timer);
    expect(sfn.executions.find((e) => e.name === timerExecutionName('inv-2#3#0'))?.status).toBe('ABORTED');
    await expect(timers.cancel({ ...timer, timerKey: 'never-armed' })).resolves.toBeUndefined();
  });

  it('reports other refusals as errors naming the execution', async () => {
    sfn.fail('StartExecution', { kind: 'error', status: 400, type: 'StateMachineDoesNotExist', message: 'gone' });
    await expect(timers.arm({ streamId: 's', timerKey: 'k', dueAt: 0 })).rejects.toThrow(
      /StartExecution to t-.*StateMachineDoesNotExist/,
    );
  });
});
