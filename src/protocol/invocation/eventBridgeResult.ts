import type { EventBridgeEnvelope } from '../eventBridgeEnvelope.js';
import type { EventPattern } from '../eventPattern.js';
import type { InvocationRecord } from './record.js';

/** The `source` of invocation-result events. */
export const INVOCATION_RESULT_SOURCE = 'lambda';

/** The `detail-type` of an invocation-result event; ASCII hyphen, as the service and CDK emit it. */
export function invocationResultDetailType(success: boolean): string {
  return `Lambda Function Invocation Result - ${success ? 'Success' : 'Failure'}`;
}

/** Where an invocation-result event is published from and to. */
export interface ResultEnvelopeOptions {
  /** Chosen by the caller so a re-publish after a crash carries the same id. */
  readonly id: string;
  readonly at: number;
  readonly account: string;
  readonly region: string;
  readonly destinationArn: string;
}

/**
 * Wrap a record as the event the service puts on a bus destination: `source: "lambda"`, the record as
 * `detail`, `resources` naming the (qualified) function and the destination.
 */
export function invocationResultEnvelope(
  record: InvocationRecord,
  options: ResultEnvelopeOptions,
): EventBridgeEnvelope {
  return {
    version: '0',
    id: options.id,
    'detail-type': invocationResultDetailType(record.requestContext.condition === 'Success'),
    source: INVOCATION_RESULT_SOURCE,
    account: options.account,
    time: new Date(options.at).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: options.region,
    resources: [record.requestContext.functionArn, options.destinationArn],
    detail: record,
  };
}

/** The input path CDK gives a `responseOnly` rule target. */
export const RESPONSE_ONLY_INPUT_PATH = '$.detail.responsePayload';

/**
 * The rule pattern CDK writes for `LambdaDestination(fn, { responseOnly: true })`: the result events of
 * one function (its `$LATEST` ARN) for one outcome.
 */
export function responseOnlyRulePattern(qualifiedSourceArn: string, success: boolean): EventPattern {
  return {
    source: [INVOCATION_RESULT_SOURCE],
    'detail-type': [invocationResultDetailType(success)],
    resources: [qualifiedSourceArn],
  };
}
