import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InProcessBus } from '../src/adapters/bus/inProcessBus.js';
import { MemoryEventStore } from '../src/adapters/memory/memoryEventStore.js';
import { SqliteEventStore } from '../src/adapters/sqlite/sqliteEventStore.js';
import { App } from '../src/app/chalice/app.js';
import type { SQSEvent } from '../src/app/chalice/batchEvents.js';
import { sqsRecordOf } from '../src/app/chalice/recordEvents.js';
import type { FunctionContext } from '../src/app/functions/defineFunction.js';
import { runApp } from '../src/local/chalice/appRunner.js';
import type { EventStore } from '../src/ports/eventStore.js';
import { createRuntime } from '../src/runtime/runtime.js';
import { systemClock } from '../src/runtime/systemClock.js';
import { compareRates, type BenchRow } from './measure.js';

/** Messages sent per measured call, delivered in batches of BATCH_SIZE. */
const MESSAGES = 100;
const BATCH_SIZE = 10;
const BODIES = Array.from({ length: MESSAGES }, (_, i) => JSON.stringify({ order: i, sku: `sku-${i % 7}` }));

/** The worker both sides run: it reads every message, as a real one would. */
function appWithWorker(seen: { count: number }): App {
  const app = new App('bench');
  app.onSqsMessage({ queue: 'jobs', batchSize: BATCH_SIZE }, function work(event: SQSEvent) {
    for (const record of event) seen.count += (JSON.parse(record.body) as { order: number }).order >= 0 ? 1 : 0;
  });
  return app;
}

/**
 * SQS messages/s end to end through a running App — sent to the embedded queue, gathered into batches,
 * each batch an asynchronous invocation whose steps are committed to the store — against a bare loop
 * calling the same registered handler (event parsing and wrapper included) over the same batches.
 */
export async function benchAppSqs(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'statebridge-app-sqs-'));
  try {
    const rows: BenchRow[] = [];
    const stores: [string, EventStore, boolean][] = [
      ['memory', new MemoryEventStore(), false],
      ['sqlite', new SqliteEventStore({ path: join(dir, 'app.db') }), false],
      // As `start --app --db FILE`: every message and receive kept in the log too.
      ['sqlite, queue kept', new SqliteEventStore({ path: join(dir, 'kept.db') }), true],
    ];
    for (const [label, store, keep] of stores) rows.push(...(await measure(label, store, keep)));
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measure(label: string, store: EventStore, keepSourcesInLog: boolean): Promise<BenchRow[]> {
  const seen = { count: 0 };
  const app = appWithWorker(seen);
  const runtime = createRuntime({ store, clock: systemClock });
  const bus = new InProcessBus({ clock: systemClock });
  const runner = await runApp(app, { runtime, bus, log: () => undefined, keepSourcesInLog });
  const throughApp = async () => {
    const before = seen.count;
    for (const body of BODIES) await runner.queue.send('jobs', { body });
    // Batching window 0: every batch is due at once; each settles when its invocation's attempt does.
    while (seen.count - before < MESSAGES) {
      await runner.fireDue(systemClock.now());
      await runtime.idle();
      await runner.idle();
    }
    return MESSAGES;
  };
  const handler = app.registration('work')!.fn.handler as (event: unknown, ctx: FunctionContext) => unknown;
  const bareLoop = async () => {
    const now = Date.now();
    for (let i = 0; i < MESSAGES; i += BATCH_SIZE) {
      const Records = BODIES.slice(i, i + BATCH_SIZE).map((body) =>
        sqsRecordOf({ queue: 'jobs', body, sentAt: now, at: now }),
      );
      await handler({ Records }, contextOf(`bare-${i}`));
    }
    return MESSAGES;
  };
  const [appRate, bareRate] = await compareRates(throughApp, bareLoop, { rounds: 5, ms: 600 });
  await runtime.close();
  return [
    { name: `app sqs end to end (${label})`, value: appRate, unit: 'msgs/s' },
    { name: `bare loop, same handler (${label} run)`, value: bareRate, unit: 'msgs/s' },
    { name: `app / bare (${label})`, value: appRate / bareRate, unit: 'x' },
  ];
}

function contextOf(requestId: string): FunctionContext {
  return {
    requestId,
    attempt: 1,
    functionName: 'work',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:work:$LATEST',
    getRemainingTimeInMillis: () => 3000,
    throttle: () => {
      throw new Error('the bare loop does not throttle');
    },
    fail: (error) => {
      throw error;
    },
  };
}
