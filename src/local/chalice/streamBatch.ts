/** The shapes a stream mapping delivers: a batch of records and the description of a batch given up on. */
import type { Json } from '../../core/stepRecord.js';
import type { ShardRecord } from '../../ports/shardSource.js';
import type { AttributeMap } from '../../protocol/eventSources/attributeValue.js';
import { qualifiedFunctionArn } from '../../protocol/invocation/config.js';
import { dynamodbRecordOf, kinesisRecordOf } from '../../app/chalice/recordEvents.js';
import type { EventScope } from '../../app/chalice/serviceEvents.js';

/** Which kind of stream a mapping reads and the stream's name (Kinesis) or ARN (DynamoDB). */
export interface StreamIdentity {
  readonly kind: 'kinesis' | 'dynamodb';
  readonly stream: string;
}

/** A change to a table as a DynamoDB stream carries it; the embedded table stream stores it as JSON. */
export interface TableChange {
  readonly keys: AttributeMap;
  readonly newImage?: AttributeMap;
  readonly oldImage?: AttributeMap;
}

/** Why a mapping gave up on records: Lambda's conditions in the on-failure record. */
export type GiveUpCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

/** The `source` an invocation's trigger names: `kinesis:clicks`, `dynamodb:<stream ARN>`. */
export const streamSourceName = (identity: StreamIdentity): string => `${identity.kind}:${identity.stream}`;

/** The stream's ARN as records and on-failure records name it. */
export function streamArnOf(identity: StreamIdentity, scope: EventScope): string {
  return identity.kind === 'dynamodb'
    ? identity.stream
    : `arn:aws:kinesis:${scope.region}:${scope.account}:stream/${identity.stream}`;
}

/** The event a handler gets for one batch of a shard, in the service's shape. */
export function streamEventOf(
  identity: StreamIdentity,
  shardId: string,
  batch: readonly ShardRecord[],
  scope: EventScope,
): { Records: Json[] } {
  const records = batch.map((record) => {
    const common = { sequenceNumber: record.sequenceNumber, at: record.arrivedAt };
    if (identity.kind === 'kinesis')
      return kinesisRecordOf(
        { ...common, stream: identity.stream, data: record.data, partitionKey: record.partitionKey, shardId },
        scope,
      );
    const change = JSON.parse(new TextDecoder().decode(record.data)) as TableChange;
    const eventId = `${shardId}:${record.sequenceNumber}`;
    return dynamodbRecordOf({ ...common, ...change, streamArn: identity.stream, eventId }, scope);
  });
  return { Records: records as unknown as Json[] };
}

/** What an on-failure destination receives for a batch given up on (Lambda's record for stream mappings). */
export function failureRecordOf(
  input: {
    identity: StreamIdentity;
    shardId: string;
    batch: readonly ShardRecord[];
    functionName: string;
    requestId: string;
    condition: GiveUpCondition;
    invokeCount: number;
    at: number;
  },
  scope: EventScope,
): Json {
  const first = input.batch[0];
  const last = input.batch[input.batch.length - 1];
  const info = {
    shardId: input.shardId,
    startSequenceNumber: first?.sequenceNumber ?? '',
    endSequenceNumber: last?.sequenceNumber ?? '',
    approximateArrivalOfFirstRecord: new Date(first?.arrivedAt ?? input.at).toISOString(),
    approximateArrivalOfLastRecord: new Date(last?.arrivedAt ?? input.at).toISOString(),
    batchSize: input.batch.length,
    streamArn: streamArnOf(input.identity, scope),
  };
  return {
    requestContext: {
      requestId: input.requestId,
      functionArn: qualifiedFunctionArn(input.functionName, scope),
      condition: input.condition,
      approximateInvokeCount: input.invokeCount,
    },
    responseContext: {
      statusCode: 200,
      executedVersion: '$LATEST',
      functionError: input.condition === 'RetryAttemptsExhausted' ? 'Unhandled' : '',
    },
    version: '1.0',
    timestamp: new Date(input.at).toISOString(),
    [input.identity.kind === 'kinesis' ? 'KinesisBatchInfo' : 'DDBStreamBatchInfo']: info,
  };
}

/**
 * The first record a handler's `batchItemFailures` answer names, as Lambda reads it: no answer or an
 * empty list fails nothing; an identifier that is missing, empty or not in the batch fails the whole batch.
 */
export function firstFailedIndex(response: Json | undefined, batch: readonly ShardRecord[]): number | undefined {
  const failures = (response as { batchItemFailures?: unknown } | null | undefined)?.batchItemFailures;
  if (!Array.isArray(failures) || failures.length === 0) return undefined;
  let lowest: number | undefined;
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    const index = typeof id === 'string' ? batch.findIndex((r) => r.sequenceNumber === id) : -1;
    if (index < 0) return 0;
    lowest = lowest === undefined ? index : Math.min(lowest, index);
  }
  return lowest;
}
