import type { BusTarget } from '../bus/busRule.js';
import type { Bus } from '../../ports/bus.js';

/**
 * A rule target of the in-process bus that forwards each matching event to another bus, such as an
 * `EventBridgeBus` — as an EventBridge rule can target another event bus. A failed forward fails the
 * in-process publish, so the publishing command records the failure (or is retried).
 * @example
 * inProcessBus.putRule({
 *   name: 'results-to-aws',
 *   eventPattern: { source: ['lambda'] },
 *   targets: [forwardTo('aws', eventBridgeBus)],
 * });
 */
export function forwardTo(id: string, bus: Bus): BusTarget {
  return { id, deliver: (_input, envelope) => bus.publish(envelope) };
}
