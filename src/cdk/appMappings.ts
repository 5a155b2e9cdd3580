import { Duration } from 'aws-cdk-lib';
import { PolicyStatement, type IRole } from 'aws-cdk-lib/aws-iam';
import { EventSourceMapping, StartingPosition, type Alias, type IEventSourceDlq } from 'aws-cdk-lib/aws-lambda';
import { SnsDlq, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { sourcesOfKind, type AppSourceInventory, type SourceOf } from './appSourceSpec.js';
import { stackArn } from './lambdaRole.js';

/** What a mapping polls with: Lambda reads the queue or stream with the execution role of the function it invokes. */
const POLL_ACTIONS = {
  sqs: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'],
  kinesis: [
    'kinesis:DescribeStream',
    'kinesis:DescribeStreamSummary',
    'kinesis:GetRecords',
    'kinesis:GetShardIterator',
    'kinesis:ListShards',
    'kinesis:SubscribeToShard',
  ],
  dynamodb: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
} as const;

const arnOr = (scope: Construct, service: string, nameOrArn: string, resource = nameOrArn) =>
  nameOrArn.startsWith('arn:') ? nameOrArn : stackArn(scope, service, resource);

/**
 * An event source mapping per SQS, Kinesis and DynamoDB stream source, to the function's ingress alias, with the
 * registration's batching, retries and on-failure destination, and `ReportBatchItemFailures` so a handler's
 * `batchItemFailures` reach Lambda. Queues and streams are imported: the ingress's role is granted to poll them.
 */
export function deployMappings(
  scope: Construct,
  sources: readonly AppSourceInventory[],
  on: { aliasOf: (name: string) => Alias; ingressRole: IRole },
): Map<string, EventSourceMapping> {
  const mappings = new Map<string, EventSourceMapping>();
  const grant = (actions: readonly string[], resource: string) =>
    on.ingressRole.addToPrincipalPolicy(new PolicyStatement({ actions: [...actions], resources: [resource] }));

  for (const entry of sourcesOfKind(sources, 'sqs')) {
    const queueArn = arnOr(scope, 'sqs', entry.source.queue);
    grant(POLL_ACTIONS.sqs, queueArn);
    mappings.set(
      entry.function,
      new EventSourceMapping(scope, `AppMapping-${entry.function}`, {
        target: on.aliasOf(entry.function),
        eventSourceArn: queueArn,
        batchSize: entry.source.batchSize,
        ...batchingWindow(entry.source.maximumBatchingWindowInSeconds),
        reportBatchItemFailures: true,
      }),
    );
  }
  for (const entry of [...sourcesOfKind(sources, 'kinesis'), ...sourcesOfKind(sources, 'dynamodb')]) {
    const streamArn =
      entry.source.kind === 'kinesis'
        ? arnOr(scope, 'kinesis', entry.source.stream, `stream/${entry.source.stream}`)
        : entry.source.stream;
    grant(POLL_ACTIONS[entry.source.kind], streamArn);
    if (entry.source.kind === 'dynamodb') grant(['dynamodb:ListStreams'], '*');
    else grant(['kinesis:ListStreams'], '*');
    mappings.set(entry.function, streamMapping(scope, entry, streamArn, on.aliasOf(entry.function)));
  }
  return mappings;
}

function streamMapping(
  scope: Construct,
  entry: SourceOf<'kinesis' | 'dynamodb'>,
  streamArn: string,
  alias: Alias,
): EventSourceMapping {
  const source = entry.source;
  return new EventSourceMapping(scope, `AppMapping-${entry.function}`, {
    target: alias,
    eventSourceArn: streamArn,
    batchSize: source.batchSize,
    ...batchingWindow(source.maximumBatchingWindowInSeconds),
    startingPosition: source.startingPosition === 'LATEST' ? StartingPosition.LATEST : StartingPosition.TRIM_HORIZON,
    // -1 is Lambda's default (until the records expire / no age limit): left out, as CDK accepts no -1.
    ...(source.maximumRetryAttempts === -1 ? {} : { retryAttempts: source.maximumRetryAttempts }),
    ...(source.maximumRecordAgeInSeconds === -1
      ? {}
      : { maxRecordAge: Duration.seconds(source.maximumRecordAgeInSeconds) }),
    bisectBatchOnError: source.bisectBatchOnFunctionError,
    ...(source.onFailure === undefined ? {} : { onFailure: onFailureOf(scope, entry.function, source.onFailure) }),
    reportBatchItemFailures: true,
  });
}

const batchingWindow = (seconds: number) => (seconds > 0 ? { maxBatchingWindow: Duration.seconds(seconds) } : {});

/** The mapping's on-failure destination; binding it grants the ingress's role to send there. */
function onFailureOf(
  scope: Construct,
  name: string,
  target: { kind: 'queue' | 'topic'; name: string },
): IEventSourceDlq {
  return target.kind === 'queue'
    ? new SqsDlq(Queue.fromQueueArn(scope, `AppMappingOnFailure-${name}`, arnOr(scope, 'sqs', target.name)))
    : new SnsDlq(Topic.fromTopicArn(scope, `AppMappingOnFailure-${name}`, arnOr(scope, 'sns', target.name)));
}
