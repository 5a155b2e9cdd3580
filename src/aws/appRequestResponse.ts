import type { Registration } from '../app/chalice/app.js';
import type { AttemptOutcome, InvocationTrigger } from '../protocol/invocation/invocationInput.js';
import { startAppInvocation } from './appSourcesStart.js';
import type { AwsRuntime } from './awsRuntime.js';
import { relayWhileTimeLeft, type LambdaContextLike } from './relayBudget.js';

const OUTCOMES: ReadonlySet<string> = new Set([
  'attempt.succeeded',
  'attempt.failed',
  'attempt.throttled',
  'attempt.expired',
]);

/** One delivery of a synchronous App source, as its caller (a mapping, API Gateway) waits on it. */
export interface RequestResponseDelivery {
  /** The instance id: the same id twice is one instance, the second delivery reading what the first recorded. */
  readonly requestId: string;
  readonly trigger: InvocationTrigger;
  /**
   * Refuse an event over Lambda's asynchronous payload limit with a PayloadLimitError before starting
   * anything (API Gateway answers it 413); a mapping's batch is never refused this way.
   */
  readonly checkPayloadLimit?: boolean;
  /** The ingress's Lambda context: its remaining time bounds the relay. */
  readonly context: LambdaContextLike | undefined;
  /** Time kept back from the ingress's remaining time, to answer before the Lambda times out. */
  readonly marginMs: number;
}

/** How far one RequestResponse delivery got while the ingress had time. */
export interface RequestResponseEnd {
  /** The first attempt's outcome, or undefined when none was recorded before the ingress's time ran out. */
  readonly outcome: AttemptOutcome | undefined;
  /** False when time ran out before everything was relayed: what is left stays pending for the sweeper. */
  readonly relayed: boolean;
}

/**
 * Run one delivery of a synchronous App source (an event source mapping or API Gateway waits on the
 * ingress) as a RequestResponse invocation instance of the function, relayed in this ingress: the instance
 * has a timeline naming its trigger, and ends with its one attempt, as Lambda's RequestResponse does.
 * Resolves with the attempt's outcome, seen on the step stream as it is recorded or read from the stored
 * records on a redelivery, and whether the relay finished in time.
 */
export async function runRequestResponse(
  aws: AwsRuntime,
  registration: Registration,
  event: unknown,
  delivery: RequestResponseDelivery,
): Promise<RequestResponseEnd> {
  const { requestId, trigger, context, marginMs } = delivery;
  let seen: AttemptOutcome | undefined;
  const stop = aws.runtime.onStep((record) => {
    const outcome = record.event as AttemptOutcome;
    if (record.streamId === requestId && OUTCOMES.has(outcome.type)) seen ??= outcome;
  });
  let relayed: boolean;
  try {
    await startAppInvocation(aws, registration, event, {
      requestId,
      trigger,
      invocationType: 'RequestResponse',
      checkPayloadLimit: delivery.checkPayloadLimit === true,
    });
    relayed = await relayWhileTimeLeft(aws.runtime, context, marginMs);
  } finally {
    stop();
  }
  return { outcome: seen ?? (await recordedOutcome(aws, requestId)), relayed };
}

/** The first attempt's outcome an instance recorded, if it has one. */
async function recordedOutcome(aws: AwsRuntime, requestId: string): Promise<AttemptOutcome | undefined> {
  for await (const record of aws.runtime.store.readStream(requestId)) {
    const event = record.event as AttemptOutcome;
    if (OUTCOMES.has(event.type)) return event;
  }
  return undefined;
}
