import { randomUUID } from 'node:crypto';
import { LambdaDestination } from '../app/functions/destinations.js';
import { responseOnlyRuleName } from '../app/functions/destination.js';
import { requestIdFor } from '../app/functions/requestIds.js';
import { RESPONSE_ONLY_INPUT_PATH } from '../protocol/invocation/eventBridgeResult.js';
import type { AwsRuntime } from './awsRuntime.js';
import { RESPONSE_ONLY_ALIAS_PREFIX } from './contract.js';
import type { IngressResult } from './ingressResult.js';

/**
 * Start an asynchronous invocation of `targetName` with the payload a responseOnly rule delivered (the
 * source's `responsePayload`, nothing else: CDK's InputPath). The request id derives from the ingress
 * invocation's own, so Lambda retrying that invocation starts nothing twice. The payload carries no
 * source request id, so the chain's link is the rule, as on AWS.
 */
export async function startFromResponseOnlyRule(
  aws: AwsRuntime,
  targetName: string,
  payload: unknown,
  awsRequestId: string | undefined,
): Promise<IngressResult> {
  const target = aws.functions.get(targetName);
  if (target === undefined) {
    const reason =
      `invokedFunctionArn alias ${RESPONSE_ONLY_ALIAS_PREFIX}${targetName}: ` +
      `no function is registered as "${targetName}"`;
    aws.log(
      JSON.stringify({ level: 'warn', message: 'statebridge ingress: bad input', input: 'responseOnly', reason }),
    );
    return { ok: false, input: 'responseOnly', reason };
  }
  const requestId =
    awsRequestId === undefined ? randomUUID() : requestIdFor(`responseOnly#${targetName}#${awsRequestId}`);
  const source = sourceOf(aws, targetName);
  const trigger = {
    kind: 'eventBusRule',
    sourceRequestId: 'unknown',
    sourceFunction: source?.name ?? 'unknown',
    rule: source === undefined ? 'unknown' : responseOnlyRuleName(source.name, source.outcome),
    inputPath: RESPONSE_ONLY_INPUT_PATH,
    eventId: 'unknown',
  } as const;
  // EventBridge bounds the payload (an event of at most 256 KB), so the asynchronous limit is not checked.
  const started = await aws.functions.invokeAsync(target, payload as never, {
    requestId,
    trigger,
    checkPayloadLimit: false,
  });
  return { ok: true, input: 'responseOnly', instanceId: requestId, requestId, applied: started.applied };
}

/** The one registered function whose responseOnly destination is `targetName`, when there is exactly one. */
function sourceOf(aws: AwsRuntime, targetName: string): { name: string; outcome: 'Success' | 'Failure' } | undefined {
  const sources = aws.functions.all().flatMap((fn) =>
    (
      [
        ['Success', fn.onSuccess],
        ['Failure', fn.onFailure],
      ] as const
    )
      .filter(
        ([, d]) => d instanceof LambdaDestination && d.options.responseOnly === true && d.target.name === targetName,
      )
      .map(([outcome]) => ({ name: fn.name, outcome })),
  );
  return sources.length === 1 ? sources[0] : undefined;
}
