// An App in Chalice's model, run with the test client: a schedule, an upload hook, a queue worker and a plain function.
import { App, Rate, type S3Event, type SQSEvent } from '../../src/index.js';
import { TestClient } from '../../src/testing/index.js';

/** Build the app, exercise each source, and return what happened as lines. */
export async function main(log: (line: string) => void = console.log): Promise<string[]> {
  const lines: string[] = [];
  const say = (line: string) => {
    lines.push(line);
    log(line);
  };
  const app = new App('media');
  app.schedule(new Rate(5, Rate.MINUTES), function everyFive(event) {
    say(`everyFive at ${event.time}`);
  });
  app.onS3Event({ bucket: 'img', prefix: 'images/', suffix: '.jpg' }, function resize(event: S3Event) {
    say(`resize ${event.bucket}/${event.key}`);
  });
  app.onSqsMessage({ queue: 'jobs', batchSize: 10, maximumBatchingWindowInSeconds: 5 }, function work(event: SQSEvent) {
    say(`work got ${[...event].map((r) => r.body).join(',')}`);
  });
  app.lambdaFunction((event) => ({ hello: event }), { name: 'greet' });

  const client = await TestClient.create(app);
  const { payload } = await client.lambda.invoke('greet', 'world');
  say(`greet answered ${JSON.stringify(payload)}`);
  await client.runner.bucket.putObject('img', 'images/red flower.jpg', 'bytes');
  await client.runner.queue.send('jobs', { body: 'a' });
  await client.runner.queue.send('jobs', { body: 'b' });
  await client.advance(5 * 60_000);
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
