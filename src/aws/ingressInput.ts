import {
  BUS_SOURCE,
  DETAIL_TYPE,
  INVOKE_REQUEST_KIND,
  TIMER_FIRING_KIND,
  type InvokeRequest,
  type SendDetail,
  type StartDetail,
  type TimerFiring,
} from './contract.js';

/** What one ingress invocation carries, recognised from its shape. */
export type IngressInput =
  | { readonly kind: 'customResource'; readonly request: Record<string, unknown> }
  | { readonly kind: 'send'; readonly detail: SendDetail; readonly envelopeId: string }
  | { readonly kind: 'start'; readonly detail: StartDetail; readonly envelopeId: string }
  | { readonly kind: 'timer'; readonly firing: TimerFiring }
  | { readonly kind: 'invoke'; readonly request: InvokeRequest }
  /** Through a responseOnly rule's alias: the payload for `target`, whatever its shape. */
  | { readonly kind: 'responseOnly'; readonly target: string; readonly payload: unknown }
  | { readonly kind: 'invalid'; readonly reason: string };

/**
 * The function named in the alias an invocation came through (`…:function:<ingress>:<prefix><name>`): an App
 * source's (`app-`) or a responseOnly rule's (`responseOnly-`); undefined for any other invocation of the ingress.
 */
export function aliasTarget(invokedFunctionArn: string | undefined, prefix: string): string | undefined {
  const qualifier = invokedFunctionArn?.split(':')[7];
  if (qualifier === undefined || !qualifier.startsWith(prefix)) return undefined;
  return qualifier.slice(prefix.length);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/** Fields that are only on custom resource requests (CloudFormation and ROS). */
const REQUEST_FIELDS = ['RequestType', 'ResponseURL', 'StackId', 'LogicalResourceId'];

/**
 * Recognise an ingress input: a CloudFormation/ROS request, an EventBridge event from statebridge's
 * own bus, a timer firing, or an Invoke request. Anything else is `invalid` with a reason naming the
 * field and the rule. A request is only recognised here; its own checks come at intake.
 */
export function classifyIngressInput(raw: unknown): IngressInput {
  if (!isObject(raw))
    return {
      kind: 'invalid',
      reason: `(input): must be a JSON object, got ${Array.isArray(raw) ? 'an array' : typeof raw}`,
    };
  if (raw['kind'] === TIMER_FIRING_KIND) return timerFiring(raw);
  if (raw['kind'] === INVOKE_REQUEST_KIND) return invokeRequest(raw);
  if ('detail-type' in raw || 'source' in raw) return busEvent(raw);
  if (REQUEST_FIELDS.some((field) => field in raw)) return { kind: 'customResource', request: raw };
  return {
    kind: 'invalid',
    reason:
      '(input): not a CloudFormation/ROS request (RequestType), an EventBridge ' +
      'event (detail-type), a timer firing or an invoke request (kind)',
  };
}

function timerFiring(raw: Record<string, unknown>): IngressInput {
  for (const field of ['streamId', 'timerKey', 'dueAt'] as const) {
    if (!isText(raw[field])) return { kind: 'invalid', reason: `timer firing ${field}: must be a non-empty string` };
  }
  if (Number.isNaN(Date.parse(String(raw['dueAt']))))
    return { kind: 'invalid', reason: 'timer firing dueAt: must be an ISO-8601 timestamp' };
  if (raw['timerId'] !== undefined && !isText(raw['timerId']))
    return { kind: 'invalid', reason: 'timer firing timerId: must be a non-empty string when given' };
  const event = raw['event'];
  if (event !== undefined && (!isObject(event) || !isText(event['type'])))
    return { kind: 'invalid', reason: 'timer firing event.type: must be a non-empty string when event is given' };
  return { kind: 'timer', firing: raw as unknown as TimerFiring };
}

function invokeRequest(raw: Record<string, unknown>): IngressInput {
  if (!isText(raw['functionName']))
    return { kind: 'invalid', reason: 'invoke request functionName: must be a non-empty string' };
  if (raw['requestId'] !== undefined && !isText(raw['requestId']))
    return { kind: 'invalid', reason: 'invoke request requestId: must be a non-empty string when given' };
  return { kind: 'invoke', request: raw as unknown as InvokeRequest };
}

function busEvent(raw: Record<string, unknown>): IngressInput {
  if (raw['source'] !== BUS_SOURCE)
    return {
      kind: 'invalid',
      reason: `EventBridge event source: must be "${BUS_SOURCE}", got ${JSON.stringify(raw['source'])}`,
    };
  const detail = raw['detail'];
  if (!isObject(detail)) return { kind: 'invalid', reason: 'EventBridge event detail: must be a JSON object' };
  const envelopeId = isText(raw['id']) ? raw['id'] : 'unknown';
  const missing = (fields: readonly string[]) => fields.find((field) => !isText(detail[field]));
  if (raw['detail-type'] === DETAIL_TYPE.send) {
    const field = missing(['instanceId', 'eventId']);
    if (field !== undefined)
      return { kind: 'invalid', reason: `${DETAIL_TYPE.send} detail.${field}: must be a non-empty string` };
    if (!isObject(detail['event']) || !isText(detail['event']['type']))
      return { kind: 'invalid', reason: `${DETAIL_TYPE.send} detail.event.type: must be a non-empty string` };
    return { kind: 'send', detail: detail as unknown as SendDetail, envelopeId };
  }
  if (raw['detail-type'] === DETAIL_TYPE.start) {
    const field = missing(['machineId', 'instanceId', 'eventId']);
    if (field !== undefined)
      return { kind: 'invalid', reason: `${DETAIL_TYPE.start} detail.${field}: must be a non-empty string` };
    return { kind: 'start', detail: detail as unknown as StartDetail, envelopeId };
  }
  return {
    kind: 'invalid',
    reason:
      `EventBridge event detail-type: must be ${DETAIL_TYPE.send} ` +
      `or ${DETAIL_TYPE.start}, got ${JSON.stringify(raw['detail-type'])}`,
  };
}
