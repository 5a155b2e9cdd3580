import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import {
  dynamodbRecord,
  kinesisRecord,
  parseEventSource,
  s3Event,
  scheduledEvent,
  snsMessage,
  sqsRecord,
  type EventSourceKind,
} from '../../src/protocol/eventSources/index.js';

// One sample per source, in the shapes the Lambda developer guide shows.
const s3Sample = {
  Records: [
    {
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      eventTime: '2019-09-03T19:37:27.192Z',
      eventName: 'ObjectCreated:Put',
      userIdentity: { principalId: 'AWS:AIDAINPONIXQXHT3IKHL2' },
      requestParameters: { sourceIPAddress: '205.255.255.255' },
      responseElements: {
        'x-amz-request-id': 'D82B88E5F771F645',
        'x-amz-id-2': 'vlR7PnpV2Ce81l0PRw6jlUpck7Jo5ZsQjryTjKlc5aLWGVHPZLj5NeC6qMa0emYBDXOo6QBU0Wo=',
      },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: '828aa6fc-f7b5-4305-8584-487c791949c1',
        bucket: {
          name: 'lambda-artifacts-deafc19498e3f2df',
          ownerIdentity: { principalId: 'A3I5XTEXAMAI3E' },
          arn: 'arn:aws:s3:::lambda-artifacts-deafc19498e3f2df',
        },
        object: {
          key: 'photos/red+flower%281%29.jpg',
          size: 1305107,
          eTag: 'b21b84d653bb07b05b1e6b33684dc11b',
          sequencer: '0C0F6F405D6ED209E1',
        },
      },
    },
  ],
};

const snsSample = {
  Records: [
    {
      EventVersion: '1.0',
      EventSource: 'aws:sns',
      EventSubscriptionArn: 'arn:aws:sns:us-east-1:123456789012:sns-lambda:21be56ed-a058-49f5-8c98-aedd2564c486',
      Sns: {
        Type: 'Notification',
        MessageId: '95df01b4-ee98-5cb9-9903-4c221d41eb5e',
        TopicArn: 'arn:aws:sns:us-east-1:123456789012:sns-lambda',
        Subject: 'TestInvoke',
        Message: 'Hello from SNS!',
        Timestamp: '2019-01-02T12:45:07.000Z',
        SignatureVersion: '1',
        Signature: 'tcc6faL2yUC6dgZdmrwh1Y4cGa/ebXEkAi6RibDsvpi+tE/1+82j...65r==',
        SigningCertUrl:
          'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-ac565b8b1a6c5d002d285f9598aa1d9b.pem',
        UnsubscribeUrl:
          'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe' +
          '&SubscriptionArn=arn:aws:sns:us-east-1:123456789012:test-lambda:21be56ed-a058-49f5-8c98-aedd2564c486',
        MessageAttributes: {
          Test: { Type: 'String', Value: 'TestString' },
          TestBinary: { Type: 'Binary', Value: 'VGVzdEJpbmFyeQ==' },
        },
      },
    },
  ],
};

const sqsSample = {
  Records: [
    {
      messageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
      receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...',
      body: 'test',
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '1545082649183',
        SenderId: 'AIDAIENQZJOLO23YVJ4VO',
        ApproximateFirstReceiveTimestamp: '1545082649185',
      },
      messageAttributes: {
        myAttribute: { stringValue: 'myValue', stringListValues: [], binaryListValues: [], dataType: 'String' },
      },
      md5OfBody: '098f6bcd4621d373cade4e832627b4f6',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-2:123456789012:my-queue',
      awsRegion: 'us-east-2',
    },
  ],
};

