import { createHash } from 'node:crypto';
import { StartExecutionCommand, StopExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { TIMER_FIRING_KIND, type TimerFiring } from '../../aws/contract.js';
import type { ArmedTimer, TimerService } from '../../ports/timerService.js';
import { awsCallFailed } from '../awsCallError.js';

/** Options of an `SfnTimerService`. */
export interface SfnTimerServiceOptions {
  readonly client: SFNClient;
  /** The timer state machine: `Wait` with `TimestampPath: $.dueAt`, then invoke the ingress with the input. */
  readonly stateMachineArn: string;
}

/**
 * Execution name of a timer: a hash of its key, because keys (stream ids, `#`) can be longer than the 80
 * characters of `[0-9A-Za-z_-]` a name may use. The same key always gives the same name.
 */
export function timerExecutionName(timerKey: string): string {
  return `t-${createHash('sha256').update(timerKey).digest('base64url')}`;
}

/** The execution's input, as the ingress receives it when the wait is over. */
export function timerFiringOf(timer: ArmedTimer): TimerFiring {
  return {
    kind: TIMER_FIRING_KIND,
    streamId: timer.streamId,
    timerKey: timer.timerKey,
    dueAt: new Date(timer.dueAt).toISOString(),
    ...(timer.timerId === undefined || timer.event === undefined ? {} : { timerId: timer.timerId, event: timer.event }),
  };
}

/**
 * The `TimerService` port over Step Functions Standard: one execution per timer, named from the timer
 * key, so arming again is idempotent — `ExecutionAlreadyExists` means an execution of that name exists
 * already, which (for a name derived from a unique key) is this very timer, running or done. Cancel is
 * `StopExecution`, best effort: an execution already gone is fine, and a firing that slips through is
 * ignored by the runtime because the timer is no longer pending.
 * @example
 * import { SFNClient } from '@aws-sdk/client-sfn';
 * const timers = new SfnTimerService({
 *   client: new SFNClient({}),
 *   stateMachineArn: process.env.STATEBRIDGE_TIMER_STATE_MACHINE_ARN!,
 * });
 */
export class SfnTimerService implements TimerService {
  constructor(private readonly options: SfnTimerServiceOptions) {}

  async arm(timer: ArmedTimer): Promise<void> {
    const name = timerExecutionName(timer.timerKey);
    try {
      await this.options.client.send(
        new StartExecutionCommand({
          stateMachineArn: this.options.stateMachineArn,
          name,
          input: JSON.stringify(timerFiringOf(timer)),
        }),
      );
    } catch (error) {
      if ((error as { name?: string }).name === 'ExecutionAlreadyExists') return;
      throw awsCallFailed({
        service: 'Step Functions',
        operation: 'StartExecution',
        target: name,
        targetKey: 'executionName',
        error,
      });
    }
  }

  async cancel(timer: ArmedTimer): Promise<void> {
    const executionArn = executionArnOf(this.options.stateMachineArn, timerExecutionName(timer.timerKey));
    try {
      await this.options.client.send(new StopExecutionCommand({ executionArn, cause: 'statebridge timer cancelled' }));
    } catch (error) {
      if ((error as { name?: string }).name === 'ExecutionDoesNotExist') return;
      throw awsCallFailed({
        service: 'Step Functions',
        operation: 'StopExecution',
        target: executionArn,
        targetKey: 'executionArn',
        error,
      });
    }
  }
}

/** `arn:…:stateMachine:Name` + execution name → `arn:…:execution:Name:executionName`. */
export function executionArnOf(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
}
