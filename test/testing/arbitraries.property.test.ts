import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ValidationError } from '../../src/core/errors.js';
import { checkRequestShape } from '../../src/protocol/customResource/request.js';
import {
  dynamodbRecord,
  eventSourceSchemas,
  expectedImages,
  kinesisRecord,
  parseEventSource,
  s3Event,
  s3Record,
  scheduledEvent,
  scheduledEventSchema,
  snsMessage,
  sqsRecord,
  type EventSourceKind,
} from '../../src/protocol/eventSources/index.js';
import { parseInput } from '../../src/protocol/validate.js';
import {
  cloudFormationRequestArbitrary,
  dynamodbStreamEventArbitrary,
  invocationPayloadArbitrary,
  kinesisEventArbitrary,
  malformedCloudFormationRequestArbitrary,
  malformedDynamodbStreamEventArbitrary,
  malformedKinesisEventArbitrary,
  malformedRosRequestArbitrary,
  malformedS3EventArbitrary,
  malformedScheduledEventArbitrary,
  malformedSnsEventArbitrary,
  malformedSqsEventArbitrary,
  payloadBytes,
  rosRequestArbitrary,
  s3EventArbitrary,
  scheduledEventArbitrary,
  snsEventArbitrary,
  sqsEventArbitrary,
  type Malformed,
} from '../../src/testing/arbitraries/index.js';

// fast-check prints the seed and counterexample path of any failure, so a failing run can be replayed.

const sources: { kind: EventSourceKind; valid: fc.Arbitrary<unknown>; malformed: fc.Arbitrary<Malformed> }[] = [
  { kind: 's3', valid: s3EventArbitrary(), malformed: malformedS3EventArbitrary() },
  { kind: 'sns', valid: snsEventArbitrary({ maxRecords: 2 }), malformed: malformedSnsEventArbitrary() },
  { kind: 'sqs', valid: sqsEventArbitrary(), malformed: malformedSqsEventArbitrary() },
  { kind: 'kinesis', valid: kinesisEventArbitrary(), malformed: malformedKinesisEventArbitrary() },
  { kind: 'dynamodb', valid: dynamodbStreamEventArbitrary(), malformed: malformedDynamodbStreamEventArbitrary() },
  { kind: 'schedule', valid: scheduledEventArbitrary(), malformed: malformedScheduledEventArbitrary() },
];

/** True when an issue path is the field itself or lies inside it. */
function within(path: string, field: string): boolean {
  return path === field || path.startsWith(`${field}.`) || path.startsWith(`${field}[`);
}

