import type { Destination } from '../functions/destination.js';
import type { FunctionSettings } from './registration.js';
import type { StartingPosition } from './sourceRules.js';

/** `app.onS3Event`: a bucket and its notification filter (default events: `s3:ObjectCreated:*`). */
export interface S3Source extends FunctionSettings {
  readonly bucket: string;
  readonly events?: readonly string[];
  readonly prefix?: string;
  readonly suffix?: string;
}

/** `app.onSnsMessage`: a topic by name or ARN. */
export interface SnsSource extends FunctionSettings {
  readonly topic: string;
}

/** `app.onSqsMessage`: the queue, the mapping's batching, and the queue's own visibility and redrive. */
export interface SqsSource extends FunctionSettings {
  readonly queue: string;
  /** 1 (Chalice's default) to 10 000 (10 on a FIFO queue; over 10 needs a batching window). */
  readonly batchSize?: number;
  /** 0-300, default 0: how long to gather messages before invoking. */
  readonly maximumBatchingWindowInSeconds?: number;
  /** The queue's visibility timeout, default 30; must be at least the function's timeout, as AWS checks. */
  readonly visibilityTimeoutSeconds?: number;
  /** The queue's redrive policy: after `maxReceiveCount` receives a message moves to `deadLetterQueue`. */
  readonly redrive?: { readonly deadLetterQueue: string; readonly maxReceiveCount: number };
}

/** Batching and starting position shared by the stream sources. */
interface StreamSettings extends FunctionSettings {
  /** 1-10 000, default 100. */
  readonly batchSize?: number;
  /** 0-300, default 0. */
  readonly maximumBatchingWindowInSeconds?: number;
  /** Default LATEST. */
  readonly startingPosition?: StartingPosition;
  /** The mapping's retries of a failing batch: -1 (default, until the records expire) to 10 000. */
  readonly maximumRetryAttempts?: number;
  /** -1 (default, no limit) or 60-604 800: older records are given up on instead of delivered. */
  readonly maximumRecordAgeInSeconds?: number;
  /** Split a failing batch in halves and retry each (default false). */
  readonly bisectBatchOnFunctionError?: boolean;
  /** The mapping's on-failure destination, an `SqsDestination` or `SnsDestination`: gets each batch given up on. */
  readonly onFailure?: Destination;
}

/** `app.onKinesisMessage`: a stream by name. */
export interface KinesisSource extends StreamSettings {
  readonly stream: string;
}

/** `app.onDynamodbMessage`: a table's stream by ARN. */
export interface DynamodbSource extends StreamSettings {
  readonly streamArn: string;
}
