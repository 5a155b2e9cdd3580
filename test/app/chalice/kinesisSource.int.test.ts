import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { afterEach, describe, expect, it } from 'vitest';
import { InProcessBus } from '../../../src/adapters/bus/inProcessBus.js';
import { KinesisShardSource } from '../../../src/adapters/kinesis/kinesisShardSource.js';
import { SqliteEventStore } from '../../../src/adapters/sqlite/sqliteEventStore.js';
import { App } from '../../../src/app/chalice/app.js';
import type { KinesisEvent } from '../../../src/app/chalice/batchEvents.js';
import { runApp } from '../../../src/local/chalice/appRunner.js';
import { createRuntime } from '../../../src/runtime/runtime.js';
import { VirtualClock } from '../../../src/runtime/virtualClock.js';
import { startKinesalite, type Kinesalite } from '../../support/kinesaliteServer.js';
import { tempDbPaths } from '../../support/tempFiles.js';

const dbPath = tempDbPaths('kinesis-source');
let kinesis: Kinesalite | undefined;
afterEach(async () => {
  await kinesis?.close();
  kinesis = undefined;
});

/** An app counting the records of `clicks`, run on a SQLite file and reading kinesalite's stream. */
async function runClicks(path: string, server: Kinesalite, clock: VirtualClock, seen: string[]) {
  const app = new App('clicks');
  app.onKinesisMessage(
    { stream: 'clicks', startingPosition: 'TRIM_HORIZON', batchSize: 4 },
    function count(event: KinesisEvent) {
      for (const record of event) seen.push(new TextDecoder().decode(record.data));
    },
  );
  const errors: unknown[] = [];
  const runtime = createRuntime({ store: new SqliteEventStore({ path }), clock, onError: (e) => errors.push(e) });
  const runner = await runApp(app, {
    runtime,
    bus: new InProcessBus({ clock }),
    log: () => undefined,
    streams: { kinesis: (streamName) => new KinesisShardSource({ client: server.client, streamName }) },
  });
  clock.attach(runtime);
  clock.attach(runner);
  return { runtime, errors };
}

async function put(server: Kinesalite, data: readonly string[]): Promise<void> {
  const records = data.map((d) => ({ Data: new TextEncoder().encode(d), PartitionKey: d.split('#')[0] ?? d }));
  const result = await server.client.send(new PutRecordsCommand({ StreamName: 'clicks', Records: records }));
  expect(result.FailedRecordCount ?? 0).toBe(0);
}

describe('Kinesis source on a Kinesis API (kinesalite)', () => {
  it('reads every shard in order, checkpoints in SQLite, and resumes after a restart', async () => {
    kinesis = await startKinesalite();
    await kinesis.createStream('clicks', 3);
    const path = dbPath();
    const sent = Array.from({ length: 30 }, (_, i) => `user-${i % 6}#${i}`);
    await put(kinesis, sent.slice(0, 20));

    const clock = new VirtualClock();
    const firstSeen: string[] = [];
    const first = await runClicks(path, kinesis, clock, firstSeen);
    await clock.advance(5_000);
    expect([...firstSeen].sort()).toEqual([...sent.slice(0, 20)].sort());
    for (let user = 0; user < 6; user += 1) {
      const mine = (list: readonly string[]) => list.filter((d) => d.startsWith(`user-${user}#`));
      expect(mine(firstSeen)).toEqual(mine(sent.slice(0, 20)));
    }
    expect(first.errors).toEqual([]);
    await first.runtime.close();

    await put(kinesis, sent.slice(20));
    const later = new VirtualClock(clock.now() + 60_000);
    const secondSeen: string[] = [];
    const second = await runClicks(path, kinesis, later, secondSeen);
    await later.advance(5_000);
    expect([...secondSeen].sort()).toEqual([...sent.slice(20)].sort());
    expect(second.errors).toEqual([]);
    await second.runtime.close();
  });
});
