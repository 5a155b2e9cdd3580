import { describe, expect, it } from 'vitest';
import { App } from '../../../src/app/chalice/app.js';
import type { DynamoDBEvent, KinesisEvent, SQSEvent } from '../../../src/app/chalice/batchEvents.js';
import type { CloudWatchEvent } from '../../../src/app/chalice/lambdaEvent.js';
import { dynamodbRecordOf, kinesisRecordOf, sqsRecordOf } from '../../../src/app/chalice/recordEvents.js';
import { cwEventOf, s3EventOf, scheduledEventOf, snsEventOf } from '../../../src/app/chalice/serviceEvents.js';
import type { S3Event, SNSEvent } from '../../../src/app/chalice/storageEvents.js';
import type { FunctionContext } from '../../../src/app/functions/defineFunction.js';
import { parseEventSource } from '../../../src/protocol/eventSources/eventSourceSchemas.js';

const context = { requestId: 'req-1', attempt: 1, functionName: 'f' } as FunctionContext;
const at = Date.parse('2026-03-01T12:00:00Z');

/** Register `handler` on a fresh app and call the function it became with a raw event. */
async function deliver<T>(register: (app: App, keep: (event: T) => unknown) => void, raw: unknown): Promise<T> {
  const app = new App('wrappers');
  let seen: T | undefined;
  register(app, (event) => {
    seen = event;
  });
  await app.registrations[0]?.fn.handler(raw as never, context);
  if (seen === undefined) throw new Error('handler was not called');
  return seen;
}

describe('event factories', () => {
  it('build events every protocol schema accepts', () => {
    expect(() => parseEventSource('s3', s3EventOf({ bucket: 'img', key: 'a b.jpg', at }))).not.toThrow();
    expect(() => parseEventSource('sns', snsEventOf({ topic: 'alerts', message: 'hi', at }))).not.toThrow();
    expect(() => parseEventSource('schedule', scheduledEventOf({ rule: 'every5', at }))).not.toThrow();
    const sqs = { Records: [sqsRecordOf({ queue: 'jobs.fifo', body: 'x', sentAt: at, at })] };
    expect(() => parseEventSource('sqs', sqs)).not.toThrow();
    const kinesis = { Records: [kinesisRecordOf({ stream: 'clicks', data: 'x', sequenceNumber: '1', at })] };
    expect(() => parseEventSource('kinesis', kinesis)).not.toThrow();
    const streamArn = 'arn:aws:dynamodb:us-east-1:123456789012:table/users/stream/2026-01-01T00:00:00.000';
    const dynamodb = {
      Records: [
        dynamodbRecordOf({
          streamArn,
          keys: { id: { S: '1' } },
          newImage: { id: { S: '1' } },
          sequenceNumber: '1',
          at,
        }),
      ],
    };
    expect(() => parseEventSource('dynamodb', dynamodb)).not.toThrow();
  });
});

describe('event wrappers', () => {
  it('S3Event reads the bucket and the URL-decoded key, and keeps the raw event and context', async () => {
    const raw = s3EventOf({ bucket: 'img', key: 'images/red flower&co.jpg', at });
    const event = await deliver<S3Event>((app, keep) => app.onS3Event({ bucket: 'img', name: 'resize' }, keep), raw);
    expect(raw.Records[0]?.s3.object.key).toBe('images/red+flower%26co.jpg');
    expect([event.bucket, event.key, event.eventName]).toEqual([
      'img',
      'images/red flower&co.jpg',
      'ObjectCreated:Put',
    ]);
    expect(event.toDict()).toEqual(raw);
    expect(event.context.requestId).toBe('req-1');
  });

  it('SNSEvent reads message and subject', async () => {
    const raw = snsEventOf({ topic: 'alerts', message: 'disk full', subject: 'ops', at });
    const event = await deliver<SNSEvent>((app, keep) => app.onSnsMessage({ topic: 'alerts', name: 'n' }, keep), raw);
    expect([event.message, event.subject]).toEqual(['disk full', 'ops']);
  });

  it('CloudWatchEvent reads every envelope field', async () => {
    const raw = cwEventOf({
      source: 'aws.codecommit',
      detailType: 'Push',
      detail: { ref: 'main' },
      at,
      resources: ['r'],
    });
    const event = await deliver<CloudWatchEvent>(
      (app, keep) => app.onCwEvent({ source: ['aws.codecommit'] }, keep, { name: 'onCommit' }),
      raw,
    );
    expect(event.source).toBe('aws.codecommit');
    expect(event.detailType).toBe('Push');
    expect(event.detail).toEqual({ ref: 'main' });
    expect([event.version, event.account, event.region, event.time]).toEqual([
      '0',
      '123456789012',
      'us-east-1',
      '2026-03-01T12:00:00Z',
    ]);
    expect(event.eventId).toBe(raw['id']);
    expect(event.resources).toEqual(['r']);
  });

  it('SQSEvent iterates its records', async () => {
    const raw = {
      Records: ['a', 'b'].map((body) => sqsRecordOf({ queue: 'jobs', body, sentAt: at, at, receiveCount: 2 })),
    };
    const event = await deliver<SQSEvent>((app, keep) => app.onSqsMessage({ queue: 'jobs', name: 'w' }, keep), raw);
    const records = [...event];
    expect(records.map((r) => [r.body, r.receiveCount])).toEqual([
      ['a', 2],
      ['b', 2],
    ]);
    expect(records[0]?.receiptHandle).toBe(raw.Records[0]?.receiptHandle);
    expect(new Set(records.map((r) => r.messageId)).size).toBe(2);
  });

  it('KinesisEvent decodes base64 data', async () => {
    const raw = { Records: [kinesisRecordOf({ stream: 'clicks', data: 'héllo', sequenceNumber: '7', at })] };
    const event = await deliver<KinesisEvent>(
      (app, keep) => app.onKinesisMessage({ stream: 'clicks', name: 'k' }, keep),
      raw,
    );
    const [record] = [...event];
    expect(new TextDecoder().decode(record?.data)).toBe('héllo');
    expect(record?.sequenceNumber).toBe('7');
  });

  it('DynamoDBEvent reads images and the table name', async () => {
    const streamArn = 'arn:aws:dynamodb:us-east-1:123456789012:table/users/stream/2026-01-01T00:00:00.000';
    const raw = {
      Records: [
        dynamodbRecordOf({
          streamArn,
          keys: { id: { S: '1' } },
          newImage: { id: { S: '1' }, n: { N: '2' } },
          oldImage: { id: { S: '1' } },
          sequenceNumber: '9',
          at,
        }),
      ],
    };
    const event = await deliver<DynamoDBEvent>(
      (app, keep) => app.onDynamodbMessage({ streamArn, name: 'd' }, keep),
      raw,
    );
    const [record] = [...event];
    expect(record?.eventName).toBe('MODIFY');
    expect(record?.newImage).toEqual({ id: { S: '1' }, n: { N: '2' } });
    expect(record?.tableName).toBe('users');
  });

  it('refuses a delivery whose event is not of the source, naming the field', async () => {
    const app = new App('wrappers');
    app.onS3Event({ bucket: 'img', name: 'resize' }, () => undefined);
    await expect(async () => app.registrations[0]?.fn.handler({ Records: [] } as never, context)).rejects.toThrow(
      /Records: must hold at least one record/,
    );
  });
});
