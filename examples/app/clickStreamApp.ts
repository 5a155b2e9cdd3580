// A stream consumer in Chalice's model: a Kinesis mapping that splits a bad batch and parks what it gives up on.
import { App, SqsDestination, type KinesisEvent } from '../../src/index.js';
import { TestClient } from '../../src/testing/index.js';

/** Build the app, put clicks on its stream, and return what happened as lines. */
export async function main(log: (line: string) => void = console.log): Promise<string[]> {
  const lines: string[] = [];
  const say = (line: string) => {
    lines.push(line);
    log(line);
  };
  const app = new App('clicks');
  app.onKinesisMessage(
    {
      stream: 'clicks',
      batchSize: 4,
      maximumRetryAttempts: 0,
      bisectBatchOnFunctionError: true,
      onFailure: new SqsDestination('lost-clicks'),
    },
    function count(event: KinesisEvent) {
      const pages = [...event].map((record) => new TextDecoder().decode(record.data));
      if (pages.includes('not a page')) throw new Error('cannot count');
      say(`count ${pages.join(',')}`);
    },
  );

  const client = await TestClient.create(app, { streams: { shardCount: 2 } });
  for (const page of ['/home', '/cart', 'not a page', '/pay'])
    client.streams.putRecord('clicks', { data: page, partitionKey: 'user-1' });
  await client.advance(1000);
  for (const message of client.runner.queue.messages('lost-clicks')) {
    const { requestContext, KinesisBatchInfo } = JSON.parse(message.body) as {
      requestContext: { condition: string };
      KinesisBatchInfo: { shardId: string; batchSize: number };
    };
    say(`lost ${KinesisBatchInfo.batchSize} record(s) of ${KinesisBatchInfo.shardId}: ${requestContext.condition}`);
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
