import { ConditionalCheckFailedException, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { ResourceNotFoundException, TooManyRequestsException } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { awsCallFailed, classifyAwsFailure, type AwsFailureKind } from '../../src/adapters/awsCallError.js';
import { storeUnavailable } from '../../src/adapters/dynamodb/storeErrors.js';
import { isRetryableCallError } from '../../src/adapters/eventbridge/resendPolicy.js';
import { topicPublishFailed } from '../../src/adapters/sns/snsErrors.js';
import { queueSendFailed } from '../../src/adapters/sqs/sqsErrors.js';

const meta = (httpStatusCode?: number) => ({ $metadata: httpStatusCode === undefined ? {} : { httpStatusCode } });

/** An SDK service error as the clients deserialize it: name, fault, status, and `$retryable` when modelled. */
function sdkError(name: string, fields: Record<string, unknown>): Error {
  return Object.assign(new Error(`${name} happened`), { name }, fields);
}

const rows: readonly [string, unknown, AwsFailureKind][] = [
  [
    'DynamoDB throughput exceeded (SDK class)',
    new ProvisionedThroughputExceededException({ message: 'slow', $metadata: { httpStatusCode: 400 } }),
    'throttled',
  ],
  [
    'Lambda TooManyRequests (SDK class)',
    new TooManyRequestsException({ message: 'rate', $metadata: { httpStatusCode: 429 } }),
    'throttled',
  ],
  ['$retryable with throttling', sdkError('Anything', { $retryable: { throttling: true }, ...meta(400) }), 'throttled'],
  ['$retryable without throttling', sdkError('Anything', { $retryable: {}, ...meta(400) }), 'transient'],
  ['an unnamed 429', sdkError('SomethingNew', { $fault: 'client', ...meta(429) }), 'throttled'],
  ['SNS Throttled', sdkError('Throttled', { $fault: 'client', ...meta(400) }), 'throttled'],
  ['SQS KmsThrottled', sdkError('KmsThrottled', { $fault: 'client', ...meta(400) }), 'throttled'],
  [
    'DynamoDB LimitExceededException',
    sdkError('LimitExceededException', { $fault: 'client', ...meta(400) }),
    'throttled',
  ],
  [
    'EventBridge InternalException at 400',
    sdkError('InternalException', { $fault: 'client', ...meta(400) }),
    'transient',
  ],
  ['SDK TimeoutError (no response)', sdkError('TimeoutError', {}), 'transient'],
  ['a 503 of any name', sdkError('ServiceFailure', { $fault: 'server', ...meta(503) }), 'server'],
  ['a 500 with client fault', sdkError('Odd', { $fault: 'client', ...meta(500) }), 'server'],
  ['connection refused', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'network'],
  ['no HTTP answer at all', new Error('socket hang up'), 'network'],
  [
    'Lambda ResourceNotFound (SDK class)',
    new ResourceNotFoundException({ message: 'no fn', $metadata: { httpStatusCode: 404 } }),
    'final',
  ],
  [
    'condition failed',
    new ConditionalCheckFailedException({ message: 'cond', $metadata: { httpStatusCode: 400 } }),
    'final',
  ],
  ['access denied', sdkError('AccessDeniedException', { $fault: 'client', ...meta(403) }), 'final'],
  ['validation at 400', sdkError('ValidationException', { $fault: 'client', ...meta(400) }), 'final'],
  ['not an object', 'boom', 'final'],
];

describe('classifyAwsFailure: the one rule for AWS call failures', () => {
  it.each(rows)('%s → %s', (_label, error, kind) => {
    expect(classifyAwsFailure(error)).toBe(kind);
  });

  it.each(rows)('every adapter agrees on %s', (_label, error, kind) => {
    const retryable = kind !== 'final';
    expect(storeUnavailable('PutItem', 't', error).retryable).toBe(retryable);
    expect(queueSendFailed('SendMessage', 'q', error).retryable).toBe(retryable);
    expect(topicPublishFailed('Publish', 'topic', error).retryable).toBe(retryable);
    expect(isRetryableCallError(error)).toBe(retryable);
    const wrapped = awsCallFailed({ service: 'S', operation: 'Op', target: 'x', targetKey: 'x', error });
    expect(wrapped.retryable).toBe(retryable);
    expect(wrapped.context['failureKind']).toBe(kind);
  });
});
