import { describe, expect, it } from 'vitest';
import { App } from '../../../src/app/chalice/app.js';
import type { KinesisEvent } from '../../../src/app/chalice/batchEvents.js';
import { SqsDestination } from '../../../src/app/functions/destinations.js';
import { appHarness } from './appHarness.js';

const SECOND = 1000;
const text = (data: Uint8Array) => new TextDecoder().decode(data);
const shardOf = (eventId: string) => eventId.slice(0, eventId.indexOf(':'));

/** The on-failure record of a Kinesis mapping, the parts these tests read. */
interface FailureRecord {
  readonly requestContext: { condition: string; approximateInvokeCount: number; functionArn: string };
  readonly timestamp: string;
  readonly KinesisBatchInfo: {
    startSequenceNumber: string;
    batchSize: number;
    approximateArrivalOfFirstRecord: string;
  };
}

const failureRecords = (messages: readonly { body: string }[]) =>
  messages.map((m) => JSON.parse(m.body) as FailureRecord);

/** What one delivery carried: the shard and the data of its records. */
interface Delivery {
  readonly shard: string;
  readonly data: string[];
  readonly sequenceNumbers: string[];
}

function recording(deliveries: Delivery[], fail: (data: string[], call: number) => unknown = () => undefined) {
  return (event: KinesisEvent) => {
    const records = [...event];
    const data = records.map((r) => text(r.data));
    deliveries.push({
      shard: shardOf(records[0]?.toDict().eventID ?? ''),
      data,
      sequenceNumbers: records.map((r) => r.sequenceNumber),
    });
    return fail(data, deliveries.length);
  };
}

