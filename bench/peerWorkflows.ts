import { PAYLOAD, type WorkflowSide } from './asyncWorkflow.js';

/** The same workflow in Amazon States Language: a Task with Retry IntervalSeconds 60, then the next Task. */
export const PEER_MACHINE = {
  StartAt: 'First',
  States: {
    First: {
      Type: 'Task',
      Resource: 'arn:aws:lambda:us-east-1:000000000000:function:first',
      Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 60, MaxAttempts: 2 }],
      Next: 'Second',
    },
    Second: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:000000000000:function:second', End: true },
  },
} as const;

/** A handler that fails the first call for each id and succeeds after. */
function failsOnce(): (input: { id: string }) => { id: string } {
  const seen = new Set<string>();
  return (input) => {
    if (!seen.has(input.id)) {
      seen.add(input.id);
      throw new Error('transient');
    }
    return input;
  };
}

/** Run `count` jobs, `concurrency` at a time. */
async function inWaves(count: number, concurrency: number, job: (i: number) => Promise<void>): Promise<void> {
  for (let done = 0; done < count; done += concurrency) {
    await Promise.all(Array.from({ length: Math.min(concurrency, count - done) }, (_, i) => job(done + i)));
  }
}

/** aws-local-stepfunctions running the machine in memory, the retry interval overridden to 0 (waits made instant). */
export async function localStepFunctionsSide(): Promise<WorkflowSide> {
  const { StateMachine } = await import('aws-local-stepfunctions');
  const machine = new StateMachine(PEER_MACHINE as never);
  const first = failsOnce();
  let delivered = 0;
  let n = 0;
  const overrides = {
    taskResourceLocalHandlers: {
      First: (input: unknown) => Promise.resolve(first(input as { id: string })),
      Second: (input: unknown) => {
        delivered += 1;
        return Promise.resolve({ ok: input !== undefined });
      },
    },
    retryIntervalOverrides: { First: 0 },
  };
  return {
    async run(count, concurrency) {
      const target = delivered + count;
      await inWaves(count, concurrency, async () => {
        n += 1;
        await machine.run({ id: `w-${n}`, ...PAYLOAD }, { overrides }).result;
      });
      if (delivered !== target) throw new Error(`aws-local-stepfunctions delivered ${delivered} of ${target}`);
    },
    close: () => Promise.resolve(),
  };
}

/**
 * The durable execution SDK's local test runner: a step with a retry strategy waiting 60 s (skipped by
 * its fake clock), then `context.invoke` of the second function. Its fake timers replace the global
 * ones, so the environment is set up for each measurement and torn down after it.
 */
export async function durableRunnerSide(): Promise<WorkflowSide & { enter(): Promise<void>; leave(): Promise<void> }> {
  const { LocalDurableTestRunner } = await import('@aws/durable-execution-sdk-js-testing');
  const { withDurableExecution } = await import('@aws/durable-execution-sdk-js');
  const first = failsOnce();
  let delivered = 0;
  let n = 0;
  const handler = withDurableExecution(async (input: { id: string }, context) => {
    const result = await context.step('first', () => Promise.resolve(first(input)), {
      retryStrategy: (_error, attempt) => ({ shouldRetry: attempt < 3, delay: { seconds: 60 } }),
    });
    return context.invoke('second', result);
  });
  let runner: InstanceType<typeof LocalDurableTestRunner> | undefined;
  return {
    async enter() {
      await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
      runner = new LocalDurableTestRunner({ handlerFunction: handler });
      runner.registerFunction('second', (input: unknown) => {
        delivered += 1;
        return Promise.resolve({ ok: input !== undefined });
      });
    },
    async leave() {
      await LocalDurableTestRunner.teardownTestEnvironment();
    },
    async run(count, concurrency) {
      const target = delivered + count;
      await inWaves(count, concurrency, async () => {
        n += 1;
        const execution = await runner!.run({ payload: { id: `d-${n}`, ...PAYLOAD } });
        if (execution.getStatus() !== 'SUCCEEDED')
          throw new Error(`durable execution ended ${String(execution.getStatus())}`);
      });
      if (delivered !== target) throw new Error(`durable runner delivered ${delivered} of ${target}`);
    },
    close: () => Promise.resolve(),
  };
}
