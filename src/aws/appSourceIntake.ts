import { takeAsyncAppSource, type AsyncSourceKind } from './appAsyncSources.js';
import { takeBatchAppSource, type BatchSourceKind } from './appBatchSources.js';
import { appTargetOf, refuseAppSourceEvent, type AppTarget } from './appSourcesStart.js';
import type { AwsRuntime } from './awsRuntime.js';
import { takeHttpSourceEvent, type HttpSourceKind } from './appHttpIntake.js';
import { APP_SOURCE_ALIAS_PREFIX } from './contract.js';
import type { LambdaContextLike } from './relayBudget.js';

/**
 * Take one event an App source sent to the ingress for `functionName`. What comes back is what that source
 * expects from the Lambda it invokes: an ingress result for the sources that invoke asynchronously (rules,
 * S3, SNS), the function's answer for the synchronous ones (batch failures to an event source mapping, the
 * proxy response to API Gateway).
 */
export async function takeAppSourceEvent(
  aws: AwsRuntime,
  functionName: string,
  event: unknown,
  context: LambdaContextLike | undefined,
  /** Time kept back from the Lambda's remaining time when relaying (the ingress handler's `safetyMarginMs`). */
  relayMarginMs = 1500,
): Promise<unknown> {
  const target = appTargetOf(aws, functionName);
  if (target === undefined) {
    return refuseAppSourceEvent(
      aws,
      `invokedFunctionArn alias ${APP_SOURCE_ALIAS_PREFIX}${functionName}: no App function is named "${functionName}"`,
    );
  }
  const { registration } = target;
  // Each taker reads the source its kind has; the switch is what narrows it.
  switch (registration.source.kind) {
    case 'schedule':
    case 'cwEvent':
    case 's3':
    case 'sns':
      return takeAsyncAppSource(aws, target as AppTarget<AsyncSourceKind>, event, context, relayMarginMs);
    case 'sqs':
    case 'kinesis':
    case 'dynamodb':
      return takeBatchAppSource(aws, target as AppTarget<BatchSourceKind>, event, context, relayMarginMs);
    case 'route':
    case 'authorizer':
    case 'websocket':
      return takeHttpSourceEvent(aws, target as AppTarget<HttpSourceKind>, event, context, relayMarginMs);
    case 'lambda':
      return refuseAppSourceEvent(
        aws,
        `${registration.place}: a plain lambdaFunction has no source; invoke it by name, not through an alias`,
      );
  }
}
