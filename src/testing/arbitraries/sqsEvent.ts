import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { SqsEvent, SqsRecord } from '../../protocol/eventSources/sqsEvent.js';
import {
  accountArbitrary,
  base64Arbitrary,
  charsArbitrary,
  digitsArbitrary,
  epochMsArbitrary,
  identifierArbitrary,
  partitionOf,
  regionArbitrary,
  resourceNameArbitrary,
  textArbitrary,
} from './awsValues.js';
import { malformedRecordsArbitrary, missing, replaced, type Malformed } from './malformed.js';

/** Options for SQS batches. */
export interface SqsEventOptions {
  /** Messages from a FIFO queue (with group and sequence) — default: either. */
  readonly fifo?: boolean;
  /** Message bodies (default: any text up to 200 graphemes). */
  readonly body?: fc.Arbitrary<string>;
  /** At most this many messages (default 5). */
  readonly maxRecords?: number;
}

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

const messageAttributeArbitrary = fc.oneof(
  fc
    .tuple(fc.constantFrom('String', 'String.custom'), textArbitrary(20))
    .map(([dataType, stringValue]) => ({ dataType, stringValue, stringListValues: [], binaryListValues: [] })),
  fc.integer().map((n) => ({ dataType: 'Number', stringValue: String(n), stringListValues: [], binaryListValues: [] })),
  base64Arbitrary(24).map((binaryValue) => ({
    dataType: 'Binary',
    binaryValue,
    stringListValues: [],
    binaryListValues: [],
  })),
);

/** One message of a batch; the body's MD5 is the real digest, and each message id is distinct per draw. */
export function sqsRecordArbitrary(options: SqsEventOptions = {}): fc.Arbitrary<SqsRecord> {
  return fc
    .record({
      region: regionArbitrary(),
      account: accountArbitrary(),
      queue: resourceNameArbitrary(),
      fifo: options.fifo === undefined ? fc.boolean() : fc.constant(options.fifo),
      messageId: fc.uuid(),
      receiptHandle: base64Arbitrary(90).filter((h) => h.length > 0),
      body: options.body ?? textArbitrary(200),
      receiveCount: fc.integer({ min: 1, max: 10 }),
      sentAt: epochMsArbitrary(),
      firstReceiveDelay: fc.integer({ min: 0, max: 60_000 }),
      senderId: charsArbitrary('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 21, 21),
      group: identifierArbitrary(),
      sequence: digitsArbitrary(20, 20),
      attributes: fc.dictionary(identifierArbitrary(), messageAttributeArbitrary, {
        maxKeys: 3,
        noNullPrototype: true,
      }),
    })
    .map((f) => {
      const name = f.fifo ? `${f.queue}.fifo` : f.queue;
      return {
        messageId: f.messageId,
        receiptHandle: f.receiptHandle,
        body: f.body,
        attributes: {
          ApproximateReceiveCount: String(f.receiveCount),
          SentTimestamp: String(f.sentAt),
          SenderId: f.senderId,
          ApproximateFirstReceiveTimestamp: String(f.sentAt + f.firstReceiveDelay),
          ...(f.fifo
            ? { SequenceNumber: f.sequence, MessageGroupId: f.group, MessageDeduplicationId: md5(f.body) }
            : {}),
        },
        messageAttributes: f.attributes,
        md5OfBody: md5(f.body),
        eventSource: 'aws:sqs' as const,
        eventSourceARN: `arn:${partitionOf(f.region)}:sqs:${f.region}:${f.account}:${name}`,
        awsRegion: f.region,
      };
    });
}

/**
 * An SQS batch of distinct message ids, valid against `sqsEventSchema`.
 * @example
 * fc.assert(fc.property(sqsEventArbitrary({ maxRecords: 10 }), (batch) => { handler(batch); }));
 */
export function sqsEventArbitrary(options: SqsEventOptions = {}): fc.Arbitrary<SqsEvent> {
  return fc
    .uniqueArray(sqsRecordArbitrary(options), {
      minLength: 1,
      maxLength: options.maxRecords ?? 5,
      selector: (r) => r.messageId,
    })
    .map((Records) => ({ Records }));
}

/** An SQS batch that `sqsEventSchema` must reject, with the field at fault. */
export function malformedSqsEventArbitrary(): fc.Arbitrary<Malformed> {
  return malformedRecordsArbitrary(sqsEventArbitrary(), [
    missing('body'),
    missing('receiptHandle'),
    missing('attributes', 'ApproximateReceiveCount'),
    missing('eventSourceARN'),
    replaced('wrong-type', { text: 'hi' }, 'body'),
    replaced('wrong-type', 1, 'attributes', 'ApproximateReceiveCount'),
    replaced('out-of-range', '0', 'attributes', 'ApproximateReceiveCount'),
    replaced('out-of-range', 'ABC', 'md5OfBody'),
    replaced('out-of-range', '', 'receiptHandle'),
    replaced('wrong-enum', 'aws:kinesis', 'eventSource'),
    replaced(
      'wrong-enum',
      { a: { dataType: 'Boolean', stringValue: 'true', stringListValues: [], binaryListValues: [] } },
      'messageAttributes',
    ),
    replaced(
      'inconsistent',
      { a: { dataType: 'Binary', stringValue: 'x', stringListValues: [], binaryListValues: [] } },
      'messageAttributes',
    ),
  ]);
}