describe('Kinesis source on the embedded stream', () => {
  it('keeps each shard in order, one batch of a shard at a time, with many shards at once', async () => {
    const deliveries: Delivery[] = [];
    const active = new Map<string, number>();
    let overlapped = false;
    const app = new App('clicks');
    app.onKinesisMessage({ stream: 'clicks', batchSize: 7 }, async function count(event: KinesisEvent) {
      const records = [...event];
      const shard = shardOf(records[0]?.toDict().eventID ?? '');
      active.set(shard, (active.get(shard) ?? 0) + 1);
      if ((active.get(shard) ?? 0) > 1) overlapped = true;
      await new Promise((resolve) => setImmediate(resolve));
      deliveries.push({ shard, data: records.map((r) => text(r.data)), sequenceNumbers: [] });
      active.set(shard, (active.get(shard) ?? 0) - 1);
    });
    const h = await appHarness(app, { streams: { shardCount: 8 } });
    const sent: string[] = [];
    for (let i = 0; i < 400; i += 1) {
      const data = `user-${i % 40}#${i}`;
      h.runner.putRecord('clicks', { data, partitionKey: `user-${i % 40}` });
      sent.push(data);
    }
    await h.clock.advance(SECOND);
    expect(overlapped).toBe(false);
    expect(new Set(deliveries.map((d) => d.shard)).size).toBe(8);
    expect(deliveries.every((d) => d.data.length <= 7)).toBe(true);
    const received = deliveries.flatMap((d) => d.data);
    expect([...received].sort()).toEqual([...sent].sort());
    for (let user = 0; user < 40; user += 1) {
      const mine = (list: string[]) => list.filter((d) => d.startsWith(`user-${user}#`));
      expect(mine(received)).toEqual(mine(sent));
    }
    expect(h.errors).toEqual([]);
  });

  it('gathers records for the batching window, or delivers at once when the batch is full', async () => {
    const deliveries: Delivery[] = [];
    const app = new App('clicks');
    app.onKinesisMessage(
      { stream: 'clicks', batchSize: 3, maximumBatchingWindowInSeconds: 10, name: 'count' },
      recording(deliveries),
    );
    const h = await appHarness(app);
    h.runner.streams.kinesis('clicks').putRecords([
      { data: 'a', partitionKey: 'k' },
      { data: 'b', partitionKey: 'k' },
    ]);
    await h.clock.advance(9 * SECOND);
    expect(deliveries).toEqual([]);
    await h.clock.advance(SECOND);
    expect(deliveries.map((d) => d.data)).toEqual([['a', 'b']]);
    for (const data of ['c', 'd', 'e', 'f']) h.runner.putRecord('clicks', { data, partitionKey: 'k' });
    await h.clock.advance(0);
    expect(deliveries.map((d) => d.data)).toEqual([
      ['a', 'b'],
      ['c', 'd', 'e'],
    ]);
    await h.clock.advance(10 * SECOND);
    expect(deliveries.map((d) => d.data)).toEqual([['a', 'b'], ['c', 'd', 'e'], ['f']]);
  });

  it('retries a failing batch until it succeeds before the shard moves on, each try an invocation', async () => {
    const deliveries: Delivery[] = [];
    const app = new App('clicks');
    app.onKinesisMessage(
      { stream: 'clicks', batchSize: 2, name: 'count' },
      recording(deliveries, (_data, call) => {
        if (call <= 2) throw new Error('database down');
      }),
    );
    const h = await appHarness(app);
    for (const data of ['a', 'b', 'c']) h.runner.putRecord('clicks', { data, partitionKey: 'k' });
    await h.clock.advance(10 * SECOND);
    expect(deliveries.map((d) => d.data)).toEqual([['a', 'b'], ['a', 'b'], ['a', 'b'], ['c']]);
    expect(new Set(deliveries.slice(0, 3).map((d) => d.sequenceNumbers.join()))).toHaveProperty('size', 1);
  });

  it('gives up after maximumRetryAttempts and describes the batch to the on-failure destination', async () => {
    const deliveries: Delivery[] = [];
    const app = new App('clicks');
    app.onKinesisMessage(
      {
        stream: 'clicks',
        batchSize: 2,
        maximumRetryAttempts: 1,
        onFailure: new SqsDestination('lost-clicks'),
        name: 'count',
      },
      recording(deliveries, (data) => {
        if (data.includes('bad')) throw new Error('cannot parse');
      }),
    );
    const h = await appHarness(app);
    const put = ['a', 'bad', 'c'].map((data) => h.runner.putRecord('clicks', { data, partitionKey: 'k' }));
    await h.clock.advance(10 * SECOND);
    expect(deliveries.map((d) => d.data)).toEqual([['a', 'bad'], ['a', 'bad'], ['c']]);
    const lost = failureRecords(h.runner.queue.messages('lost-clicks'));
    expect(lost).toHaveLength(1);
    expect(lost[0]?.requestContext).toMatchObject({
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 2,
      functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:count:$LATEST',
    });
    expect(lost[0]?.KinesisBatchInfo).toMatchObject({
      shardId: 'shardId-000000000000',
      startSequenceNumber: put[0]?.sequenceNumber,
      endSequenceNumber: put[1]?.sequenceNumber,
      batchSize: 2,
      streamArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/clicks',
    });
  });

  it('splits a failing batch in halves (without using up a retry) to isolate the bad record', async () => {
    const deliveries: Delivery[] = [];
    const app = new App('clicks');
    app.onKinesisMessage(
      {
        stream: 'clicks',
        batchSize: 4,
        maximumRetryAttempts: 0,
        bisectBatchOnFunctionError: true,
        onFailure: new SqsDestination('lost-clicks'),
        name: 'count',
      },
      recording(deliveries, (data) => {
        if (data.includes('bad')) throw new Error('cannot parse');
      }),
    );
    const h = await appHarness(app);
    const put = ['a', 'b', 'bad', 'd'].map((data) => h.runner.putRecord('clicks', { data, partitionKey: 'k' }));
    await h.clock.advance(10 * SECOND);
    expect(deliveries.map((d) => d.data)).toEqual([['a', 'b', 'bad', 'd'], ['a', 'b'], ['bad', 'd'], ['bad'], ['d']]);
    const lost = failureRecords(h.runner.queue.messages('lost-clicks'));
    expect(lost.map((l) => [l.KinesisBatchInfo.startSequenceNumber, l.KinesisBatchInfo.batchSize])).toEqual([
      [put[2]?.sequenceNumber, 1],
    ]);
  });

  it('checkpoints before the lowest item a batchItemFailures answer names and retries from there', async () => {
    const deliveries: Delivery[] = [];
    const app = new App('clicks');
    app.onKinesisMessage({ stream: 'clicks', batchSize: 5, name: 'count' }, (event: KinesisEvent) => {
      const records = [...event];
      deliveries.push({ shard: '', data: records.map((r) => text(r.data)), sequenceNumbers: [] });
      if (deliveries.length > 1) return { batchItemFailures: [] };
      const failed = records.filter((r) => ['c', 'e'].includes(text(r.data)));
      return { batchItemFailures: failed.reverse().map((r) => ({ itemIdentifier: r.sequenceNumber })) };
    });
    const h = await appHarness(app);
    const put = ['a', 'b', 'c', 'd', 'e'].map((data) => h.runner.putRecord('clicks', { data, partitionKey: 'k' }));
    await h.clock.advance(10 * SECOND);
    expect(deliveries.map((d) => d.data)).toEqual([
      ['a', 'b', 'c', 'd', 'e'],
      ['c', 'd', 'e'],
    ]);
    const checkpoints = (await h.history('checkpoint:clicks:count:kinesis:clicks:shardId-000000000000')).map(
      (r) =>
        (r.event as { sequenceNumber?: string; input?: { sequenceNumber: string } }).sequenceNumber ??
        (r.event as { input?: { sequenceNumber: string } }).input?.sequenceNumber,
    );
    expect(checkpoints).toEqual([put[1]?.sequenceNumber, put[4]?.sequenceNumber]);
  });

  it('gives up on records older than maximumRecordAgeInSeconds while retrying them', async () => {
    const deliveries: Delivery[] = [];
    const app = new App('clicks');
    app.onKinesisMessage(
      { stream: 'clicks', maximumRecordAgeInSeconds: 60, onFailure: new SqsDestination('old'), name: 'count' },
      recording(deliveries, () => {
        throw new Error('always down');
      }),
    );
    const h = await appHarness(app);
    h.runner.putRecord('clicks', { data: 'a', partitionKey: 'k' });
    await h.clock.advance(10 * 60 * SECOND);
    const lost = failureRecords(h.runner.queue.messages('old'));
    expect(lost.map((l) => l.requestContext.condition)).toEqual(['RecordAgeExceeded']);
    expect(deliveries.length).toBeGreaterThan(1);
    const lastTry = Date.parse(lost[0]?.timestamp ?? '');
    expect(lastTry - Date.parse(lost[0]?.KinesisBatchInfo.approximateArrivalOfFirstRecord ?? '')).toBeGreaterThan(
      60 * SECOND,
    );
  });

  it('names the stream, shard and sequence range as the trigger of each delivery', async () => {
    const requestIds: string[] = [];
    const app = new App('clicks');
    app.onKinesisMessage({ stream: 'clicks' }, function count(event: KinesisEvent) {
      requestIds.push(event.context.requestId);
    });
    const h = await appHarness(app);
    const put = h.runner.putRecord('clicks', { data: 'a', partitionKey: 'k' });
    await h.clock.advance(0);
    const [start] = await h.history(requestIds[0] ?? '');
    const input = (start?.event as unknown as { input: { trigger: unknown } }).input;
    expect(input.trigger).toEqual({
      kind: 'eventSource',
      source: 'kinesis:clicks',
      rule: `shardId-000000000000 ${put.sequenceNumber}-${put.sequenceNumber}`,
    });
  });
});
