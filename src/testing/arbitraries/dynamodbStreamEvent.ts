import fc from 'fast-check';
import {
  DYNAMODB_EVENT_NAMES,
  STREAM_VIEW_TYPES,
  expectedImages,
  type DynamodbEventName,
  type DynamodbStreamEvent,
  type DynamodbStreamRecord,
  type StreamViewType,
} from '../../protocol/eventSources/dynamodbStreamEvent.js';
import { attributeMapArbitrary, keyAttributeArbitrary } from './attributeValue.js';
import {
  accountArbitrary,
  digitsArbitrary,
  epochMsArbitrary,
  hexArbitrary,
  identifierArbitrary,
  isoTimeArbitrary,
  partitionOf,
  regionArbitrary,
  resourceNameArbitrary,
} from './awsValues.js';
import { malformedRecordsArbitrary, missing, replaced, type Malformed } from './malformed.js';

/** Options for DynamoDB stream batches. */
export interface DynamodbStreamOptions {
  /** The stream's view type (default: any; one batch comes from one stream, so all records share it). */
  readonly streamViewType?: StreamViewType;
  /** Only these kinds of change (default: all three). */
  readonly eventNames?: readonly DynamodbEventName[];
  /** At most this many records (default 4). */
  readonly maxRecords?: number;
}

/** One change record; its images follow the view type and the kind of change, and both carry the key. */
export function dynamodbStreamRecordArbitrary(
  view: StreamViewType,
  options: DynamodbStreamOptions = {},
): fc.Arbitrary<DynamodbStreamRecord> {
  return fc
    .record({
      region: regionArbitrary(),
      account: accountArbitrary(),
      table: resourceNameArbitrary(),
      streamLabel: isoTimeArbitrary().map((t) => t.slice(0, -1)),
      eventName: fc.constantFrom(...(options.eventNames ?? DYNAMODB_EVENT_NAMES)),
      eventID: hexArbitrary(32),
      keyNames: fc.uniqueArray(identifierArbitrary(), { minLength: 1, maxLength: 2 }),
      keyValues: fc.tuple(keyAttributeArbitrary(), keyAttributeArbitrary()),
      newItem: attributeMapArbitrary(),
      oldItem: attributeMapArbitrary(),
      createdAt: fc.option(
        epochMsArbitrary().map((ms) => Math.floor(ms / 1000)),
        { nil: undefined },
      ),
      sequenceNumber: digitsArbitrary(21, 40),
      sizeBytes: fc.integer({ min: 1, max: 400_000 }),
      eventVersion: fc.constantFrom('1.0' as const, '1.1' as const),
    })
    .map((f) => {
      const Keys = Object.fromEntries(f.keyNames.map((name, i) => [name, f.keyValues[i === 0 ? 0 : 1]]));
      const images = expectedImages(view, f.eventName);
      return {
        eventID: f.eventID,
        eventName: f.eventName,
        eventVersion: f.eventVersion,
        eventSource: 'aws:dynamodb' as const,
        awsRegion: f.region,
        eventSourceARN:
          `arn:${partitionOf(f.region)}:dynamodb:${f.region}:${f.account}:` +
          `table/${f.table}/stream/${f.streamLabel}`,
        dynamodb: {
          ...(f.createdAt === undefined ? {} : { ApproximateCreationDateTime: f.createdAt }),
          Keys,
          ...(images.newImage ? { NewImage: { ...f.newItem, ...Keys } } : {}),
          ...(images.oldImage ? { OldImage: { ...f.oldItem, ...Keys } } : {}),
          SequenceNumber: f.sequenceNumber,
          SizeBytes: f.sizeBytes,
          StreamViewType: view,
        },
      };
    });
}

/**
 * A DynamoDB stream batch, valid against `dynamodbStreamEventSchema`.
 * @example
 * fc.assert(
 *   fc.property(dynamodbStreamEventArbitrary({ streamViewType: 'NEW_AND_OLD_IMAGES' }), (batch) => {
 *     handler(batch);
 *   }),
 * );
 */
export function dynamodbStreamEventArbitrary(options: DynamodbStreamOptions = {}): fc.Arbitrary<DynamodbStreamEvent> {
  const view =
    options.streamViewType === undefined ? fc.constantFrom(...STREAM_VIEW_TYPES) : fc.constant(options.streamViewType);
  return view
    .chain((v) =>
      fc.array(dynamodbStreamRecordArbitrary(v, options), { minLength: 1, maxLength: options.maxRecords ?? 4 }),
    )
    .map((Records) => ({ Records }));
}

/** A DynamoDB stream batch that `dynamodbStreamEventSchema` must reject, with the field at fault. */
export function malformedDynamodbStreamEventArbitrary(): fc.Arbitrary<Malformed> {
  return fc.oneof(
    malformedRecordsArbitrary(dynamodbStreamEventArbitrary(), [
      missing('dynamodb'),
      missing('dynamodb', 'Keys'),
      missing('dynamodb', 'StreamViewType'),
      missing('eventName'),
      replaced('wrong-enum', 'UPDATE', 'eventName'),
      replaced('wrong-enum', 'ALL', 'dynamodb', 'StreamViewType'),
      replaced('wrong-type', '26', 'dynamodb', 'SizeBytes'),
      replaced('out-of-range', 0, 'dynamodb', 'SizeBytes'),
      replaced('out-of-range', { Id: { N: 'ten' } }, 'dynamodb', 'Keys'),
      replaced('wrong-enum', { Id: { STRING: 'x' } }, 'dynamodb', 'Keys'),
      replaced('out-of-range', { Id: { S: 'a' }, Tags: { SS: [] } }, 'dynamodb', 'NewImage'),
      replaced('out-of-range', {}, 'dynamodb', 'Keys'),
      replaced('inconsistent', { Id: { BOOL: true } }, 'dynamodb', 'Keys'),
    ]),
    // An image the view type does not carry.
    malformedRecordsArbitrary(dynamodbStreamEventArbitrary({ streamViewType: 'KEYS_ONLY' }), [
      replaced('inconsistent', { Id: { S: 'a' } }, 'dynamodb', 'NewImage'),
    ]),
    malformedRecordsArbitrary(
      dynamodbStreamEventArbitrary({ streamViewType: 'NEW_AND_OLD_IMAGES', eventNames: ['MODIFY'] }),
      [missing('dynamodb', 'OldImage')],
    ),
  );
}
