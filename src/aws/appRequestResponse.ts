import type { Registration } from '../app/chalice/app.js';
import type { FunctionDefinition } from '../app/functions/defineFunction.js';
import type { Json } from '../core/stepRecord.js';
import type { AttemptOutcome, InvocationTrigger } from '../protocol/invocation/invocationInput.js';
import type { AwsRuntime } from './awsRuntime.js';
import { relayWhileTimeLeft, type LambdaContextLike } from './relayBudget.js';

const OUTCOMES: ReadonlySet<string> = new Set([
  'attempt.succeeded',
  'attempt.failed',
  'attempt.throttled',
  'attempt.expired',
]);

/**
 * Run one delivery of a synchronous App source (API Gateway waits on the ingress) as a RequestResponse
 * invocation instance of the function, relayed in this ingress: the instance has a timeline naming its
 * trigger, and ends with its one attempt, as Lambda's RequestResponse does. Resolves with the attempt's
 * outcome, or undefined when the ingress ran out of time first (the instance stays pending for the
 * sweeper, but nobody waits for its answer any more). The same request id twice is one instance: the
 * second delivery reads the outcome the first recorded.
 */
export async function runRequestResponse(
  aws: AwsRuntime,
  registration: Registration,
  event: unknown,
  options: { readonly requestId: string; readonly trigger: InvocationTrigger },
  context: LambdaContextLike | undefined,
  /** Time kept back from the ingress's remaining time, to answer before the Lambda times out. */
  marginMs: number,
): Promise<AttemptOutcome | undefined> {
  let seen: AttemptOutcome | undefined;
  const stop = aws.runtime.onStep((record) => {
    const outcome = record.event as AttemptOutcome;
    if (record.streamId === options.requestId && OUTCOMES.has(outcome.type)) seen ??= outcome;
  });
  try {
    // The registered handler validates the event itself (the App's wrapper parses it), so any JSON goes in.
    const fn = registration.fn as unknown as FunctionDefinition<Json, unknown>;
    await aws.functions.invokeAsync(fn, event as Json, { ...options, invocationType: 'RequestResponse' });
    await relayWhileTimeLeft(aws.runtime, context, marginMs);
  } finally {
    stop();
  }
  return seen ?? (await recordedOutcome(aws, options.requestId));
}

/** The first attempt's outcome an instance recorded, if it has one. */
async function recordedOutcome(aws: AwsRuntime, requestId: string): Promise<AttemptOutcome | undefined> {
  for await (const record of aws.runtime.store.readStream(requestId)) {
    const event = record.event as AttemptOutcome;
    if (OUTCOMES.has(event.type)) return event;
  }
  return undefined;
}
