import { describe, expect, it } from 'vitest';
import { App } from '../../../src/app/chalice/app.js';
import type { DynamoDBEvent, KinesisEvent, SQSEvent } from '../../../src/app/chalice/batchEvents.js';
import { VirtualClock } from '../../../src/runtime/virtualClock.js';
import { tempDbPaths } from '../../support/tempFiles.js';
import { runKeptApp } from './support/keptAppProcess.js';

const SECOND = 1000;
const TABLE_STREAM = 'arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000';
const dbPath = tempDbPaths('kept-sources');
const never = new Promise<never>(() => undefined);

/**
 * The App both runs load: one queue with a redrive policy, a Kinesis stream read from LATEST and a
 * table stream. `handle` is what its functions do with what they get.
 */
function appOf(handle: {
  sqs(e: SQSEvent): unknown;
  kinesis(e: KinesisEvent): unknown;
  table(e: DynamoDBEvent): unknown;
}) {
  const app = new App('kept');
  const redrive = { deadLetterQueue: 'jobs-dlq', maxReceiveCount: 2 };
  app.onSqsMessage({ queue: 'jobs', batchSize: 2, visibilityTimeoutSeconds: 60, redrive }, function work(e: SQSEvent) {
    return handle.sqs(e);
  });
  app.onKinesisMessage({ stream: 'clicks', batchSize: 10 }, function count(e: KinesisEvent) {
    return handle.kinesis(e);
  });
  app.onDynamodbMessage(
    { streamArn: TABLE_STREAM, startingPosition: 'TRIM_HORIZON' },
    function audit(e: DynamoDBEvent) {
      return handle.table(e);
    },
  );
  return app;
}

/** One process's worth: a runtime over the SQLite file, the App started on it with its sources kept in the log. */
async function run(path: string, app: App, clock: VirtualClock) {
  const { store, runtime, runner } = await runKeptApp(path, app, clock);
  // As `start --app`: the mappings open (a LATEST stream is pinned where it ends) before anything arrives.
  await clock.advance(0);
  return { store, runtime, runner, clock };
}

describe('an App whose queue and streams are kept in the log, restarted on the same SQLite file', () => {
  it('delivers every waiting message and record, and counts the receive of a batch in flight', async () => {
    const path = dbPath();
    const start = Date.parse('2026-01-01T00:00:00.000Z');
    // The first process: every handler hangs, so the batches it starts are in flight when it stops.
    const first = await run(
      path,
      appOf({ sqs: () => never, kinesis: () => never, table: () => never }),
      new VirtualClock(start),
    );
    await first.runner.queue.send('jobs', { body: 'poison' });
    await first.runner.queue.send('jobs', { body: 'a' });
    first.runner.putRecord('clicks', { data: 'r1', partitionKey: 'u' });
    await first.runner.streams.kept();
    await first.clock.advance(0);
    await first.runner.queue.send('jobs', { body: 'b' });
    first.runner.putRecord('clicks', { data: 'r2', partitionKey: 'u' });
    first.runner.dynamodbStream(TABLE_STREAM).put({ keys: { id: { S: 'o-1' } }, newImage: { id: { S: 'o-1' } } });
    await first.runner.streams.kept();

    // The second process on the same file, a second later; the first is never heard from again.
    const seen = { sqs: [] as string[], kinesis: [] as string[], table: [] as string[] };
    const second = await run(
      path,
      appOf({
        sqs: (e) => {
          const records = [...e];
          seen.sqs.push(...records.map((r) => `${r.body}#${r.receiveCount}`));
          const poison = records.filter((r) => r.body === 'poison');
          return { batchItemFailures: poison.map((r) => ({ itemIdentifier: r.messageId })) };
        },
        kinesis: (e) => seen.kinesis.push(...[...e].map((r) => new TextDecoder().decode(r.data))),
        table: (e) => seen.table.push(...[...e].map((r) => JSON.stringify(r.keys))),
      }),
      new VirtualClock(start + SECOND),
    );
    await second.clock.advance(0);
    await second.runtime.idle();
    // The recovered invocation of the batch in flight ran again; 'b' was never received before.
    expect(seen.sqs).toContain('b#1');
    expect(seen.sqs).not.toContain('poison#2');
    await second.clock.advance(60 * SECOND);
    await second.runtime.idle();
    expect(seen.sqs).toEqual(expect.arrayContaining(['poison#2', 'a#2', 'b#1']));
    expect(seen.sqs).not.toContain('poison#3');
    expect(second.runner.queue.messages('jobs-dlq').map((m) => m.body)).toEqual(['poison']);
    expect(seen.kinesis).toEqual(['r1', 'r2']);
    expect(seen.table).toEqual(['{"id":{"S":"o-1"}}']);

    // A third start finds nothing left on the job queue and the dead letter still on its own.
    await second.clock.advance(120 * SECOND);
    const third = await run(
      path,
      appOf({ sqs: () => never, kinesis: () => never, table: () => never }),
      new VirtualClock(start + 200 * SECOND),
    );
    expect(third.runner.queue.messages('jobs')).toEqual([]);
    expect(third.runner.queue.messages('jobs-dlq').map((m) => m.body)).toEqual(['poison']);
    await third.clock.advance(0);
    expect(await third.runner.nextDueAt()).toBeUndefined();
  });
});
