/**
 * The timer state machine, defined once: the construct deploys it and the tests execute it. One
 * execution per armed timer: wait until the firing's `dueAt`, then hand the execution input, unchanged,
 * to the ingress function (a Lambda ARN as Task resource passes the state input as the event).
 */

/** Name of the Wait state (tests override nothing here; the local executor shortens waits itself). */
export const TIMER_WAIT_STATE = 'WaitUntilDue';

/** Name of the Task state that invokes the ingress; tests give it a local handler under this name. */
export const TIMER_FIRE_STATE = 'FireTimer';

/** The Amazon States Language definition of the timer state machine, invoking `ingressFunctionArn`. */
export function timerStateMachineDefinition(ingressFunctionArn: string) {
  return {
    Comment: 'statebridge durable timer: wait until $.dueAt, then deliver the firing to the ingress unchanged',
    StartAt: TIMER_WAIT_STATE,
    States: {
      [TIMER_WAIT_STATE]: {
        Type: 'Wait',
        // Absolute due time from the firing itself, so a late start still fires on time (or at once).
        TimestampPath: '$.dueAt',
        Next: TIMER_FIRE_STATE,
      },
      [TIMER_FIRE_STATE]: {
        Type: 'Task',
        Resource: ingressFunctionArn,
        // The runtime ignores a stale or repeated firing, so retrying a failed delivery is always safe;
        // once the retries are spent the sweeper still finds the due timer in the table.
        Retry: [
          {
            ErrorEquals: [
              'Lambda.ServiceException',
              'Lambda.AWSLambdaException',
              'Lambda.SdkClientException',
              'Lambda.TooManyRequestsException',
            ],
            IntervalSeconds: 1,
            MaxAttempts: 6,
            BackoffRate: 2,
          },
          { ErrorEquals: ['States.ALL'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 },
        ],
        End: true,
      },
    },
  };
}
