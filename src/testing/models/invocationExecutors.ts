import { AsyncLocalStorage } from 'node:async_hooks';
import { asyncInvocationDefinition, type InvocationContext } from '../../../machines/asyncInvocation/index.js';
import { InProcessBus } from '../../adapters/bus/inProcessBus.js';
import { defineFunction, type AnyFunctionDefinition } from '../../app/functions/defineFunction.js';
import type { DeliveryScope, FunctionsHost } from '../../app/functions/functionsHost.js';
import { asyncInvocationExecutors } from '../../app/functions/invocationExecutors.js';
import type { Json } from '../../core/stepRecord.js';
import { LOCAL_ARN_SCOPE, resourceArn } from '../../protocol/invocation/config.js';
import type { InvocationRecord } from '../../protocol/invocation/record.js';
import type { CommandExecutor, ExecutorContext } from '../../runtime/executor.js';
import type { Runtime } from '../../runtime/runtime.js';
import { contextOf } from '../../runtime/typedExecutors.js';
import type { ExecutionFault } from '../faults.js';
import type { FaultyExecutor } from '../harness.js';
import type { InvocationWorld } from '../invocationInvariants.js';

/** What the scripted function does on one attempt; the script travels in the event payload. */
export type ScriptedOutcome = 'success' | 'error' | 'handled' | 'throttle' | 'timeout';

type Fault = Exclude<ExecutionFault, 'crash'>;

/**
 * The scripted function: records each execution in the world, then plays `payload.script[attempt - 1]` (success once
 * the script runs out).
 */
function scriptedFunction(
  context: InvocationContext,
  world: InvocationWorld,
  clock: ExecutorContext['clock'],
): AnyFunctionDefinition {
  const fn = defineFunction(
    context.input.functionName,
    async (payload: { script?: ScriptedOutcome[] }, ctx) => {
      world.executions.push({ attempt: ctx.attempt, at: clock.now() });
      const outcome = payload.script?.[ctx.attempt - 1] ?? 'success';
      if (outcome === 'error') throw new Error(`scripted failure of attempt ${ctx.attempt}`);
      if (outcome === 'handled') throw ctx.fail(new Error('scripted handled error'));
      if (outcome === 'throttle') throw ctx.throttle('scripted throttle');
      if (outcome === 'timeout') return new Promise<never>(() => undefined);
      return { attempt: ctx.attempt };
    },
    {
      maximumRetryAttempts: context.input.config.maximumRetryAttempts,
      maximumEventAgeInSeconds: context.input.config.maximumEventAgeInSeconds,
      timeoutSeconds: context.input.config.timeoutSeconds,
    },
  );
  return fn;
}

/**
 * A functions host for one command execution: the scripted function, and queues and topics that
 * record into the world (failing on `fail`). The shipped executors run against it unchanged.
 */
export function invocationHost(ctx: ExecutorContext, world: InvocationWorld, fault: Fault): FunctionsHost {
  const context = contextOf(asyncInvocationDefinition, ctx.record);
  const fn = scriptedFunction(context, world, ctx.clock);
  const sink =
    (kind: 'queue' | 'topic') => async (name: string, body: string, attributes: unknown, key: string | undefined) => {
      if (fault === 'fail') throw new Error(`injected fault: ${kind} ${name} refused the message`);
      const target = resourceArn(kind, name);
      if (attributes === undefined)
        world.deliveries.push({ target, key: key ?? '', record: JSON.parse(body) as InvocationRecord });
      else world.deadLetters.push({ target, key: key ?? '' });
      return { messageId: `${kind}-${world.deliveries.length + world.deadLetters.length}` };
    };
  const queue = sink('queue');
  const topic = sink('topic');
  return {
    runtime: undefined as unknown as Runtime, // the executors used here never reach the runtime directly
    clock: ctx.clock,
    bus: new InProcessBus({ clock: ctx.clock }),
    queue: { send: (name, m) => queue(name, m.body, m.attributes, m.deduplicationKey) },
    topic: { publish: (name, m) => topic(name, m.message, m.attributes, m.deduplicationKey) },
    scope: LOCAL_ARN_SCOPE,
    retryDelayScale: context.input.retryDelayScale,
    timeoutScale: 0.001,
    duplicateDelivery: () => fault === 'duplicate',
    deliveryScope: new AsyncLocalStorage<DeliveryScope>(),
    running: new Map(),
    log: () => undefined,
    lookup: (name) => (name === fn.name ? fn : undefined),
  };
}

/** The shipped executor of `kind`, against a host that plays `fault`. */
function shipped(kind: string, ctx: ExecutorContext, world: InvocationWorld, fault: Fault): CommandExecutor {
  const executor = asyncInvocationExecutors(invocationHost(ctx, world, fault))[kind];
  if (executor === undefined) throw new Error(`the asynchronous-invocation machine has no command "${kind}"`);
  return executor;
}

/**
 * The asynchronous-invocation machine's executors under the fault model: the shipped ones, with the
 * invoke API failing (`fail`, a system error the service retries like a throttle), the function run
 * twice (`duplicate`), and destinations that refuse (`fail`) or receive twice (`duplicate`).
 */
export function invocationExecutorsUnderFaults(): Record<string, FaultyExecutor<InvocationWorld>> {
  return {
    dequeue: async (command, ctx, fault, world) => shipped('dequeue', ctx, world, fault)(command, ctx),
    invokeFunction: async (command, ctx, fault, world) => {
      if (fault === 'fail') throw new Error('injected fault: the invoke API failed (a system error)');
      return shipped('invokeFunction', ctx, world, fault)(command, ctx);
    },
    deliverResult: async (command, ctx, fault, world) => {
      const run = shipped('deliverResult', ctx, world, fault);
      const outcome = await run(command, ctx);
      if (fault === 'duplicate') await run(command, ctx);
      return outcome;
    },
    sendToDeadLetter: async (command, ctx, fault, world) => {
      const run = shipped('sendToDeadLetter', ctx, world, fault);
      const outcome = await run(command, ctx);
      if (fault === 'duplicate') await run(command, ctx);
      return outcome;
    },
  };
}

/** A JSON payload carrying a script. */
export function scriptPayload(script: readonly ScriptedOutcome[]): Json {
  return { script: [...script] };
}
