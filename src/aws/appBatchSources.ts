import { randomUUID } from 'node:crypto';
import { lastErrorMessage, type InvocationContext } from '../../machines/asyncInvocation/asyncInvocation.events.js';
import { requestIdFor } from '../app/functions/requestIds.js';
import { ValidationError, type ValidationIssue } from '../core/errors.js';
import type { Json } from '../core/stepRecord.js';
import { parseEventSource } from '../protocol/eventSources/eventSourceSchemas.js';
import type { InvocationTrigger } from '../protocol/invocation/invocationInput.js';
import type { AwsRuntime } from './awsRuntime.js';
import { runRequestResponse } from './appRequestResponse.js';
import type { AppTarget } from './appSourcesStart.js';
import type { LambdaContextLike } from './relayBudget.js';

/** The App sources an event source mapping reads and invokes synchronously with a batch. */
export type BatchSourceKind = 'sqs' | 'kinesis' | 'dynamodb';

/**
 * Take one batch an event source mapping (SQS queue, Kinesis or DynamoDB stream) sent through the function's
 * alias: start a RequestResponse invocation instance of the function (its timeline names the source),
 * relay until its one attempt ends, and answer what the function answered (`{ batchItemFailures }` when it
 * reported some). A failed attempt, or one not ended when the ingress's time runs out, is thrown: the
 * mapping then retries, bisects or gives the batch to its on-failure destination as it does for any
 * function, and the queue's redrive policy moves a message to its DLQ after `maxReceiveCount`.
 */
export async function takeBatchAppSource(
  aws: AwsRuntime,
  target: AppTarget<BatchSourceKind>,
  event: unknown,
  context: LambdaContextLike | undefined,
  marginMs: number,
): Promise<unknown> {
  const { registration } = target;
  const trigger = triggerOf(target, event);
  // One id per delivery: the mapping's retry of a batch is a new invocation of the ingress, so a new instance.
  const awsRequestId = context?.awsRequestId;
  const requestId =
    awsRequestId === undefined ? randomUUID() : requestIdFor(`${trigger.source}#${registration.name}#${awsRequestId}`);
  const delivery = { requestId, trigger, context, marginMs };
  const { outcome, relayed } = await runRequestResponse(aws, registration, event, delivery);
  if (relayed && outcome?.type === 'attempt.succeeded') return outcome.response ?? null;
  // How it failed is the instance's decision (a throttle and an invoke that never reached Lambda alike).
  const head = relayed ? await aws.runtime.store.readHead(requestId) : undefined;
  const state = head?.state.context as InvocationContext | undefined;
  if (state?.condition === undefined)
    throw new Error(
      `${registration.name}: invocation ${requestId} had not ended when the ingress's time ran out; ` +
        'the event source mapping retries the batch',
    );
  throw new Error(`${registration.name} failed (${state.condition}): ${describeError(state)}`);
}

/** The trigger of one batch, once the batch is known to be the registration's source's: checked record by record. */
function triggerOf(target: AppTarget<BatchSourceKind>, event: unknown): InvocationTrigger & { source: string } {
  const { source } = target.registration;
  const issues: ValidationIssue[] = [];
  const check = (records: readonly { eventSourceARN: string }[], fits: (arn: string) => boolean, what: string) =>
    records.forEach((r, i) => {
      if (!fits(r.eventSourceARN))
        issues.push({ path: `Records[${i}].eventSourceARN`, rule: `must be ${what}, got ${r.eventSourceARN}` });
    });
  let trigger: InvocationTrigger & { source: string };
  if (source.kind === 'sqs') {
    const records = parseEventSource('sqs', event).Records;
    check(records, (arn) => arn.endsWith(`:${source.queue}`), `the ARN of queue ${source.queue}`);
    trigger = { kind: 'eventSource', source: `sqs:${source.queue}`, rule: `batch of ${records.length}` };
  } else if (source.kind === 'kinesis') {
    const records = parseEventSource('kinesis', event).Records;
    check(records, (arn) => arn.endsWith(`:stream/${source.stream}`), `the ARN of stream ${source.stream}`);
    const sequences = records.map((r) => ({ eventId: r.eventID, sequenceNumber: r.kinesis.sequenceNumber }));
    trigger = { kind: 'eventSource', source: `kinesis:${source.stream}`, rule: rangeOf(sequences) };
  } else {
    const records = parseEventSource('dynamodb', event).Records;
    check(records, (arn) => arn === source.stream, `stream ${source.stream}`);
    const sequences = records.map((r) => ({ eventId: r.eventID, sequenceNumber: r.dynamodb.SequenceNumber }));
    trigger = { kind: 'eventSource', source: `dynamodb:${source.stream}`, rule: rangeOf(sequences) };
  }
  if (issues.length > 0) throw new ValidationError(`batch for ${target.registration.place}`, issues);
  return trigger;
}

/**
 * A stream batch's rule as the local mapping writes it: `<shard> <first>-<last>`. Kinesis event ids name the
 * shard (`shardId-000000000006:4959…`); DynamoDB's do not, so that rule is the sequence range alone.
 */
function rangeOf(records: readonly { eventId: string; sequenceNumber: string | undefined }[]): string {
  const first = records[0];
  const last = records[records.length - 1];
  const range = `${first?.sequenceNumber ?? ''}-${last?.sequenceNumber ?? ''}`;
  const shard = /^(shardId-[^:]+):/.exec(first?.eventId ?? '')?.[1];
  return shard === undefined ? range : `${shard} ${range}`;
}

/** The function's error as Lambda reports it (`errorType: errorMessage`), or why it never ran. */
function describeError(state: InvocationContext): string {
  const payload = state.lastResponse?.payload as { errorType?: Json } | null | undefined;
  if (state.lastResponse === undefined && state.throttles > 0) return 'the invocation was throttled';
  const type = typeof payload?.errorType === 'string' ? `${payload.errorType}: ` : '';
  return `${type}${lastErrorMessage(state)}`;
}
