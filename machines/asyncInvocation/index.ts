export { ASYNC_INVOCATION_MACHINE_ID, asyncInvocationDefinition } from './asyncInvocation.definition.js';
export { asyncInvocationMachine, type InvocationEvent } from './asyncInvocation.machine.js';
export type { DeliverResultParams, InvocationContext, SendToDeadLetterParams } from './asyncInvocation.events.js';
