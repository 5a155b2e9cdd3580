import type { DeliverResultParams } from '../../../machines/asyncInvocation/asyncInvocation.events.js';
import { ASYNC_INVOCATION_MACHINE_ID } from '../../../machines/asyncInvocation/asyncInvocation.definition.js';
import type { asyncInvocationMachine } from '../../../machines/asyncInvocation/index.js';
import { errorMessage } from '../../core/errors.js';
import { frozenJson } from '../../core/sharedJson.js';
import type { Json } from '../../core/stepRecord.js';
import type { Bus } from '../../ports/bus.js';
import type { EventBridgeEnvelope } from '../../protocol/eventBridgeEnvelope.js';
import { MAX_CHAIN_VISITS } from '../../protocol/invocation/config.js';
import { deadLetterAttributes } from '../../protocol/invocation/deadLetter.js';
import { invocationResultEnvelope } from '../../protocol/invocation/eventBridgeResult.js';
import type { DeliveryOutcome } from '../../protocol/invocation/invocationInput.js';
import { buildInvocationRecord, type InvocationRecord } from '../../protocol/invocation/record.js';
import { storeOnly, type ExecutorContext } from '../../runtime/executor.js';
import type { ExecutorOf } from '../../runtime/typedExecutors.js';
import { FunctionNotRegisteredError } from './functionErrors.js';
import type { DeliveryScope, FunctionsHost } from './functionsHost.js';
import { invocationInputFor, visitsAfter } from './invocationInputs.js';
import { requestIdFor } from './requestIds.js';

/**
 * `deliverResult`: write the invocation record (timestamped now) to the one destination decided for
 * this invocation. Delivery failures are recorded, not retried, as the service drops what it cannot
 * deliver; a command re-run after a crash delivers again (at-least-once).
 */
export function deliverResultExecutor(host: FunctionsHost): ExecutorOf<typeof asyncInvocationMachine, 'deliverResult'> {
  const executor: ExecutorOf<typeof asyncInvocationMachine, 'deliverResult'> = async (
    command,
    context,
  ): Promise<DeliveryOutcome> => {
    const params = command.params;
    // Frozen once: the instance it may start and this command's outcome then share it rather than copy it.
    const record = frozenJson(buildInvocationRecord(params.fields, host.clock.now()));
    const delivery = { host, params, record, key: command.key, context };
    try {
      return await deliver(delivery);
    } catch (error) {
      return { type: 'destination.failed', target: params.destination.arn, error: errorMessage(error) };
    }
  };
  return storeOnly(executor, (command) => onlyStartsAnInvocation(host, command.params));
}

/**
 * A delivery to a function of this app only starts that function's invocation in the same log, so it is
 * committed with the step that decided it (see `storeOnly`); one that stops a loop writes to the log
 * output, and the other destinations are queues, topics and buses, so those are relayed after the commit.
 */
function onlyStartsAnInvocation(host: FunctionsHost, params: DeliverResultParams): boolean {
  const destination = params.destination;
  if (destination.type !== 'function') return false;
  const fn = host.lookup(destination.name);
  return fn === undefined || (visitsAfter(params.visits, fn.name)[fn.name] ?? 0) <= MAX_CHAIN_VISITS;
}

/** One record on its way to the destination decided for its invocation. */
interface Delivery {
  readonly host: FunctionsHost;
  readonly params: DeliverResultParams;
  readonly record: InvocationRecord;
  /** The command's key: the idempotency key of whatever the delivery creates. */
  readonly key: string;
  readonly context: ExecutorContext;
}

type DestinationOf<K extends DeliverResultParams['destination']['type']> = Extract<
  DeliverResultParams['destination'],
  { type: K }
>;

function deliver(delivery: Delivery): Promise<DeliveryOutcome> {
  const destination = delivery.params.destination;
  switch (destination.type) {
    case 'function':
      return deliverToFunction(delivery, destination);
    case 'queue':
      return deliverToQueue(delivery, destination);
    case 'topic':
      return deliverToTopic(delivery, destination);
    case 'eventBus':
      return deliverToEventBus(delivery, destination);
  }
}

function delivered(delivery: Delivery, receipt: { readonly [key: string]: Json }): DeliveryOutcome {
  const target = delivery.params.destination.arn;
  return { type: 'destination.delivered', target, record: delivery.record as unknown as Json, delivered: receipt };
}

/** Start the destination function's invocation with the record as payload, unless the chain loops. */
async function deliverToFunction(delivery: Delivery, destination: DestinationOf<'function'>): Promise<DeliveryOutcome> {
  const { host, params, record } = delivery;
  const fn = host.lookup(destination.name);
  if (fn === undefined) throw new FunctionNotRegisteredError(destination.name, 'destination function');
  const visits = visitsAfter(params.visits, fn.name);
  if ((visits[fn.name] ?? 0) > MAX_CHAIN_VISITS)
    return loopStopped(host, destination.arn, fn.name, visits[fn.name] ?? 0, record);
  const requestId = requestIdFor(delivery.key);
  const trigger = {
    kind: 'destination' as const,
    sourceRequestId: record.requestContext.requestId,
    sourceFunction: params.functionName,
    condition: record.requestContext.condition,
  };
  const input = invocationInputFor(
    fn,
    {
      requestId,
      payload: record,
      acceptedAt: host.clock.now(),
      retryDelayScale: params.retryDelayScale,
      chain: { visits, trigger },
    },
    host.scope,
  );
  await delivery.context.start(ASYNC_INVOCATION_MACHINE_ID, requestId, input, requestId);
  return delivered(delivery, { requestId });
}

