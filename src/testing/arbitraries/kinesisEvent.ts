import fc from 'fast-check';
import type { KinesisEvent, KinesisRecord } from '../../protocol/eventSources/kinesisEvent.js';
import {
  accountArbitrary,
  digitsArbitrary,
  epochMsArbitrary,
  partitionOf,
  regionArbitrary,
  resourceNameArbitrary,
  textArbitrary,
} from './awsValues.js';
import { malformedRecordsArbitrary, missing, replaced, type Malformed } from './malformed.js';

/** Options for Kinesis batches. */
export interface KinesisEventOptions {
  /** Record payloads as bytes (default: up to 256 random bytes). */
  readonly data?: fc.Arbitrary<Uint8Array>;
  /** At most this many records (default 5). */
  readonly maxRecords?: number;
}

/** One Kinesis record; `eventID` names its shard and ends with its sequence number. */
export function kinesisRecordArbitrary(options: KinesisEventOptions = {}): fc.Arbitrary<KinesisRecord> {
  return fc
    .record({
      region: regionArbitrary(),
      account: accountArbitrary(),
      stream: resourceNameArbitrary(),
      role: resourceNameArbitrary(),
      shard: fc.integer({ min: 0, max: 999 }),
      partitionKey: textArbitrary(64, 1).filter((k) => k.length <= 256),
      sequenceNumber: digitsArbitrary(20, 56),
      data: options.data ?? fc.uint8Array({ maxLength: 256 }),
      arrivedAt: epochMsArbitrary(),
    })
    .map((f) => ({
      kinesis: {
        kinesisSchemaVersion: '1.0' as const,
        partitionKey: f.partitionKey,
        sequenceNumber: f.sequenceNumber,
        data: Buffer.from(f.data).toString('base64'),
        approximateArrivalTimestamp: f.arrivedAt / 1000,
      },
      eventSource: 'aws:kinesis' as const,
      eventVersion: '1.0' as const,
      eventID: `shardId-${String(f.shard).padStart(12, '0')}:${f.sequenceNumber}`,
      eventName: 'aws:kinesis:record' as const,
      invokeIdentityArn: `arn:${partitionOf(f.region)}:iam::${f.account}:role/${f.role}`,
      awsRegion: f.region,
      eventSourceARN: `arn:${partitionOf(f.region)}:kinesis:${f.region}:${f.account}:stream/${f.stream}`,
    }));
}

/** A Kinesis batch, valid against `kinesisEventSchema`. */
export function kinesisEventArbitrary(options: KinesisEventOptions = {}): fc.Arbitrary<KinesisEvent> {
  return fc
    .array(kinesisRecordArbitrary(options), { minLength: 1, maxLength: options.maxRecords ?? 5 })
    .map((Records) => ({ Records }));
}

/** A Kinesis batch that `kinesisEventSchema` must reject, with the field at fault. */
export function malformedKinesisEventArbitrary(): fc.Arbitrary<Malformed> {
  return malformedRecordsArbitrary(kinesisEventArbitrary(), [
    missing('kinesis'),
    missing('kinesis', 'data'),
    missing('kinesis', 'sequenceNumber'),
    missing('eventID'),
    replaced('wrong-type', [1, 2, 3], 'kinesis', 'data'),
    replaced('wrong-type', '1545084650.987', 'kinesis', 'approximateArrivalTimestamp'),
    replaced('out-of-range', 'not base64!', 'kinesis', 'data'),
    replaced('out-of-range', -1, 'kinesis', 'approximateArrivalTimestamp'),
    replaced('out-of-range', '', 'kinesis', 'partitionKey'),
    replaced('out-of-range', 'k'.repeat(257), 'kinesis', 'partitionKey'),
    replaced('wrong-enum', 'aws:kinesis:put', 'eventName'),
    replaced('wrong-enum', '2.0', 'kinesis', 'kinesisSchemaVersion'),
    replaced('inconsistent', 'shardId-000000000000:0', 'eventID'),
  ]);
}
