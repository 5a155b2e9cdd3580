import { InProcessBus } from '../../adapters/bus/inProcessBus.js';
import { MemoryEventStore } from '../../adapters/memory/memoryEventStore.js';
import { App } from '../../app/chalice/app.js';
import { Rate } from '../../app/chalice/scheduleExpressions.js';
import type { Demo } from '../../app/environment.js';
import type { EventStore } from '../../ports/eventStore.js';
import { createRuntime } from '../../runtime/runtime.js';
import { VirtualClock } from '../../runtime/virtualClock.js';
import { deliveryFunctionOf, deliverySourceOf } from '../../local/chalice/deliverySource.js';
import { runApp } from '../../local/chalice/appRunner.js';

/** The demo's App: a schedule, an upload hook and a queue worker, each printing what it got. */
function demoApp(log: (line: string) => void): App {
  const app = new App('demo-media');
  app.schedule(new Rate(5, Rate.MINUTES), function everyFive(event) {
    log(`  everyFive ran for ${event.time}`);
  });
  app.onS3Event({ bucket: 'demo-img', prefix: 'images/', suffix: '.jpg' }, function thumbnail(event) {
    log(`  thumbnail got s3://${event.bucket}/${event.key}`);
  });
  app.onSqsMessage({ queue: 'demo-jobs', batchSize: 10, maximumBatchingWindowInSeconds: 5 }, function work(event) {
    log(`  work got a batch of ${[...event].map((r) => r.body).join(', ')}`);
  });
  return app;
}

/**
 * `npm start` demo: an App in Chalice's model with a schedule, an S3 upload and an SQS batch. It runs on
 * its own memory store and virtual clock, so five minutes of schedule pass in milliseconds and the
 * runtime's own schedules are untouched; `statebridge start --app FILE` runs an App on the served store.
 */
export const appDemo: Demo = {
  name: 'app (schedule, S3 upload, SQS batch)',
  description:
    'App demo-media: everyFive on rate(5 minutes), thumbnail on demo-img uploads under images/*.jpg, ' +
    'work on demo-jobs in batches of up to 10 gathered for 5 s',
  async run(env) {
    const clock = new VirtualClock(env.clock.now());
    const store = new MemoryEventStore();
    const runtime = createRuntime({ store, clock });
    const runner = await runApp(demoApp(env.log), { runtime, bus: new InProcessBus({ clock }), log: () => undefined });
    clock.attach(runtime);
    clock.attach(runner);
    env.log('clock: virtual — 5 minutes pass in a few milliseconds');
    await runner.bucket.putObject('demo-img', 'images/cat.jpg', 'bytes');
    await runner.bucket.putObject('demo-img', 'notes/readme.txt', 'not an image: no function runs');
    for (const body of ['a', 'b', 'c']) await runner.queue.send('demo-jobs', { body });
    await clock.advance(5 * 60_000);
    await runtime.idle();
    env.log('deliveries (each an async invocation with retries, destinations and a timeline):');
    for (const line of await describeDeliveries(store)) env.log(line);
    env.log('your own App: statebridge start --app app.ts; statebridge emit s3 --bucket B --key K; ls --source s3:B');
    await runtime.close();
  },
};

/** One line per delivery, oldest first: the function, where it stands, and the source that started it. */
async function describeDeliveries(store: EventStore): Promise<string[]> {
  const page = await store.listInstances({ machineId: 'asyncInvocation', limit: 50 });
  const lines: string[] = [];
  for (const item of [...page.items].reverse()) {
    const head = await store.readHead(item.instanceId);
    if (head === undefined) continue;
    const fn = deliveryFunctionOf(head) ?? '?';
    lines.push(`  ${item.instanceId}  ${fn.padEnd(10)} ${item.state.padEnd(6)} ← ${deliverySourceOf(head) ?? '?'}`);
  }
  return lines;
}
