import { ASYNC_INVOCATION_MACHINE_ID } from '../../../machines/asyncInvocation/asyncInvocation.definition.js';
import type { BusRule } from '../../ports/ruleBus.js';
import type { Json } from '../../core/stepRecord.js';
import type { EventBridgeEnvelope } from '../../protocol/eventBridgeEnvelope.js';
import { MAX_CHAIN_VISITS, qualifiedFunctionArn } from '../../protocol/invocation/config.js';
import { RESPONSE_ONLY_INPUT_PATH, responseOnlyRulePattern } from '../../protocol/invocation/eventBridgeResult.js';
import type { AnyFunctionDefinition } from './defineFunction.js';
import { responseOnlyRuleName, type DestinationOutcome } from './destination.js';
import type { FunctionsHost } from './functionsHost.js';
import { invocationInputFor, visitsAfter } from './invocationInputs.js';
import { requestIdFor } from './requestIds.js';

/**
 * The rule CDK writes for `LambdaDestination(target, { responseOnly: true })` on `source`: result
 * events of `source:$LATEST` for one outcome, sent to `target` with input path
 * `$.detail.responsePayload`. The target starts an asynchronous invocation of `target`.
 */
export function responseOnlyRule(
  host: FunctionsHost,
  source: AnyFunctionDefinition,
  outcome: DestinationOutcome,
  target: AnyFunctionDefinition,
): BusRule {
  const name = responseOnlyRuleName(source.name, outcome);
  return {
    name,
    description: `responseOnly ${outcome === 'Success' ? 'onSuccess' : 'onFailure'} of ${source.name} → ${target.name}`,
    eventPattern: responseOnlyRulePattern(qualifiedFunctionArn(source.name, host.scope), outcome === 'Success'),
    targets: [
      {
        id: target.name,
        inputPath: RESPONSE_ONLY_INPUT_PATH,
        deliver: (input, envelope) => startFromRule(host, name, target, input, envelope),
      },
    ],
  };
}

async function startFromRule(
  host: FunctionsHost,
  rule: string,
  target: AnyFunctionDefinition,
  input: Json,
  envelope: EventBridgeEnvelope,
): Promise<void> {
  const scope = host.deliveryScope.getStore();
  const visits = visitsAfter(scope?.visits ?? {}, target.name);
  const count = visits[target.name] ?? 0;
  if (count > MAX_CHAIN_VISITS) {
    scope?.notes.push({ rule, targetFunction: target.name, loopStopped: { visits: count } });
    return;
  }
  const requestId = requestIdFor(`${envelope.id}#${rule}#${target.name}`);
  const detail = envelope.detail as { requestContext?: { requestId?: string } } | null;
  const draft = invocationInputFor(
    target,
    {
      requestId,
      payload: input,
      acceptedAt: host.clock.now(),
      retryDelayScale: scope?.retryDelayScale ?? host.retryDelayScale,
      chain: {
        visits,
        trigger: {
          kind: 'eventBusRule',
          sourceRequestId: scope?.sourceRequestId ?? detail?.requestContext?.requestId ?? 'unknown',
          sourceFunction: scope?.sourceFunction ?? 'unknown',
          rule,
          inputPath: RESPONSE_ONLY_INPUT_PATH,
          eventId: envelope.id,
        },
      },
    },
    host.scope,
  );
  if (scope !== undefined) {
    // Started through the delivering command's context, so the chain's links are recorded.
    await scope.context.start(ASYNC_INVOCATION_MACHINE_ID, requestId, draft, requestId);
  } else {
    await host.runtime.start(ASYNC_INVOCATION_MACHINE_ID, requestId, draft);
  }
  scope?.notes.push({ rule, targetFunction: target.name, requestId });
}
