import { failedCreateMarkerSkipReason } from '../../protocol/customResource/physicalId.js';
import type { ResponseCandidate } from '../../protocol/customResource/responseBody.js';
import { requestInstanceId, type CustomResourceProvider } from '../../protocol/customResource/request.js';
import type { HandlerOutcome } from '../../../machines/customResource/index.js';
import type { HandlerContext } from './handlerContext.js';
import { answerDirectly, providerOfEvent } from './directAnswer.js';

/** The part of a Lambda context used here. */
export interface LambdaContextLike {
  getRemainingTimeInMillis?(): number;
}

/** The part of a handler this entry runs (a `BaseHandler` is one); narrow so the handler class can import this file. */
interface DispatchingHandler {
  readonly options: { readonly provider?: CustomResourceProvider; readonly deleteUncreated?: boolean };
  dispatch(event: Readonly<Record<string, unknown>>, context: HandlerContext): Promise<HandlerOutcome>;
}

/**
 * Run a handler as a Lambda function with no runtime behind it: the answer is PUT directly, and a
 * guard answers FAILED one second before the function would time out (so the stack never hangs).
 * Defer leaves the answer to a Responder; isComplete polling needs the runtime and answers FAILED here.
 * A Delete of CDK's failed-Create marker is answered SUCCESS without calling `delete`, as in the runtime
 * (unless the handler sets `deleteUncreated`). With no history here, other never-created ids reach `delete`.
 */
export async function runAsLambda(
  handler: DispatchingHandler,
  event: Record<string, unknown>,
  lambda?: LambdaContextLike,
): Promise<void> {
  const provider = handler.options.provider ?? providerOfEvent(event);
  const remaining = lambda?.getRemainingTimeInMillis?.() ?? 15 * 60_000;
  const decideBy = Date.now() + remaining - 1000;
  const context: HandlerContext = {
    provider,
    instanceId: requestInstanceId(provider, String(event['StackId']), String(event['RequestId'])),
    decideBy,
    remainingMs: () => Math.max(0, decideBy - Date.now()),
    lambda,
  };
  if (event['RequestType'] === 'Delete' && handler.options.deleteUncreated !== true) {
    // The same rule as the runtime's delete triage: a Delete of CDK's failed-Create marker has nothing to delete.
    if (failedCreateMarkerSkipReason(event['PhysicalResourceId']) !== undefined) {
      await answerDirectly(event, { Status: 'SUCCESS' }, { provider, giveUpAt: decideBy + 900 });
      return;
    }
  }
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<ResponseCandidate>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({ Status: 'FAILED', Reason: 'the handler timed out: no answer before the function ran out of time' }),
      Math.max(0, decideBy - Date.now()),
    );
  });
  const work = handler.dispatch(event, context).then((outcome): ResponseCandidate | undefined => {
    if (outcome.kind === 'defer') return undefined;
    if (outcome.kind === 'poll')
      return {
        Status: 'FAILED',
        Reason: 'isComplete polling needs the statebridge runtime; answer with a Responder instead',
      };
    const { kind: _kind, ...candidate } = outcome;
    return candidate;
  });
  const candidate = await Promise.race([work, guard]).finally(() => clearTimeout(timer));
  if (candidate === undefined) return;
  await answerDirectly(event, candidate, { provider, giveUpAt: decideBy + 900 });
}
