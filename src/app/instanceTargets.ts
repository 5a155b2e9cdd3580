import type { BusTarget } from '../ports/ruleBus.js';
import type { Json, MachineEvent } from '../core/stepRecord.js';
import type { EventBridgeEnvelope } from '../protocol/eventBridgeEnvelope.js';
import type { Runtime } from '../runtime/runtime.js';
import { eventIds } from '../core/stepProtocol.js';

/** Options for a bus target that sends matching events to an instance. */
export interface SendToInstanceOptions {
  readonly id: string;
  /** Which instance receives the event. */
  readonly instanceId: (envelope: EventBridgeEnvelope) => string;
  /** Turn the (shaped) input into the machine event; default: `{ type: detail-type, detail: input }`. */
  readonly toEvent?: (input: Json, envelope: EventBridgeEnvelope) => MachineEvent;
  readonly inputPath?: string;
}

/**
 * A bus target that routes matching events to a running instance. The envelope id is the event id, so
 * an event delivered twice by the bus is applied once.
 * @example
 * bus.putRule({
 *   name: 'payments',
 *   eventPattern: { source: ['shop'] },
 *   targets: [
 *     sendToInstance(runtime, { id: 'order', instanceId: (e) => String((e.detail as { orderId: string }).orderId) }),
 *   ],
 * });
 */
export function sendToInstance(runtime: Runtime, options: SendToInstanceOptions): BusTarget {
  return {
    id: options.id,
    ...(options.inputPath === undefined ? {} : { inputPath: options.inputPath }),
    deliver: async (input, envelope) => {
      const event = options.toEvent?.(input, envelope) ?? { type: envelope['detail-type'], detail: input };
      await runtime.send(options.instanceId(envelope), event, {
        eventId: eventIds.bus(envelope.id),
        causationId: envelope.id,
      });
    },
  };
}

/** Options for a bus target that starts one instance per matching event. */
export interface StartInstanceOptions {
  readonly id: string;
  readonly machineId: string;
  /** Default: `<machineId>-<envelope id>`. */
  readonly instanceId?: (envelope: EventBridgeEnvelope) => string;
  readonly inputPath?: string;
}

/**
 * A bus target that starts an instance of `machineId` for every matching event, with the (shaped) input
 * as the machine input. Starting twice for the same envelope is a no-op.
 */
export function startInstance(runtime: Runtime, options: StartInstanceOptions): BusTarget {
  return {
    id: options.id,
    ...(options.inputPath === undefined ? {} : { inputPath: options.inputPath }),
    deliver: async (input, envelope) => {
      const instanceId = options.instanceId?.(envelope) ?? `${options.machineId}-${envelope.id}`;
      await runtime.start(options.machineId, instanceId, input, {
        eventId: eventIds.bus(envelope.id),
        causationId: envelope.id,
      });
    },
  };
}
