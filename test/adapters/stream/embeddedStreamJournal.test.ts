import { describe, expect, it } from 'vitest';
import { EmbeddedStream } from '../../../src/adapters/stream/embeddedStream.js';
import type { ShardRecord } from '../../../src/ports/shardSource.js';
import { VirtualClock } from '../../../src/runtime/virtualClock.js';

const text = (records: readonly ShardRecord[]) => records.map((r) => new TextDecoder().decode(r.data));

describe('EmbeddedStream with a journal', () => {
  it('makes a record readable only once it is kept, in the order put', async () => {
    const stream = new EmbeddedStream('clicks', { clock: new VirtualClock() });
    const kept: string[] = [];
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    stream.keepIn({
      keep: async (_shardId, record) => {
        await gate;
        kept.push(record.sequenceNumber);
      },
    });
    const first = stream.putRecord({ data: 'a', partitionKey: 'u' });
    const second = stream.putRecord({ data: 'b', partitionKey: 'u' });
    const cursor = await stream.open(first.shardId, { kind: 'TRIM_HORIZON' });
    expect(await cursor.next(10)).toEqual([]);
    release();
    await stream.kept();
    expect(kept).toEqual([first.sequenceNumber, second.sequenceNumber]);
    expect(text(await cursor.next(10))).toEqual(['a', 'b']);
  });

  it('reports a record the journal failed to keep, and never makes it readable', async () => {
    const stream = new EmbeddedStream('clicks', { clock: new VirtualClock() });
    stream.keepIn({
      keep: async (_shardId, record) => {
        if (new TextDecoder().decode(record.data) === 'bad') throw new Error('disk full');
      },
    });
    stream.putRecord({ data: 'bad', partitionKey: 'u' });
    await expect(stream.kept()).rejects.toThrow('disk full');
    const { shardId } = stream.putRecord({ data: 'good', partitionKey: 'u' });
    await stream.kept();
    expect(text(stream.records(shardId))).toEqual(['good']);
  });

  it('numbers records after those restored, so sequence numbers keep increasing', () => {
    const before = new EmbeddedStream('clicks', { clock: new VirtualClock() });
    const put = [
      before.putRecord({ data: 'a', partitionKey: 'u' }),
      before.putRecord({ data: 'b', partitionKey: 'u' }),
    ];
    const after = new EmbeddedStream('clicks', { clock: new VirtualClock() });
    after.restore(put[0]!.shardId, before.records(put[0]!.shardId));
    const next = after.putRecord({ data: 'c', partitionKey: 'u' });
    expect(BigInt(next.sequenceNumber) > BigInt(put[1]!.sequenceNumber)).toBe(true);
    expect(text(after.records(next.shardId))).toEqual(['a', 'b', 'c']);
  });
});
