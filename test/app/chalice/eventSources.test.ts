import { describe, expect, it } from 'vitest';
import { App } from '../../../src/app/chalice/app.js';
import type { SQSEvent } from '../../../src/app/chalice/batchEvents.js';
import type { CloudWatchEvent } from '../../../src/app/chalice/lambdaEvent.js';
import type { S3Event, SNSEvent } from '../../../src/app/chalice/storageEvents.js';
import { appHarness } from './appHarness.js';

const SECOND = 1000;

describe('event sources on the embedded services', () => {
  it('runs an onCwEvent function for matching bus events only', async () => {
    const seen: string[] = [];
    const app = new App('media');
    app.onCwEvent({ source: ['aws.codecommit'], detail: { ref: ['main'] } }, function onCommit(e: CloudWatchEvent) {
      seen.push(`${e.source} ${JSON.stringify(e.detail)}`);
    });
    const h = await appHarness(app);
    await h.runner.putEvent({ source: 'aws.codecommit', detailType: 'Push', detail: { ref: 'main' } });
    await h.runner.putEvent({ source: 'aws.codecommit', detailType: 'Push', detail: { ref: 'dev' } });
    await h.clock.advance(0);
    expect(seen).toEqual(['aws.codecommit {"ref":"main"}']);
  });

  it('raises S3 events for writes that pass the filter, with the decoded key', async () => {
    const seen: string[] = [];
    const app = new App('media');
    const filter = { bucket: 'img', prefix: 'images/', suffix: '.jpg' };
    app.onS3Event({ ...filter, name: 'resize' }, (e: S3Event) => void seen.push(`${e.eventName} ${e.key}`));
    app.onS3Event({ bucket: 'img', events: ['s3:ObjectRemoved:*'], name: 'purge' }, (e: S3Event) => {
      seen.push(`removed ${e.key}`);
    });
    const h = await appHarness(app);
    await h.runner.bucket.putObject('img', 'images/red flower.jpg', 'x');
    await h.runner.bucket.putObject('img', 'images/a.png', 'x');
    await h.runner.bucket.putObject('img', 'docs/a.jpg', 'x');
    await h.runner.bucket.deleteObject('img', 'docs/a.jpg');
    await h.clock.advance(0);
    expect(seen.sort()).toEqual(['ObjectCreated:Put images/red flower.jpg', 'removed docs/a.jpg']);
  });

  it('fans an SNS message out to every subscribed function', async () => {
    const seen: string[] = [];
    const app = new App('media');
    app.onSnsMessage({ topic: 'alerts' }, function pager(e: SNSEvent) {
      seen.push(`pager ${e.subject ?? ''} ${e.message}`);
    });
    app.onSnsMessage({ topic: 'arn:aws:sns:us-east-1:123456789012:alerts' }, function mailer(e: SNSEvent) {
      seen.push(`mailer ${e.message}`);
    });
    const h = await appHarness(app);
    await h.runner.publish('alerts', 'disk full', 'ops');
    await h.runner.topic.publish('alerts', { message: 'cpu hot' });
    await h.clock.advance(0);
    expect(seen.sort()).toEqual(['mailer cpu hot', 'mailer disk full', 'pager  cpu hot', 'pager ops disk full']);
  });
});

describe('SQS source', () => {
  it('gathers a batch for the batching window, or sends it at once when full', async () => {
    const batches: string[][] = [];
    const app = new App('media');
    app.onSqsMessage({ queue: 'jobs', batchSize: 3, maximumBatchingWindowInSeconds: 20 }, function work(e: SQSEvent) {
      batches.push([...e].map((r) => r.body));
    });
    const h = await appHarness(app);
    await h.runner.queue.send('jobs', { body: 'a' });
    await h.runner.queue.send('jobs', { body: 'b' });
    await h.clock.advance(19 * SECOND);
    expect(batches).toEqual([]);
    await h.clock.advance(1 * SECOND);
    expect(batches).toEqual([['a', 'b']]);
    for (const body of ['c', 'd', 'e', 'f']) await h.runner.queue.send('jobs', { body });
    await h.clock.advance(0);
    expect(batches).toEqual([
      ['a', 'b'],
      ['c', 'd', 'e'],
    ]);
  });

  it('retries the whole batch after the visibility timeout when the handler fails', async () => {
    const receipts: string[] = [];
    const app = new App('media');
    app.onSqsMessage({ queue: 'jobs', batchSize: 2, visibilityTimeoutSeconds: 30 }, function work(e: SQSEvent) {
      const records = [...e];
      receipts.push(records.map((r) => `${r.body}#${r.receiveCount}`).join(','));
      if (records[0]?.receiveCount === 1) throw new Error('database down');
    });
    const h = await appHarness(app);
    await h.runner.queue.send('jobs', { body: 'a' });
    await h.clock.advance(29 * SECOND);
    expect(receipts).toEqual(['a#1']);
    await h.clock.advance(1 * SECOND);
    expect(receipts).toEqual(['a#1', 'a#2']);
    await h.clock.advance(60 * SECOND);
    expect(receipts).toEqual(['a#1', 'a#2']);
  });

  it('keeps only the messages named in batchItemFailures and redrives them after maxReceiveCount', async () => {
    const receipts: string[] = [];
    const app = new App('media');
    app.onSqsMessage(
      { queue: 'jobs', batchSize: 2, redrive: { deadLetterQueue: 'jobs-dlq', maxReceiveCount: 2 } },
      function work(e: SQSEvent) {
        const records = [...e];
        receipts.push(records.map((r) => `${r.body}#${r.receiveCount}`).join(','));
        return {
          batchItemFailures: records.filter((r) => r.body === 'bad').map((r) => ({ itemIdentifier: r.messageId })),
        };
      },
    );
    const h = await appHarness(app);
    await h.runner.queue.send('jobs', { body: 'good' });
    await h.runner.queue.send('jobs', { body: 'bad' });
    await h.clock.advance(5 * 60 * SECOND);
    expect(receipts).toEqual(['good#1,bad#1', 'bad#2']);
    expect(h.runner.queue.messages('jobs-dlq').map((m) => m.body)).toEqual(['bad']);
  });

  it('refuses a visibility timeout shorter than the function timeout', () => {
    const app = new App('media');
    expect(() =>
      app.onSqsMessage({ queue: 'jobs', timeoutSeconds: 60, visibilityTimeoutSeconds: 30 }, function work() {}),
    ).toThrow(/visibilityTimeoutSeconds: must be at least the function timeout \(60 s\), got 30 s/);
  });
});
