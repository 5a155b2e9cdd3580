import { defineMachine } from '../../src/core/machineDefinition.js';
import { acceptedInvocationInputSchema } from '../../src/protocol/invocation/plainInvocationInput.js';
import { describeInvocation } from './asyncInvocation.description.js';
import { asyncInvocationMachine } from './asyncInvocation.machine.js';

/** Machine id of asynchronous invocations. */
export const ASYNC_INVOCATION_MACHINE_ID = 'asyncInvocation';

/**
 * The asynchronous-invocation machine as the runtime registers it. Its commands (`dequeue`,
 * `invokeFunction`, `deliverResult`, `sendToDeadLetter`) are carried out by the functions app.
 */
export const asyncInvocationDefinition = defineMachine({
  id: ASYNC_INVOCATION_MACHINE_ID,
  version: 1,
  machine: asyncInvocationMachine,
  input: acceptedInvocationInputSchema,
  description: 'one asynchronous function invocation: retries, event age, destinations',
  describe: describeInvocation,
});
