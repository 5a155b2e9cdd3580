import type { asyncInvocationMachine } from '../../../machines/asyncInvocation/index.js';
import type { CommandExecutor } from '../../runtime/executor.js';
import { defineExecutors } from '../../runtime/typedExecutors.js';
import { deliverResultExecutor, sendToDeadLetterExecutor } from './deliveryExecutors.js';
import type { FunctionsHost } from './functionsHost.js';
import { dequeueExecutor, invokeFunctionExecutor } from './invokeExecutors.js';

/** Every command of the asynchronous-invocation machine, carried out against `host`. */
export function asyncInvocationExecutors(host: FunctionsHost): Readonly<Record<string, CommandExecutor>> {
  return defineExecutors<typeof asyncInvocationMachine>({
    dequeue: dequeueExecutor,
    invokeFunction: invokeFunctionExecutor(host),
    deliverResult: deliverResultExecutor(host),
    sendToDeadLetter: sendToDeadLetterExecutor(host),
  });
}
