/**
 * The EventBridge bus, published as `statebridge/eventbridge`. `@aws-sdk/client-eventbridge` is a peer:
 * bring your own client.
 * @example
 * import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
 * import { EventBridgeBus } from 'statebridge/eventbridge';
 * const bus = new EventBridgeBus({ client: new EventBridgeClient({}), eventBusName: 'orders', carryIdAs: 'eventId' });
 */
export { EventBridgeBus, type EventBridgeBusOptions } from './eventBridgeBus.js';
export { forwardTo } from './eventBridgeTarget.js';
export { putEventsEntrySize } from '../../protocol/eventBridgeEnvelope.js';
export { splitIntoCalls } from './putEventsCalls.js';
export { DEFAULT_RESEND_POLICY, RETRYABLE_ENTRY_CODES, resendDelay, type ResendPolicy } from './resendPolicy.js';