describe.each(sources)('$kind event arbitraries', ({ kind, valid, malformed }) => {
  const { schema, what } = eventSourceSchemas[kind] as { schema: z.ZodType; what: string };

  it('generates events the schema accepts', () => {
    fc.assert(
      fc.property(valid, (event) => {
        expect(() => parseInput(schema, event, what)).not.toThrow();
      }),
    );
  });

  it('survives a JSON round trip through the schema unchanged', () => {
    fc.assert(
      fc.property(valid, (event) => {
        expect(schema.parse(JSON.parse(JSON.stringify(event)))).toEqual(event);
      }),
    );
  });

  it('generates malformed events the schema rejects, naming the field at fault', () => {
    fc.assert(
      fc.property(malformed, ({ value, field }) => {
        let error: unknown;
        try {
          parseInput(schema, value, what);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(ValidationError);
        const paths = (error as ValidationError).issues.map((i) => i.path);
        expect(
          paths.some((p) => within(p, field)),
          `issues ${paths.join(', ')} should name ${field}`,
        ).toBe(true);
        expect((error as ValidationError).message).toContain(field);
      }),
    );
  });

  it('breaks values in each of the four basic ways', () => {
    const defects = new Set(fc.sample(malformed, { numRuns: 400, seed: 42 }).map((m) => m.defect));
    expect([...defects]).toEqual(expect.arrayContaining(['missing', 'wrong-type', 'out-of-range', 'wrong-enum']));
  });
});

describe.each([
  {
    provider: 'cloudformation' as const,
    valid: cloudFormationRequestArbitrary(),
    malformed: malformedCloudFormationRequestArbitrary(),
  },
  { provider: 'ros' as const, valid: rosRequestArbitrary(), malformed: malformedRosRequestArbitrary() },
])('$provider request arbitraries', ({ provider, valid, malformed }) => {
  it('generates requests the shape check accepts, unchanged by a JSON round trip', () => {
    fc.assert(
      fc.property(valid, (request) => {
        const checked = checkRequestShape(provider, JSON.parse(JSON.stringify(request)) as Record<string, unknown>);
        expect(checked).toEqual({ ok: true, event: request });
      }),
    );
  });

  it('generates malformed requests the shape check rejects, naming the field at fault', () => {
    fc.assert(
      fc.property(malformed, ({ value, field }) => {
        const checked = checkRequestShape(provider, value as Record<string, unknown>);
        expect(checked.ok).toBe(false);
        const problems = checked.ok ? [] : checked.problems;
        expect(
          problems.some((p) => p.startsWith(`${field}:`) || p.startsWith(`${field}.`)),
          problems.join('; '),
        ).toBe(true);
      }),
    );
  });

  it('honours the requested request type', () => {
    const onlyUpdates =
      provider === 'ros'
        ? rosRequestArbitrary({ requestType: 'Update' })
        : cloudFormationRequestArbitrary({ requestType: 'Update' });
    fc.assert(
      fc.property(onlyUpdates, (request) => {
        expect(request.RequestType).toBe('Update');
        expect(request).toHaveProperty('OldResourceProperties');
      }),
    );
  });
});

describe('readers agree with the raw fields', () => {
  it('S3: the decoded key is the form-decoded raw key, and the key the event was built with', () => {
    const keyed = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 30 })
      .chain((key) => s3EventArbitrary({ key: fc.constant(key) }).map((event) => ({ key, event })));
    fc.assert(
      fc.property(keyed, ({ key, event }) => {
        for (const record of event.Records) {
          const raw = record.s3.object.key;
          expect(s3Record.key(record)).toBe(new URLSearchParams(`k=${raw}`).get('k'));
          expect(s3Record.key(record)).toBe(key);
          expect(raw).not.toMatch(/\s/);
        }
        expect(s3Event.key(event)).toBe(key);
        expect(s3Event.bucket(event)).toBe(event.Records[0]!.s3.bucket.name);
      }),
    );
  });

  it("SNS: message, subject and attributes are the first record's", () => {
    fc.assert(
      fc.property(snsEventArbitrary(), (event) => {
        const sns = event.Records[0]!.Sns;
        expect(snsMessage.message(event)).toBe(sns.Message);
        expect(snsMessage.subject(event)).toBe(sns.Subject === null ? undefined : sns.Subject);
        expect(snsMessage.messageAttributes(event)).toEqual(sns.MessageAttributes ?? {});
      }),
    );
  });

  it('SQS: body, receipt handle, receive count and queue name; distinct ids and a true body MD5', () => {
    fc.assert(
      fc.property(sqsEventArbitrary(), (event) => {
        expect(new Set(event.Records.map(sqsRecord.messageId)).size).toBe(event.Records.length);
        for (const record of event.Records) {
          expect(sqsRecord.body(record)).toBe(record.body);
          expect(sqsRecord.receiptHandle(record)).toBe(record.receiptHandle);
          expect(sqsRecord.receiveCount(record)).toBe(Number.parseInt(record.attributes.ApproximateReceiveCount, 10));
          expect(record.eventSourceARN.endsWith(`:${sqsRecord.queueName(record)}`)).toBe(true);
          expect(record.md5OfBody).toBe(createHash('md5').update(record.body, 'utf8').digest('hex'));
        }
      }),
    );
  });

  it('Kinesis: data decodes to the bytes the record was built from', () => {
    const withBytes = fc
      .uint8Array({ maxLength: 64 })
      .chain((bytes) => kinesisEventArbitrary({ data: fc.constant(bytes) }).map((event) => ({ bytes, event })));
    fc.assert(
      fc.property(withBytes, ({ bytes, event }) => {
        for (const record of event.Records) {
          expect(Array.from(kinesisRecord.data(record))).toEqual(Array.from(bytes));
          expect(Buffer.from(kinesisRecord.data(record)).toString('base64')).toBe(record.kinesis.data);
          expect(kinesisRecord.timestamp(record).getTime()).toBe(
            Math.round(record.kinesis.approximateArrivalTimestamp * 1000),
          );
          expect(record.eventID.endsWith(`:${kinesisRecord.sequenceNumber(record)}`)).toBe(true);
        }
      }),
    );
  });

  it('DynamoDB: images follow the view type, carry the key, and the table name comes from the ARN', () => {
    fc.assert(
      fc.property(dynamodbStreamEventArbitrary(), (event) => {
        for (const record of event.Records) {
          const want = expectedImages(record.dynamodb.StreamViewType, record.eventName);
          expect(dynamodbRecord.newImage(record) !== undefined).toBe(want.newImage);
          expect(dynamodbRecord.oldImage(record) !== undefined).toBe(want.oldImage);
          for (const image of [dynamodbRecord.newImage(record), dynamodbRecord.oldImage(record)]) {
            if (image !== undefined) expect(image).toMatchObject(dynamodbRecord.keys(record));
          }
          expect(record.eventSourceARN).toContain(`:table/${dynamodbRecord.tableName(record)}/stream/`);
        }
      }),
    );
  });

  it('schedule: rule ARN, rule name and time', () => {
    fc.assert(
      fc.property(scheduledEventArbitrary(), (event) => {
        expect(scheduledEvent.ruleArn(event)).toBe(event.resources[0]);
        expect(event.resources[0].endsWith(`:rule/${scheduledEvent.ruleName(event)}`)).toBe(true);
        expect(scheduledEvent.time(event).toISOString().replace('.000Z', 'Z')).toBe(event.time);
        expect(parseEventSource('schedule', event)).toEqual(scheduledEventSchema.parse(event));
      }),
    );
  });
});

describe('invocation payloads', () => {
  it('are JSON objects within the size limit that survive a round trip', () => {
    fc.assert(
      fc.property(invocationPayloadArbitrary({ maxBytes: 512 }), (payload) => {
        expect(Object.getPrototypeOf(payload)).toBe(Object.prototype);
        expect(payloadBytes(payload)).toBeLessThanOrEqual(512);
        expect(JSON.parse(JSON.stringify(payload))).toEqual(payload);
      }),
    );
  });

  it('refuses a limit no object fits', () => {
    expect(() => invocationPayloadArbitrary({ maxBytes: 1 })).toThrow(RangeError);
  });
});
