import { randomUUID } from 'node:crypto';
import { ASYNC_INVOCATION_MACHINE_ID } from '../../../machines/asyncInvocation/asyncInvocation.definition.js';
import type { InvocationContext } from '../../../machines/asyncInvocation/asyncInvocation.events.js';
import { CUSTOM_RESOURCE_MACHINE_ID } from '../../../machines/customResource/index.js';
import { describeActor, type OperatorActor } from '../../core/cancelledStep.js';
import { StatebridgeError } from '../../core/errors.js';
import type { StepRecord } from '../../core/stepRecord.js';
import type { Runtime } from '../../runtime/runtime.js';

export type { OperatorActor } from '../../core/cancelledStep.js';

/** What an operator action wrote: the step, and for a retry the new instance it started. */
export interface ActionResult {
  readonly record: StepRecord;
  readonly applied: boolean;
}

const notFound = (id: string) =>
  new StatebridgeError('INSTANCE_NOT_FOUND', `no instance with id "${id}"`, { context: { instanceId: id } });

/** Operator steps name who took them, so a timeline reads "sent by cli (alice)". */
const causedBy = (by: OperatorActor) => describeActor(by).replace(/#/g, '_');

/** Send an event to an instance as an operator; the machine's event schema checks it as for any sender. */
export async function sendAsOperator(
  runtime: Runtime,
  instanceId: string,
  event: unknown,
  by: OperatorActor,
): Promise<ActionResult> {
  return runtime.send(instanceId, event, { causationId: causedBy(by) });
}

/** Cancel a running instance as an operator (see `Runtime.cancel`). */
export async function cancelAsOperator(runtime: Runtime, instanceId: string, by: OperatorActor): Promise<ActionResult> {
  return runtime.cancel(instanceId, by, { causationId: causedBy(by) });
}

/**
 * Retry a failed lifecycle: a failed asynchronous invocation starts again as a new invocation of the same
 * function and payload, in the same chain and linked to the one it retries (its fresh attempts and event
 * age are the service's, as if the event were sent again); a custom resource whose answer could not be
 * delivered re-runs the delivery. Anything else is refused, saying what can be retried.
 */
export async function retryAsOperator(runtime: Runtime, instanceId: string, by: OperatorActor): Promise<ActionResult> {
  const head = await runtime.store.readHead(instanceId);
  if (head === undefined) throw notFound(instanceId);
  const outcome = head.about?.outcome;
  if (head.machine.id === ASYNC_INVOCATION_MACHINE_ID && head.state.status === 'done' && outcome?.result === 'failed')
    return retryInvocation(runtime, head, by);
  if (head.machine.id === CUSTOM_RESOURCE_MACHINE_ID && head.stateAfter === 'undelivered')
    // A duplicate of the request is how the machine re-sends its stored answer: the same bytes, once more.
    return runtime.send(instanceId, { type: 'duplicate' }, { causationId: causedBy(by) });
  throw new StatebridgeError(
    'NOTHING_TO_RETRY',
    `instance ${instanceId} (${head.machine.id}, ${outcome?.label ?? head.stateAfter}) has nothing to retry: ` +
      'retry starts a failed invocation again or re-delivers an undelivered custom resource answer',
    { context: { instanceId, machineId: head.machine.id, state: head.stateAfter } },
  );
}

async function retryInvocation(runtime: Runtime, head: StepRecord, by: OperatorActor): Promise<ActionResult> {
  const context = head.state.context as unknown as InvocationContext;
  const requestId = randomUUID();
  const input = { ...context.input, requestId, acceptedAt: runtime.clock.now() };
  return runtime.start(ASYNC_INVOCATION_MACHINE_ID, requestId, input, {
    correlationId: head.links.correlationId,
    // A step key of the retried instance: timelines link the new invocation to it.
    causationId: `${head.streamId}#${head.version}#retry by ${causedBy(by)}`,
  });
}
