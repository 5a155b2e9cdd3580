import type { Json } from '../../src/core/stepRecord.js';
import {
  decideResponseBody,
  type RequestEcho,
  type ResponseCandidate,
} from '../../src/protocol/customResource/responseBody.js';
import type { RequestType } from '../../src/protocol/customResource/request.js';
import type { CustomResourceContext, DecidedBy, HandlerOutcome } from './customResource.events.js';

/** The request fields a response echoes, read from the context. */
export function echoOf(context: CustomResourceContext): RequestEcho {
  const e = context.event;
  const str = (v: Json | undefined) => (typeof v === 'string' ? v : '');
  return {
    provider: context.provider,
    RequestType: (['Create', 'Update', 'Delete'].includes(str(e['RequestType']))
      ? e['RequestType']
      : 'Create') as RequestType,
    StackId: str(e['StackId']),
    RequestId: str(e['RequestId']),
    LogicalResourceId: str(e['LogicalResourceId']),
    ...(typeof e['PhysicalResourceId'] === 'string' && e['PhysicalResourceId'] !== ''
      ? { PhysicalResourceId: e['PhysicalResourceId'] }
      : {}),
  };
}

/** The one decision: apply the protocol rules to a candidate and note replacement bookkeeping. */
export function decideAnswer(
  context: CustomResourceContext,
  candidate: ResponseCandidate,
  by: DecidedBy,
): Partial<CustomResourceContext> {
  const echo = echoOf(context);
  const response = decideResponseBody(echo, candidate);
  const replaced =
    echo.RequestType === 'Update' &&
    response.Status === 'SUCCESS' &&
    echo.PhysicalResourceId !== undefined &&
    response.PhysicalResourceId !== echo.PhysicalResourceId
      ? { replacedPhysicalId: echo.PhysicalResourceId }
      : {};
  return { response, decidedBy: by, ...replaced };
}

/** The timeout answer: FAILED, and the Reason says it timed out and when. */
export function timeoutCandidate(context: CustomResourceContext, what: string): ResponseCandidate {
  return {
    Status: 'FAILED',
    ...(context.poll?.PhysicalResourceId === undefined ? {} : { PhysicalResourceId: context.poll.PhysicalResourceId }),
    Reason:
      `${what} timed out: no answer within ${context.timeoutSeconds} s minus ` +
      `the safety margin (statebridge answered before the provider's deadline)`,
  };
}

/** A poll's final answer: Data from the start call, overlaid by the poll's own Data (the CDK model). */
export function mergePollAnswer(context: CustomResourceContext, answer: ResponseCandidate): ResponseCandidate {
  const poll = context.poll;
  if (poll === undefined || answer.Status === 'FAILED')
    return stripUndefined({ PhysicalResourceId: poll?.PhysicalResourceId, ...stripUndefined(answer) });
  const data =
    poll.Data === undefined && answer.Data === undefined ? undefined : { ...(poll.Data ?? {}), ...(answer.Data ?? {}) };
  const id = answer.PhysicalResourceId ?? poll.PhysicalResourceId;
  return {
    Status: 'SUCCESS',
    ...(id === undefined ? {} : { PhysicalResourceId: id }),
    ...(data === undefined ? {} : { Data: data }),
    ...(answer.NoEcho === true || poll.NoEcho === true ? { NoEcho: true } : {}),
  };
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Drop the outcome's `kind` tag, keeping only response fields. */
export function candidateOf(outcome: { readonly kind: string } & ResponseCandidate): ResponseCandidate {
  const { kind: _kind, ...rest } = outcome;
  return stripUndefined(rest);
}

/** A Create that succeeded although the stack already rolled it back made something nobody will delete. */
export function needsCompensation(context: CustomResourceContext): boolean {
  return (
    context.cancelledBy !== undefined &&
    context.compensation === undefined &&
    context.response?.Status === 'SUCCESS' &&
    echoOf(context).RequestType === 'Create'
  );
}

/** Params of the compensating delete: the id the cancelled Create answered. */
export function compensateParams(context: CustomResourceContext): { handler: string; physicalResourceId: string } {
  return { handler: context.handler, physicalResourceId: context.response?.PhysicalResourceId ?? '' };
}

/** What a "started, poll me" outcome leaves for the polls. */
export function candidateOfPoll(
  o: Extract<HandlerOutcome, { kind: 'poll' }>,
): Partial<NonNullable<CustomResourceContext['poll']>> {
  return {
    ...(o.state === undefined ? {} : { state: o.state }),
    ...(o.PhysicalResourceId === undefined ? {} : { PhysicalResourceId: o.PhysicalResourceId }),
    ...(o.Data === undefined ? {} : { Data: o.Data }),
    ...(o.NoEcho === undefined ? {} : { NoEcho: o.NoEcho }),
  };
}
