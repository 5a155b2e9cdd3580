import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EmbeddedStream } from '../../../src/adapters/stream/embeddedStream.js';
import { VirtualClock } from '../../../src/runtime/virtualClock.js';

const text = (data: Uint8Array) => new TextDecoder().decode(data);

describe('EmbeddedStream', () => {
  it('routes each record by the MD5 of its partition key into even hash-key ranges', () => {
    const stream = new EmbeddedStream('clicks', { clock: new VirtualClock(), shardCount: 4 });
    const width = 2n ** 128n / 4n;
    for (let i = 0; i < 200; i += 1) {
      const key = `user-${i}`;
      const hash = BigInt(`0x${createHash('md5').update(key).digest('hex')}`);
      const expected = `shardId-${String(Number(hash / width)).padStart(12, '0')}`;
      expect(stream.putRecord({ data: 'x', partitionKey: key }).shardId).toBe(expected);
    }
    const ranges = stream.shardRanges();
    expect(ranges.map((r) => r.startingHashKey)).toEqual(['0', String(width), String(2n * width), String(3n * width)]);
    expect(ranges[3]?.endingHashKey).toBe(String(2n ** 128n - 1n));
  });

  it('numbers records increasingly within a shard and keeps one key in one shard', () => {
    const stream = new EmbeddedStream('clicks', { clock: new VirtualClock(), shardCount: 3 });
    const results = Array.from({ length: 30 }, (_, i) => stream.putRecord({ data: `${i}`, partitionKey: `k${i % 5}` }));
    for (let k = 0; k < 5; k += 1) {
      const shards = new Set(results.filter((_, i) => i % 5 === k).map((r) => r.shardId));
      expect(shards.size).toBe(1);
    }
    for (const shardId of ['shardId-000000000000', 'shardId-000000000001', 'shardId-000000000002']) {
      const numbers = stream.records(shardId).map((r) => BigInt(r.sequenceNumber));
      expect(numbers).toEqual([...numbers].sort((a, b) => (a < b ? -1 : 1)));
      expect(new Set(numbers).size).toBe(numbers.length);
    }
  });

  it('reads a shard from its start, from its end when opened, or after a sequence number', async () => {
    const stream = new EmbeddedStream('clicks', { clock: new VirtualClock() });
    const first = stream.putRecord({ data: 'a', partitionKey: 'k' });
    const latest = await stream.open('shardId-000000000000', { kind: 'LATEST' });
    stream.putRecord({ data: 'b', partitionKey: 'k' });
    stream.putRecord({ data: 'c', partitionKey: 'k' });
    const horizon = await stream.open('shardId-000000000000', { kind: 'TRIM_HORIZON' });
    const after = await stream.open('shardId-000000000000', {
      kind: 'AFTER_SEQUENCE_NUMBER',
      sequenceNumber: first.sequenceNumber,
    });
    expect((await horizon.next(2)).map((r) => text(r.data))).toEqual(['a', 'b']);
    expect((await horizon.next(2)).map((r) => text(r.data))).toEqual(['c']);
    expect(await horizon.next(2)).toEqual([]);
    expect((await latest.next(10)).map((r) => text(r.data))).toEqual(['b', 'c']);
    expect((await after.next(10)).map((r) => text(r.data))).toEqual(['b', 'c']);
  });

  it('refuses bad records naming the field and the rule, putting none of a refused PutRecords', () => {
    const stream = new EmbeddedStream('clicks', { clock: new VirtualClock() });
    expect(() => stream.putRecord({ data: 'x', partitionKey: '' })).toThrow(
      /partitionKey: must be a string of 1 to 256/,
    );
    expect(() =>
      stream.putRecords([
        { data: 'x', partitionKey: 'a' },
        { data: 'x', partitionKey: 'b'.repeat(257) },
      ]),
    ).toThrow(/records\[1\]\.partitionKey/);
    expect(stream.records('shardId-000000000000')).toEqual([]);
    const many = Array.from({ length: 501 }, () => ({ data: 'x', partitionKey: 'a' }));
    expect(() => stream.putRecords(many)).toThrow(/records: must hold 1 to 500 records, got 501/);
    expect(() => stream.putRecord({ data: 'x', partitionKey: 'a', explicitHashKey: String(2n ** 128n) })).toThrow(
      /explicitHashKey/,
    );
    expect(() => new EmbeddedStream('s', { clock: new VirtualClock(), shardCount: 0 })).toThrow(/shardCount/);
  });
});
