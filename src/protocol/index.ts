// statebridge/protocol — wire formats: EventBridge envelopes and event patterns, schedule expressions,
// the custom resource ServiceToken and physical ids, and the asynchronous-invocation record, config and
// result events. For code that speaks these formats to other systems; an application needs the root.
export { matchesEventPattern, validateEventPattern, EventPatternIndex } from './eventPattern.js';
export type { EventPattern } from './eventPattern.js';
export { putEventsEntrySchema, PUT_EVENTS_MAX_ENTRIES } from './eventBridgeEnvelope.js';
export type { EventBridgeEnvelope, PutEventsEntry } from './eventBridgeEnvelope.js';
export { nextFireTime, parseScheduleExpression, previousFireTime } from './schedule/scheduleExpression.js';
export type { FireTimeOptions, ScheduleExpression } from './schedule/scheduleExpression.js';
export { parseRosServiceToken } from './customResource/serviceToken.js';
export type { RosServiceToken } from './customResource/serviceToken.js';
export { deterministicPhysicalId, CDK_CREATE_FAILED_MARKER } from './customResource/physicalId.js';
export type { CustomResourceEvent, CustomResourceProvider, RequestType } from './customResource/request.js';
export {
  asyncInvokeConfigSchema,
  functionArn,
  qualifiedFunctionArn,
  MAXIMUM_EVENT_AGE_SECONDS,
  MAXIMUM_RETRY_ATTEMPTS,
  MAX_CHAIN_VISITS,
  TIMEOUT_SECONDS,
} from './invocation/config.js';
export type { AsyncInvokeConfig, DeadLetterSpec, DestinationSpec } from './invocation/config.js';
export { buildInvocationRecord, invocationRecordSchema } from './invocation/record.js';
export type { FunctionErrorKind, InvocationCondition, InvocationRecord } from './invocation/record.js';
export {
  invocationResultDetailType,
  invocationResultEnvelope,
  responseOnlyRulePattern,
  RESPONSE_ONLY_INPUT_PATH,
} from './invocation/eventBridgeResult.js';
export { deadLetterAttributes } from './invocation/deadLetter.js';
export { functionErrorRetryDelayMs, throttleRetryDelayMs } from './invocation/retryPolicy.js';