const kinesisSample = {
  Records: [
    {
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: '1',
        sequenceNumber: '49590338271490256608559692538361571095921575989136588898',
        data: 'SGVsbG8sIHRoaXMgaXMgYSB0ZXN0Lg==',
        approximateArrivalTimestamp: 1545084650.987,
      },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: 'shardId-000000000006:49590338271490256608559692538361571095921575989136588898',
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: 'arn:aws:iam::123456789012:role/lambda-role',
      awsRegion: 'us-east-2',
      eventSourceARN: 'arn:aws:kinesis:us-east-2:123456789012:stream/lambda-stream',
    },
  ],
};

// The developer guide's example: no ApproximateCreationDateTime, eventVersion 1.0.
const dynamodbSample = {
  Records: [
    {
      eventID: '1',
      eventVersion: '1.0',
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-west-2',
      eventSourceARN:
        'arn:aws:dynamodb:us-east-1:123456789012:table/ExampleTableWithStream/stream/2015-06-27T00:48:05.899',
      dynamodb: {
        Keys: { Id: { N: '101' } },
        NewImage: { Message: { S: 'New item!' }, Id: { N: '101' } },
        StreamViewType: 'NEW_AND_OLD_IMAGES',
        SequenceNumber: '111',
        SizeBytes: 26,
      },
    },
  ],
};

const scheduleSample = {
  version: '0',
  account: '123456789012',
  region: 'us-east-2',
  detail: {},
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  time: '2019-03-01T01:23:45Z',
  id: 'cdc73f9d-aea9-11e3-9d5a-835b769c0d9c',
  resources: ['arn:aws:events:us-east-2:123456789012:rule/my-schedule'],
};

/** The issues of a rejected event, as `path: rule` lines. */
function rejection(kind: EventSourceKind, raw: unknown): string[] {
  try {
    parseEventSource(kind, raw);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues.map((i) => `${i.path}: ${i.rule}`);
  }
  throw new Error('the event was accepted');
}

