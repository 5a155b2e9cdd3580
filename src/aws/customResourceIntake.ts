import { answerDirectly, providerOfEvent } from '../app/customResource/directAnswer.js';
import { receiveCustomResourceRequest } from '../app/customResource/requestIntake.js';
import { isStatebridgeError } from '../core/errors.js';
import { checkRequestShape, requestEnvelopeSchema } from '../protocol/customResource/request.js';
import type { AwsRuntime } from './awsRuntime.js';
import type { IngressResult } from './ingressResult.js';

/** Which registered handler serves a request; default: the one registered under its `ResourceType`. */
export type HandlerNameOf = (request: Readonly<Record<string, unknown>>) => string;

export const byResourceType: HandlerNameOf = (request) =>
  typeof request['ResourceType'] === 'string' ? request['ResourceType'] : '';

/**
 * Take one CloudFormation/ROS request. A request that can be answered but is malformed, names no
 * registered handler or is too large to record is answered FAILED directly and leaves the table as it
 * was; a good one is persisted as its instance's first event before any handler runs.
 */
export async function takeCustomResourceRequest(
  aws: AwsRuntime,
  request: Record<string, unknown>,
  handlerOf: HandlerNameOf,
): Promise<IngressResult> {
  const provider = providerOfEvent(request);
  const envelope = requestEnvelopeSchema.safeParse(request);
  const answerable = envelope.success && typeof request['ResponseURL'] === 'string';
  const refuse = async (reason: string): Promise<IngressResult> => {
    aws.log(
      JSON.stringify({ level: 'warn', message: 'statebridge ingress: bad input', input: 'customResource', reason }),
    );
    if (answerable)
      await answerDirectly(
        request,
        { Status: 'FAILED', Reason: `statebridge refused the request: ${reason}` },
        { provider },
      );
    return { ok: false, input: 'customResource', reason, answeredFailed: answerable };
  };
  if (!envelope.success)
    return refuse(envelope.error.issues.map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`).join('; '));
  if (typeof request['ResponseURL'] !== 'string')
    return refuse('ResponseURL: required to answer an asynchronous request');
  const shape = checkRequestShape(provider, request);
  if (!shape.ok) return refuse(shape.problems.join('; '));
  const handler = handlerOf(request);
  if (!aws.handlers.has(handler))
    return refuse(`ResourceType: no custom resource handler is registered as "${handler}"`);
  try {
    const { instanceId, duplicate } = await receiveCustomResourceRequest(
      { runtime: aws.runtime, handlers: aws.handlers },
      request,
      { provider, handler },
    );
    return { ok: true, input: 'customResource', instanceId, applied: !duplicate };
  } catch (error) {
    if (isStatebridgeError(error, 'PAYLOAD_TOO_LARGE') || isStatebridgeError(error, 'VALIDATION_FAILED'))
      return refuse(error.message);
    throw error;
  }
}
