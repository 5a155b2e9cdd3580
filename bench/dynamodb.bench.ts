import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamodbEventStore, ensureTable } from '../src/adapters/dynamodb/index.js';
import { toItem } from '../src/adapters/dynamodb/stepItem.js';
import { MemoryEventStore } from '../src/adapters/memory/memoryEventStore.js';
import type { StepRecord } from '../src/core/stepRecord.js';
import { createRuntime } from '../src/runtime/runtime.js';
import { counter } from '../test/runtime/fixtures/counterMachine.js';
import { median, opsPerSecond, type BenchRow } from './measure.js';

const INSTANCES = 16;

/**
 * dynalite in its own process, as DynamoDB is on another machine: its CPU does not compete with the
 * runtime's on this event loop, which would otherwise penalise whichever workload does more local work.
 */
async function startDynalite(): Promise<{ endpoint: string; stop(): void }> {
  const script =
    `require('dynalite')({ createTableMs: 0 }).listen(0, ` +
    `'127.0.0.1', function () { console.log(this.address().port) })`;
  const child = spawn(process.execPath, ['-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
  return { endpoint: `http://127.0.0.1:${chunk.toString().trim()}`, stop: () => child.kill() };
}

const clientFor = (endpoint: string) =>
  new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });

/** A real INC step record of the counter, the template for the bare loop's items. */
async function counterStep(): Promise<StepRecord> {
  const runtime = createRuntime({ store: new MemoryEventStore() }).register(counter);
  await runtime.start('counter', 'template', undefined);
  return (await runtime.send('template', { type: 'INC' })).record;
}

/**
 * Bare conditional PutItem calls/s against runtime `send` steps/s over the DynamoDB store, both with
 * 16 streams written in parallel, measured alternately (median of 5 rounds each) in one run.
 */
export async function benchDynamodb(): Promise<{ rows: BenchRow[] }> {
  const server = await startDynalite();
  const clients: DynamoDBClient[] = [];
  // Closed before the server stops: a runtime left open keeps looking for due timers in a table that is gone.
  const runtimes: ReturnType<typeof createRuntime>[] = [];
  const table = async (name: string) => {
    const client = clientFor(server.endpoint);
    clients.push(client);
    await ensureTable(client, name);
    return client;
  };
  try {
    // (a) The same item the runtime writes for a counter step, one conditional put per step.
    const bareClient = await table('bench-bare');
    const template = await counterStep();
    const versions = new Array<number>(INSTANCES).fill(0);
    const bare = async () => {
      await Promise.all(
        versions.map((v, i) => {
          versions[i] = v + 1;
          const record: StepRecord = { ...template, streamId: `bare-${i}`, version: v + 1, eventId: randomUUID() };
          const item = toItem(record, JSON.stringify(record));
          return bareClient.send(
            new PutItemCommand({
              TableName: 'bench-bare',
              Item: item,
              ConditionExpression: 'attribute_not_exists(#pk)',
              ExpressionAttributeNames: { '#pk': 'pk' },
            }),
          );
        }),
      );
      return INSTANCES;
    };

    // (b) The runtime: by default one conditional put per step (readForStep answers from the snapshot cache);
    // with the cache off, head and event look-up run in parallel before the put.
    const runtimeSteps = async (name: string, snapshotCache: boolean) => {
      const store = new DynamodbEventStore({ client: await table(name), tableName: name, snapshotCache });
      const runtime = createRuntime({ store }).register(counter);
      runtimes.push(runtime);
      const ids = Array.from({ length: INSTANCES }, (_, i) => `${name}-${i}`);
      await Promise.all(ids.map((id) => runtime.start('counter', id, undefined)));
      return async () => {
        await Promise.all(ids.map((id) => runtime.send(id, { type: 'INC' })));
        await runtime.idle();
        return INSTANCES;
      };
    };
    const cached = await runtimeSteps('bench-cached', true);
    const uncached = await runtimeSteps('bench-uncached', false);

    const rates: [number[], number[], number[]] = [[], [], []];
    for (let round = 0; round < 5; round += 1) {
      rates[0].push(await opsPerSecond(bare, 800));
      rates[1].push(await opsPerSecond(cached, 800));
      rates[2].push(await opsPerSecond(uncached, 800));
    }
    const [put, withCache, noCache] = rates.map(median) as [number, number, number];
    return {
      rows: [
        { name: 'dynalite bare conditional PutItem/s (16 streams in parallel)', value: put, unit: 'puts/s' },
        { name: 'dynamodb runtime steps/s, default (put only)', value: withCache, unit: 'steps/s' },
        { name: 'dynamodb runtime steps/s, cache off (reads ‖, then put)', value: noCache, unit: 'steps/s' },
        { name: 'dynamodb runtime (default) / bare PutItem', value: withCache / put, unit: 'ratio (target ≥ 0.80)' },
        { name: 'dynamodb runtime (cache off) / bare PutItem', value: noCache / put, unit: 'ratio' },
      ],
    };
  } finally {
    await Promise.all(runtimes.map((runtime) => runtime.close()));
    for (const client of clients) client.destroy();
    server.stop();
  }
}
