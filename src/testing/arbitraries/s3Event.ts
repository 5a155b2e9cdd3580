import fc from 'fast-check';
import { encodeS3Key } from '../../protocol/eventSources/s3Key.js';
import {
  S3_EVENT_NAMES,
  type S3Event,
  type S3EventName,
  type S3EventRecord,
} from '../../protocol/eventSources/s3Event.js';
import {
  base64Arbitrary,
  charsArbitrary,
  hexArbitrary,
  isoTimeArbitrary,
  partitionOf,
  regionArbitrary,
  textArbitrary,
} from './awsValues.js';
import { malformedRecordsArbitrary, missing, replaced, type Malformed } from './malformed.js';

/** Options for S3 events. */
export interface S3EventOptions {
  /** Only these event names (default: all). */
  readonly eventNames?: readonly S3EventName[];
  /** Decoded object keys (default: any text of whole graphemes, 1–30 long). */
  readonly key?: fc.Arbitrary<string>;
  /** At most this many records (default 3). */
  readonly maxRecords?: number;
}

/** A bucket name: lower-case letters, digits and inner hyphens, 3–24 characters. */
export const bucketNameArbitrary = (): fc.Arbitrary<string> =>
  fc
    .tuple(
      charsArbitrary('abcdefghijklmnopqrstuvwxyz0123456789', 1, 1),
      charsArbitrary('abcdefghijklmnopqrstuvwxyz0123456789-', 1, 22),
      charsArbitrary('abcdefghijklmnopqrstuvwxyz0123456789', 1, 1),
    )
    .map(([a, b, c]) => a + b + c);

/** One S3 notification record; the key is encoded as S3 encodes it, and removals carry no size or ETag. */
export function s3EventRecordArbitrary(options: S3EventOptions = {}): fc.Arbitrary<S3EventRecord> {
  return fc
    .record({
      region: regionArbitrary(),
      eventTime: isoTimeArbitrary(),
      eventName: fc.constantFrom(...(options.eventNames ?? S3_EVENT_NAMES)),
      principalId: charsArbitrary('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 12, 21),
      sourceIPAddress: fc.ipV4(),
      requestId: hexArbitrary(16, true),
      id2: base64Arbitrary(56),
      configurationId: fc.uuid(),
      bucket: bucketNameArbitrary(),
      key: options.key ?? textArbitrary(30, 1),
      size: fc.integer({ min: 0, max: 5 * 1024 ** 4 }),
      eTag: hexArbitrary(32),
      versionId: fc.option(charsArbitrary('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._', 32, 32), {
        nil: undefined,
      }),
      sequencer: hexArbitrary(18, true),
    })
    .map((f) => {
      const removed = f.eventName.startsWith('ObjectRemoved') || f.eventName.startsWith('LifecycleExpiration');
      return {
        eventVersion: '2.1',
        eventSource: 'aws:s3' as const,
        awsRegion: f.region,
        eventTime: f.eventTime,
        eventName: f.eventName,
        userIdentity: { principalId: `AWS:${f.principalId}` },
        requestParameters: { sourceIPAddress: f.sourceIPAddress },
        responseElements: { 'x-amz-request-id': f.requestId, 'x-amz-id-2': f.id2 },
        s3: {
          s3SchemaVersion: '1.0' as const,
          configurationId: f.configurationId,
          bucket: {
            name: f.bucket,
            ownerIdentity: { principalId: f.principalId },
            arn: `arn:${partitionOf(f.region)}:s3:::${f.bucket}`,
          },
          object: {
            key: encodeS3Key(f.key),
            ...(removed ? {} : { size: f.size, eTag: f.eTag }),
            ...(f.versionId === undefined ? {} : { versionId: f.versionId }),
            sequencer: f.sequencer,
          },
        },
      };
    });
}

/**
 * An S3 event notification of 1–3 records, valid against `s3EventSchema`.
 * @example
 * fc.assert(fc.property(s3EventArbitrary({ eventNames: ['ObjectCreated:Put'] }), (event) => { handler(event); }));
 */
export function s3EventArbitrary(options: S3EventOptions = {}): fc.Arbitrary<S3Event> {
  return fc
    .array(s3EventRecordArbitrary(options), { minLength: 1, maxLength: options.maxRecords ?? 3 })
    .map((Records) => ({ Records }));
}

/** An S3 event that `s3EventSchema` must reject, with the field at fault. */
export function malformedS3EventArbitrary(): fc.Arbitrary<Malformed> {
  return malformedRecordsArbitrary(s3EventArbitrary(), [
    missing('eventName'),
    missing('s3', 'bucket', 'name'),
    missing('s3', 'object', 'key'),
    missing('s3', 'object', 'sequencer'),
    replaced('wrong-enum', 'ObjectCreated:Teleport', 'eventName'),
    replaced('wrong-enum', 'aws:sqs', 'eventSource'),
    replaced('wrong-type', 1024, 's3', 'object', 'key'),
    replaced('wrong-type', '1024', 's3', 'object', 'size'),
    replaced('out-of-range', -1, 's3', 'object', 'size'),
    replaced('out-of-range', 'red flower.jpg', 's3', 'object', 'key'),
    replaced('out-of-range', '100%', 's3', 'object', 'key'),
    replaced('out-of-range', 'My_Bucket', 's3', 'bucket', 'name'),
    replaced('out-of-range', '3.0', 'eventVersion'),
    replaced('out-of-range', 'yesterday', 'eventTime'),
    replaced('inconsistent', 'arn:aws:s3:::some-other-bucket-name-that-is-long', 's3', 'bucket', 'arn'),
  ]);
}
