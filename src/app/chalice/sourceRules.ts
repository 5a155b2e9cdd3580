/**
 * The rules the services apply when a function is attached to a source (S3 notification configuration,
 * SNS subscription, event source mappings), checked at registration so a bad value fails where it is
 * written. Each check returns issues naming the field and the rule.
 */
import type { ValidationIssue } from '../../core/errors.js';
import { S3_EVENT_NAMES } from '../../protocol/eventSources/s3Event.js';

const PARTITION = '(?:aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b)';

/** The event types an S3 notification configuration accepts: each name, and each category's wildcard. */
export const S3_CONFIGURATION_EVENTS: ReadonlySet<string> = new Set(
  S3_EVENT_NAMES.flatMap((name) => {
    const category = name.split(':')[0] ?? name;
    return name.includes(':') ? [`s3:${name}`, `s3:${category}:*`] : [`s3:${name}`];
  }),
);

/** Where a reading starts in a stream, as event source mappings take it. */
export type StartingPosition = 'TRIM_HORIZON' | 'LATEST';

function integerIn(issues: ValidationIssue[], path: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min || value > max)
    issues.push({ path, rule: `must be an integer from ${min} to ${max}, got ${String(value)}` });
}

/** Bucket name and notification filter: event types, prefix and suffix. */
export function s3SourceIssues(source: {
  bucket: unknown;
  events: readonly unknown[];
  prefix?: unknown;
  suffix?: unknown;
}): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const bucket = source.bucket;
  if (typeof bucket !== 'string' || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) || bucket.includes('..'))
    issues.push({ path: 'bucket', rule: 'must be a bucket name: 3-63 lowercase letters, digits, "." and "-"' });
  if (source.events.length === 0) issues.push({ path: 'events', rule: 'must name at least one event type' });
  source.events.forEach((event, i) => {
    if (typeof event !== 'string' || !S3_CONFIGURATION_EVENTS.has(event))
      issues.push({
        path: `events[${i}]`,
        rule: `must be an S3 event type such as s3:ObjectCreated:*, got ${String(event)}`,
      });
  });
  for (const field of ['prefix', 'suffix'] as const) {
    const value = source[field];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.length === 0 || value.length > 1024)
      issues.push({ path: field, rule: 'must be a string of 1-1024 characters (a filter rule value)' });
  }
  return issues;
}

/** A topic name or ARN. */
export function snsSourceIssues(source: { topic: unknown }): ValidationIssue[] {
  const topic = source.topic;
  const arn = new RegExp(`^arn:${PARTITION}:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?$`);
  if (typeof topic === 'string' && (/^[A-Za-z0-9_-]{1,256}(\.fifo)?$/.test(topic) || arn.test(topic))) return [];
  return [{ path: 'topic', rule: 'must be a topic name (1-256 letters, digits, _ or -) or a topic ARN' }];
}

/** The name of a topic given by name or ARN. */
export function topicNameOf(topic: string): string {
  return topic.startsWith('arn:') ? topic.slice(topic.lastIndexOf(':') + 1) : topic;
}

/** Queue name, batch size and window, visibility timeout against the function's timeout, redrive. */
export function sqsSourceIssues(source: {
  queue: unknown;
  batchSize: number;
  maximumBatchingWindowInSeconds: number;
  visibilityTimeoutSeconds: number;
  timeoutSeconds: number;
  maxReceiveCount?: number | undefined;
  deadLetterQueue?: unknown;
}): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const queue = source.queue;
  const named = typeof queue === 'string' && /^[A-Za-z0-9_-]{1,75}(\.fifo)?$/.test(queue) && queue.length <= 80;
  if (!named) issues.push({ path: 'queue', rule: 'must be a queue name: 1-80 letters, digits, _ or -, .fifo last' });
  const fifo = named && queue.endsWith('.fifo');
  integerIn(issues, 'batchSize', source.batchSize, 1, fifo ? 10 : 10000);
  integerIn(issues, 'maximumBatchingWindowInSeconds', source.maximumBatchingWindowInSeconds, 0, 300);
  if (source.batchSize > 10 && source.maximumBatchingWindowInSeconds < 1)
    issues.push({ path: 'batchSize', rule: 'over 10 needs maximumBatchingWindowInSeconds of at least 1' });
  integerIn(issues, 'visibilityTimeoutSeconds', source.visibilityTimeoutSeconds, 0, 43200);
  if (source.visibilityTimeoutSeconds < source.timeoutSeconds)
    issues.push({
      path: 'visibilityTimeoutSeconds',
      rule:
        `must be at least the function timeout (${source.timeoutSeconds} s), ` +
        `got ${source.visibilityTimeoutSeconds} s`,
    });
  integerIn(issues, 'maxReceiveCount', source.maxReceiveCount, 1, 1000);
  if ((source.maxReceiveCount === undefined) !== (source.deadLetterQueue === undefined))
    issues.push({ path: 'deadLetterQueue', rule: 'and maxReceiveCount are given together (the redrive policy)' });
  return issues;
}

/**
 * Stream name or ARN, batch size, window, starting position, retries, record age and on-failure target of
 * a Kinesis or DynamoDB stream mapping (-1 means no limit for retries and record age, as Lambda takes it).
 */
export function streamSourceIssues(
  kind: 'kinesis' | 'dynamodb',
  source: {
    stream: unknown;
    batchSize: number;
    maximumBatchingWindowInSeconds: number;
    startingPosition: unknown;
    maximumRetryAttempts: number;
    maximumRecordAgeInSeconds: number;
    bisectBatchOnFunctionError: unknown;
    onFailure?: { kind: string } | undefined;
  },
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const stream = source.stream;
  if (kind === 'kinesis' && (typeof stream !== 'string' || !/^[a-zA-Z0-9_.-]{1,128}$/.test(stream)))
    issues.push({ path: 'stream', rule: 'must be a stream name: 1-128 letters, digits, _ . or -' });
  const tableStream = new RegExp(
    `^arn:${PARTITION}:dynamodb:[a-z0-9-]+:\\d{12}:table/[A-Za-z0-9_.-]{3,255}/stream/.+$`,
  );
  if (kind === 'dynamodb' && (typeof stream !== 'string' || !tableStream.test(stream)))
    issues.push({
      path: 'streamArn',
      rule:
        'must be a table stream ARN such as ' +
        'arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2024-01-01T00:00:00.000',
    });
  integerIn(issues, 'batchSize', source.batchSize, 1, 10000);
  integerIn(issues, 'maximumBatchingWindowInSeconds', source.maximumBatchingWindowInSeconds, 0, 300);
  if (source.startingPosition !== 'TRIM_HORIZON' && source.startingPosition !== 'LATEST')
    issues.push({ path: 'startingPosition', rule: 'must be TRIM_HORIZON or LATEST' });
  integerIn(issues, 'maximumRetryAttempts', source.maximumRetryAttempts, -1, 10000);
  const age = source.maximumRecordAgeInSeconds;
  if (age !== -1) integerIn(issues, 'maximumRecordAgeInSeconds', age, 60, 604800);
  if (typeof source.bisectBatchOnFunctionError !== 'boolean')
    issues.push({ path: 'bisectBatchOnFunctionError', rule: 'must be true or false' });
  const target = source.onFailure;
  if (target !== undefined && target.kind !== 'queue' && target.kind !== 'topic')
    issues.push({
      path: 'onFailure',
      rule: 'must be an SqsDestination or SnsDestination (a stream on-failure target)',
    });
  return issues;
}
