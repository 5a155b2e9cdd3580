import { describe, expect, it } from 'vitest';
import { App } from '../../../src/app/chalice/app.js';
import type { DynamoDBEvent } from '../../../src/app/chalice/batchEvents.js';
import { EventBridgeDestination, SnsDestination } from '../../../src/app/functions/destinations.js';
import { TestClient } from '../../../src/testing/appTestClient.js';
import { appHarness } from './appHarness.js';
import { refusal } from './registrationRefusal.js';

/** The scalar of one attribute (`{ S: 'a' }` → a), or - when absent. */
const scalar = (value: unknown) => (value === undefined ? '-' : String(Object.values(value as object)[0]));

const STREAM_ARN = 'arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000';

describe('DynamoDB stream source on the embedded table stream', () => {
  it('delivers item changes as DynamoDB Streams records, the changes of one item in order', async () => {
    const seen: string[] = [];
    const app = new App('orders');
    app.onDynamodbMessage({ streamArn: STREAM_ARN, batchSize: 10 }, function audit(event: DynamoDBEvent) {
      for (const r of event)
        seen.push(
          `${r.eventName} ${scalar(r.keys.id)} ${scalar(r.newImage?.n)} ${scalar(r.oldImage?.n)} ${r.tableName}`,
        );
    });
    const h = await appHarness(app, { streams: { shardCount: 4 } });
    const feed = h.runner.dynamodbStream(STREAM_ARN);
    const key = { id: { S: 'o-1' } };
    feed.put({ keys: key, newImage: { ...key, n: { N: '1' } } });
    feed.put({ keys: key, newImage: { ...key, n: { N: '2' } }, oldImage: { ...key, n: { N: '1' } } });
    feed.put({ keys: key, oldImage: { ...key, n: { N: '2' } } });
    await h.clock.advance(0);
    expect(seen).toEqual(['INSERT o-1 1 - orders', 'MODIFY o-1 2 1 orders', 'REMOVE o-1 - 2 orders']);
    expect(() => feed.put({ keys: {} })).toThrow(/keys: must name the key attributes/);
  });

  it('lets the test client record item changes and deliver them when the clock advances', async () => {
    const seen: string[] = [];
    const app = new App('orders');
    app.onDynamodbMessage(
      { streamArn: STREAM_ARN, maximumBatchingWindowInSeconds: 5 },
      function audit(e: DynamoDBEvent) {
        seen.push([...e].map((r) => `${r.eventName} ${scalar(r.keys.id)}`).join(','));
      },
    );
    const client = await TestClient.create(app);
    client.streams.putItemChange(STREAM_ARN, { keys: { id: { S: 'a' } }, newImage: { id: { S: 'a' } } });
    client.streams.putItemChange(STREAM_ARN, { keys: { id: { S: 'b' } }, newImage: { id: { S: 'b' } } });
    await client.advance(4_000);
    expect(seen).toEqual([]);
    await client.advance(1_000);
    expect(seen).toEqual(['INSERT a,INSERT b']);
  });

  it('describes a batch given up on with DDBStreamBatchInfo to an SNS on-failure destination', async () => {
    const published: string[] = [];
    const app = new App('orders');
    app.onDynamodbMessage(
      { streamArn: STREAM_ARN, maximumRetryAttempts: 0, onFailure: new SnsDestination('lost-orders') },
      function audit() {
        throw new Error('audit store down');
      },
    );
    const h = await appHarness(app);
    h.runner.topic.subscribe('lost-orders', async (m) => void published.push(m.message));
    const put = h.runner.dynamodbStream(STREAM_ARN).put({ keys: { id: { S: 'o-1' } }, newImage: { id: { S: 'o-1' } } });
    await h.clock.advance(10_000);
    expect(published.map((m) => JSON.parse(m) as Record<string, unknown>)).toMatchObject([
      {
        requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 1 },
        DDBStreamBatchInfo: { startSequenceNumber: put.sequenceNumber, batchSize: 1, streamArn: STREAM_ARN },
      },
    ]);
  });

  it('refuses bad stream mapping settings at registration, naming the field and the rule', () => {
    const app = new App('orders');
    const handler = function audit() {};
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ maximumRetryAttempts: -2 }, /maximumRetryAttempts: must be an integer from -1 to 10000/],
      [{ maximumRecordAgeInSeconds: 30 }, /maximumRecordAgeInSeconds: must be an integer from 60 to 604800/],
      [{ bisectBatchOnFunctionError: 'yes' }, /bisectBatchOnFunctionError: must be true or false/],
      [{ onFailure: new EventBridgeDestination() }, /onFailure: must be an SqsDestination or SnsDestination/],
      [{ batchSize: 10001 }, /batchSize: must be an integer from 1 to 10000/],
    ];
    for (const [settings, message] of cases) {
      const error = refusal(() => app.onDynamodbMessage({ streamArn: STREAM_ARN, ...settings }, handler));
      expect(error.message).toMatch(message);
      expect(error.message).toMatch(/app\.onDynamodbMessage/);
    }
    expect(
      refusal(() => app.onKinesisMessage({ stream: 'clicks', maximumRetryAttempts: 10001 }, handler)).message,
    ).toMatch(/maximumRetryAttempts/);
  });
});