describe('event source samples', () => {
  it('reads an S3 event, decoding the key', () => {
    const event = parseEventSource('s3', s3Sample);
    expect(s3Event.bucket(event)).toBe('lambda-artifacts-deafc19498e3f2df');
    expect(s3Event.key(event)).toBe('photos/red flower(1).jpg');
    expect(s3Event.eventName(event)).toBe('ObjectCreated:Put');
  });

  it('rejects an S3 key that was not URL-encoded and a bucket ARN of another bucket', () => {
    const record = s3Sample.Records[0]!;
    const bad = {
      Records: [
        {
          ...record,
          s3: {
            ...record.s3,
            object: { ...record.s3.object, key: 'red flower.jpg' },
            bucket: { ...record.s3.bucket, arn: 'arn:aws:s3:::other' },
          },
        },
      ],
    };
    expect(rejection('s3', bad)).toEqual([
      "Records[0].s3.bucket.arn: must be the bucket's ARN (arn:aws:s3:::lambda-artifacts-deafc19498e3f2df)",
      'Records[0].s3.object.key: must be URL-encoded (S3 writes a space as +)',
    ]);
  });

  it('reads an SNS event', () => {
    const event = parseEventSource('sns', snsSample);
    expect(snsMessage.subject(event)).toBe('TestInvoke');
    expect(snsMessage.message(event)).toBe('Hello from SNS!');
    expect(snsMessage.messageAttributes(event)['Test']).toEqual({ Type: 'String', Value: 'TestString' });
  });

  it('reads an SNS event without a subject (SNS sends null)', () => {
    const record = snsSample.Records[0]!;
    const event = parseEventSource('sns', { Records: [{ ...record, Sns: { ...record.Sns, Subject: null } }] });
    expect(snsMessage.subject(event)).toBeUndefined();
  });

  it('reads an SQS message', () => {
    const record = parseEventSource('sqs', sqsSample).Records[0]!;
    expect(sqsRecord.body(record)).toBe('test');
    expect(sqsRecord.receiptHandle(record)).toBe('AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...');
    expect(sqsRecord.receiveCount(record)).toBe(1);
    expect(sqsRecord.queueName(record)).toBe('my-queue');
  });

  it('requires the group id on a message from a FIFO queue', () => {
    const record = sqsSample.Records[0]!;
    const fifo = {
      Records: [
        {
          ...record,
          eventSourceARN: 'arn:aws:sqs:us-east-2:123456789012:orders.fifo',
          attributes: { ...record.attributes, SequenceNumber: '1' },
        },
      ],
    };
    expect(rejection('sqs', fifo)).toEqual([
      'Records[0].attributes.MessageGroupId: is required for a message from a FIFO queue',
    ]);
  });

  it('reads a Kinesis record, decoding the data', () => {
    const record = parseEventSource('kinesis', kinesisSample).Records[0]!;
    expect(kinesisRecord.text(record)).toBe('Hello, this is a test.');
    expect(Array.from(kinesisRecord.data(record).slice(0, 5))).toEqual([72, 101, 108, 108, 111]);
    expect(kinesisRecord.timestamp(record).toISOString()).toBe('2018-12-17T22:10:50.987Z');
    expect(kinesisRecord.partitionKey(record)).toBe('1');
  });

  it("reads the developer guide's DynamoDB stream record, which has no creation time", () => {
    const record = parseEventSource('dynamodb', dynamodbSample).Records[0]!;
    expect(dynamodbRecord.tableName(record)).toBe('ExampleTableWithStream');
    expect(dynamodbRecord.keys(record)).toEqual({ Id: { N: '101' } });
    expect(dynamodbRecord.newImage(record)).toEqual({ Message: { S: 'New item!' }, Id: { N: '101' } });
    expect(dynamodbRecord.oldImage(record)).toBeUndefined();
    expect(dynamodbRecord.timestamp(record)).toBeUndefined();
  });

  it('rejects images the stream view type does not carry, and malformed AttributeValues', () => {
    const record = dynamodbSample.Records[0]!;
    const bad = {
      Records: [{ ...record, dynamodb: { ...record.dynamodb, Keys: { Id: { N: 'ten' }, Sort: { BOOL: true } } } }],
    };
    expect(rejection('dynamodb', bad)).toEqual([
      'Records[0].dynamodb.Keys.Id.N: must be a number written as a string',
      'Records[0].dynamodb.Keys.Sort: must be of type S, N or B (a key attribute)',
    ]);
    expect(rejection('dynamodb', { Records: [{ ...record, dynamodb: { ...record.dynamodb, Keys: 'Id' } }] })).toEqual([
      'Records[0].dynamodb.Keys: must be a map of attribute name to AttributeValue',
      'Records[0].dynamodb.Keys: must hold the partition key and at most a sort key',
    ]);
    const keysOnly = { Records: [{ ...record, dynamodb: { ...record.dynamodb, StreamViewType: 'KEYS_ONLY' } }] };
    expect(rejection('dynamodb', keysOnly)).toEqual([
      'Records[0].dynamodb.NewImage: must be absent for INSERT on a KEYS_ONLY stream',
    ]);
  });

  it('reads a scheduled event', () => {
    const event = parseEventSource('schedule', scheduleSample);
    expect(scheduledEvent.ruleName(event)).toBe('my-schedule');
    expect(scheduledEvent.time(event).getTime()).toBe(Date.UTC(2019, 2, 1, 1, 23, 45));
  });

  it('rejects the numeric version some generators emit, naming the field', () => {
    expect(rejection('schedule', { ...scheduleSample, version: 0 })).toEqual(['version: must be the string "0"']);
    expect(
      rejection('schedule', {
        ...scheduleSample,
        resources: ['arn:aws:events:eu-west-1:123456789012:rule/my-schedule'],
      }),
    ).toEqual(['resources[0]: must be a rule in region us-east-2']);
  });

  it('rejects an empty batch', () => {
    expect(rejection('sqs', { Records: [] })).toEqual(['Records: must hold at least one record']);
  });
});