async function deliverToQueue(delivery: Delivery, destination: DestinationOf<'queue'>): Promise<DeliveryOutcome> {
  const body = JSON.stringify(delivery.record);
  const sent = await delivery.host.queue.send(destination.name, { body, deduplicationKey: delivery.key });
  return delivered(delivery, { messageId: sent.messageId });
}

async function deliverToTopic(delivery: Delivery, destination: DestinationOf<'topic'>): Promise<DeliveryOutcome> {
  const message = JSON.stringify(delivery.record);
  const sent = await delivery.host.topic.publish(destination.name, { message, deduplicationKey: delivery.key });
  return delivered(delivery, { messageId: sent.messageId });
}

/** Publish the result event; the rules it matches may start invocations, which the receipt lists. */
async function deliverToEventBus(delivery: Delivery, destination: DestinationOf<'eventBus'>): Promise<DeliveryOutcome> {
  const { host, params, record } = delivery;
  const about = { id: requestIdFor(`${delivery.key}#event`), at: host.clock.now(), ...host.scope };
  const envelopeOf = (detail: InvocationRecord) =>
    invocationResultEnvelope(detail, { ...about, destinationArn: destination.arn });
  if (host.eventBuses !== undefined) return publishOutside(delivery, host.eventBuses, destination, envelopeOf(record));
  // The rules' targets are the user's code and get the event itself: a copy of its own, not the frozen record
  // this command's outcome also holds (a target that changed it would fail, or change the outcome).
  const envelope = envelopeOf(JSON.parse(JSON.stringify(record)) as InvocationRecord);
  const scope: DeliveryScope = {
    context: delivery.context,
    visits: params.visits,
    sourceRequestId: record.requestContext.requestId,
    sourceFunction: params.functionName,
    retryDelayScale: params.retryDelayScale,
    notes: [],
  };
  // Rule targets run inside publish; the scope lets them start invocations linked to this command.
  await host.deliveryScope.run(scope, () => host.bus.publish(envelope));
  const stopped = scope.notes.find((n) => n.loopStopped !== undefined);
  if (stopped?.loopStopped !== undefined)
    return loopStopped(host, destination.arn, stopped.targetFunction, stopped.loopStopped.visits, record);
  const rules = scope.notes.map((n) => ({
    rule: n.rule,
    targetFunction: n.targetFunction,
    requestId: n.requestId ?? null,
  }));
  return delivered(delivery, { eventId: envelope.id, rules });
}

/**
 * Publish to a bus outside this process (EventBridge). A responseOnly hop is the deployed rule's to make:
 * the record names the rule and the target function; the target's request id is the rule invocation's.
 */
async function publishOutside(
  delivery: Delivery,
  eventBuses: (busName: string) => Bus,
  destination: DestinationOf<'eventBus'>,
  envelope: EventBridgeEnvelope,
): Promise<DeliveryOutcome> {
  await eventBuses(destination.name).publish(envelope);
  const link = destination.responseOnlyRule;
  const rules = link === undefined ? [] : [{ rule: link.rule, targetFunction: link.targetFunction, requestId: null }];
  return delivered(delivery, { eventId: envelope.id, rules });
}

function loopStopped(
  host: FunctionsHost,
  target: string,
  functionName: string,
  visits: number,
  record: InvocationRecord,
): DeliveryOutcome {
  host.log(
    `statebridge: recursive loop stopped — ${functionName} would be reached for the ${visits}th ` +
      `time in the chain of request ${record.requestContext.requestId} (limit ${MAX_CHAIN_VISITS})`,
  );
  return { type: 'destination.loopStopped', target, functionName, visits };
}

/** `sendToDeadLetter`: the raw event, with RequestID / ErrorCode / ErrorMessage attributes, to the DLQ. */
export function sendToDeadLetterExecutor(
  host: FunctionsHost,
): ExecutorOf<typeof asyncInvocationMachine, 'sendToDeadLetter'> {
  return async (command): Promise<DeliveryOutcome> => {
    const params = command.params;
    const attributes = deadLetterAttributes(params.requestId, params.errorMessage);
    const body = JSON.stringify(params.payload);
    try {
      const sent =
        params.target.type === 'queue'
          ? await host.queue.send(params.target.name, { body, attributes, deduplicationKey: command.key })
          : await host.topic.publish(params.target.name, { message: body, attributes, deduplicationKey: command.key });
      return { type: 'deadLetter.sent', target: params.target.arn, messageId: sent.messageId };
    } catch (error) {
      return {
        type: 'deadLetter.failed',
        target: params.target.arn,
        error: errorMessage(error),
      };
    }
  };
}
