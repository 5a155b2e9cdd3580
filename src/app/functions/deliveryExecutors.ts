import type {
  DeliverResultParams,
  SendToDeadLetterParams,
} from '../../../machines/asyncInvocation/asyncInvocation.events.js';
import { ASYNC_INVOCATION_MACHINE_ID } from '../../../machines/asyncInvocation/asyncInvocation.definition.js';
import { errorMessage } from '../../core/errors.js';
import type { Command, Json } from '../../core/stepRecord.js';
import type { Bus } from '../../ports/bus.js';
import type { EventBridgeEnvelope } from '../../protocol/eventBridgeEnvelope.js';
import { MAX_CHAIN_VISITS } from '../../protocol/invocation/config.js';
import { deadLetterAttributes } from '../../protocol/invocation/deadLetter.js';
import { invocationResultEnvelope } from '../../protocol/invocation/eventBridgeResult.js';
import type { DeliveryOutcome } from '../../protocol/invocation/invocationInput.js';
import { buildInvocationRecord, type InvocationRecord } from '../../protocol/invocation/record.js';
import type { CommandExecutor, ExecutorContext } from '../../runtime/executor.js';
import { FunctionNotRegisteredError } from './functionErrors.js';
import type { DeliveryScope, FunctionsHost } from './functionsHost.js';
import { invocationInputFor, visitsAfter } from './invocationInputs.js';
import { requestIdFor } from './requestIds.js';

/**
 * `deliverResult`: write the invocation record (timestamped now) to the one destination decided for
 * this invocation. Delivery failures are recorded, not retried, as the service drops what it cannot
 * deliver; a command re-run after a crash delivers again (at-least-once).
 */
export function deliverResultExecutor(host: FunctionsHost): CommandExecutor {
  return async (command: Command, context: ExecutorContext): Promise<DeliveryOutcome> => {
    const params = command.params as unknown as DeliverResultParams;
    const record = buildInvocationRecord(params.fields, host.clock.now());
    const target = params.destination.arn;
    try {
      return await deliver(host, params, record, command.key, context);
    } catch (error) {
      return { type: 'destination.failed', target, error: errorMessage(error) };
    }
  };
}

async function deliver(
  host: FunctionsHost,
  params: DeliverResultParams,
  record: InvocationRecord,
  key: string,
  context: ExecutorContext,
): Promise<DeliveryOutcome> {
  const destination = params.destination;
  const recordJson = record as unknown as Json;
  switch (destination.type) {
    case 'function': {
      const fn = host.lookup(destination.name);
      if (fn === undefined) throw new FunctionNotRegisteredError(destination.name, 'destination function');
      const visits = visitsAfter(params.visits, fn.name);
      if ((visits[fn.name] ?? 0) > MAX_CHAIN_VISITS)
        return loopStopped(host, destination.arn, fn.name, visits[fn.name] ?? 0, record);
      const requestId = requestIdFor(key);
      const input = invocationInputFor(
        fn,
        {
          requestId,
          payload: recordJson,
          acceptedAt: host.clock.now(),
          retryDelayScale: params.retryDelayScale,
          chain: {
            visits,
            trigger: {
              kind: 'destination',
              sourceRequestId: record.requestContext.requestId,
              sourceFunction: params.functionName,
              condition: record.requestContext.condition,
            },
          },
        },
        host.scope,
      );
      await context.start(ASYNC_INVOCATION_MACHINE_ID, requestId, input, requestId);
      return { type: 'destination.delivered', target: destination.arn, record: recordJson, delivered: { requestId } };
    }
    case 'queue': {
      const sent = await host.queue.send(destination.name, { body: JSON.stringify(record), deduplicationKey: key });
      return {
        type: 'destination.delivered',
        target: destination.arn,
        record: recordJson,
        delivered: { messageId: sent.messageId },
      };
    }
    case 'topic': {
      const sent = await host.topic.publish(destination.name, {
        message: JSON.stringify(record),
        deduplicationKey: key,
      });
      return {
        type: 'destination.delivered',
        target: destination.arn,
        record: recordJson,
        delivered: { messageId: sent.messageId },
      };
    }
    case 'eventBus': {
      const envelope = invocationResultEnvelope(record, {
        id: requestIdFor(`${key}#event`),
        at: host.clock.now(),
        ...host.scope,
        destinationArn: destination.arn,
      });
      if (host.eventBuses !== undefined) return publishOutside(host.eventBuses, destination, envelope, recordJson);
      const scope: DeliveryScope = {
        context,
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
      return {
        type: 'destination.delivered',
        target: destination.arn,
        record: recordJson,
        delivered: {
          eventId: envelope.id,
          rules: scope.notes.map((n) => ({
            rule: n.rule,
            targetFunction: n.targetFunction,
            requestId: n.requestId ?? null,
          })),
        },
      };
    }
  }
}

/**
 * Publish to a bus outside this process (EventBridge). A responseOnly hop is the deployed rule's to make:
 * the record names the rule, and the target's request id is the one the rule's invocation gets.
 */
async function publishOutside(
  eventBuses: (busName: string) => Bus,
  destination: Extract<DeliverResultParams['destination'], { type: 'eventBus' }>,
  envelope: EventBridgeEnvelope,
  record: Json,
): Promise<DeliveryOutcome> {
  await eventBuses(destination.name).publish(envelope);
  const link = destination.responseOnlyRule;
  return {
    type: 'destination.delivered',
    target: destination.arn,
    record,
    delivered: {
      eventId: envelope.id,
      rules: link === undefined ? [] : [{ rule: link.rule, targetFunction: link.targetFunction, requestId: null }],
    },
  };
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
export function sendToDeadLetterExecutor(host: FunctionsHost): CommandExecutor {
  return async (command: Command): Promise<DeliveryOutcome> => {
    const params = command.params as unknown as SendToDeadLetterParams;
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
