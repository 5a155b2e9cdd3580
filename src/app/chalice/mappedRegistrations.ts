import { ValidationError } from '../../core/errors.js';
import type { DeadLetterTarget } from '../functions/destination.js';
import { DynamoDBEvent, KinesisEvent, SQSEvent } from './batchEvents.js';
import { wrapped, type EventHandler } from './rawHandlers.js';
import { refuseIssues, type FunctionSettings, type SourceRegistration, type SourceSpec } from './registration.js';
import type { DynamodbSource, KinesisSource, SqsSource } from './sourceOptions.js';
import { sqsSourceIssues, streamSourceIssues } from './sourceRules.js';

/** Lambda's default function timeout, which the SQS visibility check compares against. */
const DEFAULT_TIMEOUT_SECONDS = 3;

/** `app.onSqsMessage`: the queue's mapping (Chalice's default batch size 1), its visibility and redrive. */
export function sqsRegistration(place: string, source: SqsSource, handler: EventHandler<SQSEvent>): SourceRegistration {
  const spec = {
    kind: 'sqs' as const,
    queue: source.queue,
    batchSize: source.batchSize ?? 1,
    maximumBatchingWindowInSeconds: source.maximumBatchingWindowInSeconds ?? 0,
    visibilityTimeoutSeconds: source.visibilityTimeoutSeconds ?? 30,
    ...(source.redrive === undefined ? {} : { redrive: source.redrive }),
  };
  refuseIssues(
    place,
    sqsSourceIssues({
      ...spec,
      timeoutSeconds: source.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
      maxReceiveCount: source.redrive?.maxReceiveCount,
      deadLetterQueue: source.redrive?.deadLetterQueue,
    }),
  );
  return { source: spec, handler, settings: mappedSettings(place, source), run: wrapped('sqs', SQSEvent, handler) };
}

/** `app.onKinesisMessage`: a stream by name, read in order per shard. */
export function kinesisRegistration(
  place: string,
  source: KinesisSource,
  handler: EventHandler<KinesisEvent>,
): SourceRegistration {
  return streamRegistration(place, streamSpec('kinesis', source.stream, source), source, handler, KinesisEvent);
}

/** `app.onDynamodbMessage`: a table's stream by ARN, read in order per shard. */
export function dynamodbRegistration(
  place: string,
  source: DynamodbSource,
  handler: EventHandler<DynamoDBEvent>,
): SourceRegistration {
  return streamRegistration(place, streamSpec('dynamodb', source.streamArn, source), source, handler, DynamoDBEvent);
}

type StreamSpec = SourceSpec & { kind: 'kinesis' | 'dynamodb' };

/** A stream event source mapping: checked, then registered with the mapping's settings. */
function streamRegistration<TRaw, TEvent>(
  place: string,
  spec: StreamSpec,
  source: KinesisSource | DynamodbSource,
  handler: EventHandler<TEvent>,
  Wrapper: new (raw: TRaw, context: Parameters<SourceRegistration['run']>[1]) => TEvent,
): SourceRegistration {
  refuseIssues(place, streamSourceIssues(spec.kind, { ...spec, onFailure: source.onFailure }));
  return { source: spec, handler, settings: streamFunctionSettings(source), run: wrapped(spec.kind, Wrapper, handler) };
}

function streamSpec(kind: StreamSpec['kind'], stream: string, source: KinesisSource | DynamodbSource): StreamSpec {
  return {
    kind,
    stream,
    batchSize: source.batchSize ?? 100,
    maximumBatchingWindowInSeconds: source.maximumBatchingWindowInSeconds ?? 0,
    startingPosition: source.startingPosition ?? 'LATEST',
    maximumRetryAttempts: source.maximumRetryAttempts ?? -1,
    maximumRecordAgeInSeconds: source.maximumRecordAgeInSeconds ?? -1,
    bisectBatchOnFunctionError: source.bisectBatchOnFunctionError ?? false,
    ...(isDeadLetterTarget(source.onFailure) ? { onFailure: source.onFailure } : {}),
  };
}

/**
 * A stream mapping's `maximumRetryAttempts` and `onFailure` are the mapping's own (its retries of a
 * batch, its on-failure destination), so the deliveries themselves take no asynchronous retries.
 */
function streamFunctionSettings(source: KinesisSource | DynamodbSource): FunctionSettings {
  const { maximumRetryAttempts: _retries, onFailure: _onFailure, ...settings } = source;
  return { ...settings, maximumRetryAttempts: 0 };
}

function isDeadLetterTarget(target: unknown): target is DeadLetterTarget {
  const kind = (target as { kind?: unknown } | undefined)?.kind;
  return kind === 'queue' || kind === 'topic';
}

/**
 * An event source mapping invokes synchronously and retries through the source (visibility timeout,
 * stream retries), so its deliveries take no asynchronous retries of their own.
 */
function mappedSettings(place: string, settings: FunctionSettings): FunctionSettings {
  if (settings.maximumRetryAttempts !== undefined && settings.maximumRetryAttempts !== 0)
    throw new ValidationError(place, [
      { path: 'maximumRetryAttempts', rule: 'must be 0 for a queue or stream source (the source retries the batch)' },
    ]);
  return { ...settings, maximumRetryAttempts: 0 };
}
