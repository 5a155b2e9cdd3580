import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { afterEach, describe, expect, it } from 'vitest';
import { InProcessBus } from '../../../src/adapters/bus/inProcessBus.js';
import { KinesisShardSource } from '../../../src/adapters/kinesis/kinesisShardSource.js';
import { SqliteEventStore } from '../../../src/adapters/sqlite/sqliteEventStore.js';
import { App } from '../../../src/app/chalice/app.js';
import type { KinesisEvent } from '../../../src/app/chalice/batchEvents.js';
import { isStatebridgeError } from '../../../src/core/errors.js';
import { runApp } from '../../../src/local/chalice/appRunner.js';
import { createRuntime } from '../../../src/runtime/runtime.js';
import { VirtualClock } from '../../../src/runtime/virtualClock.js';
import {
  startKinesalite,
  type Kinesalite,
  type KinesisFault,
  type KinesisFaultRule,
} from '../../support/kinesaliteServer.js';
import { tempDbPaths } from '../../support/tempFiles.js';

const dbPath = tempDbPaths('kinesis-read-faults');
let kinesis: Kinesalite | undefined;
afterEach(async () => {
  await kinesis?.close();
  kinesis = undefined;
});

/** One delivered record: its stream, shard, sequence number and data. */
interface Seen {
  readonly stream: string;
  readonly shard: string;
  readonly sequence: bigint;
  readonly data: string;
}

/** An app with one Kinesis function per stream, on a SQLite file, reading kinesalite through its API. */
async function runReaders(server: Kinesalite, streams: readonly string[], clock: VirtualClock, pollIntervalMs = 1000) {
  const app = new App('readers');
  const seen: Seen[] = [];
  for (const stream of streams) {
    const handler = (event: KinesisEvent) => {
      for (const record of event) {
        const [shard = '', sequence = '0'] = record.toDict().eventID.split(':');
        seen.push({ stream, shard, sequence: BigInt(sequence), data: new TextDecoder().decode(record.data) });
      }
    };
    app.onKinesisMessage({ stream, name: `read_${stream}`, startingPosition: 'TRIM_HORIZON', batchSize: 5 }, handler);
  }
  const runtimeErrors: unknown[] = [];
  const readErrors: unknown[] = [];
  const runtime = createRuntime({
    store: new SqliteEventStore({ path: dbPath() }),
    clock,
    onError: (e) => runtimeErrors.push(e),
  });
  const runner = await runApp(app, {
    runtime,
    bus: new InProcessBus({ clock }),
    log: () => undefined,
    streams: {
      kinesis: (streamName) => new KinesisShardSource({ client: server.client, streamName }),
      onError: (e) => readErrors.push(e),
      pollIntervalMs,
    },
  });
  clock.attach(runtime);
  clock.attach(runner);
  return { runtime, seen, runtimeErrors, readErrors };
}

async function put(server: Kinesalite, stream: string, data: readonly string[]): Promise<void> {
  const records = data.map((d) => ({ Data: new TextEncoder().encode(d), PartitionKey: d.split('#')[0] ?? d }));
  const result = await server.client.send(new PutRecordsCommand({ StreamName: stream, Records: records }));
  expect(result.FailedRecordCount ?? 0).toBe(0);
}

/** Advance the clock a second at a time until `count` records are seen (or ten minutes have passed). */
async function advanceUntilSeen(clock: VirtualClock, seen: readonly Seen[], count: number): Promise<void> {
  for (let second = 0; second < 600 && seen.length < count; second += 1) await clock.advance(1000);
}

/** Every record of `sent` delivered exactly once, and each shard's records in sequence order. */
function expectEachOnceInShardOrder(seen: readonly Seen[], sent: ReadonlyMap<string, readonly string[]>): void {
  for (const [stream, data] of sent) {
    const mine = seen.filter((s) => s.stream === stream);
    expect(mine.map((s) => s.data).sort()).toEqual([...data].sort());
    for (const shard of new Set(mine.map((s) => s.shard))) {
      const sequences = mine.filter((s) => s.shard === shard).map((s) => s.sequence);
      expect(sequences).toEqual([...sequences].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    }
  }
}

/** Fail every call of `operations` with the faults in turn, while `on()` holds. */
function cycling(operations: readonly string[], faults: readonly KinesisFault[], on: () => boolean): KinesisFaultRule {
  let calls = 0;
  return (operation) => {
    if (!on() || !operations.includes(operation)) return undefined;
    calls += 1;
    return faults[calls % faults.length];
  };
}

const ALL_FAULTS: readonly KinesisFault[] = ['internalError', 'throttled', 'dropConnection'];
const data = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `${prefix}-${(from + i) % 7}#${from + i}`);

describe('a Kinesis mapping while the Kinesis API fails', () => {
  for (const operation of ['GetRecords', 'GetShardIterator']) {
    it(`reports ${operation} failures, keeps polling, then delivers every record once in shard order`, async () => {
      kinesis = await startKinesalite();
      await kinesis.createStream('clicks', 3);
      const sent = data('user', 0, 40);
      await put(kinesis, 'clicks', sent.slice(0, 20));
      let faulty = true;
      kinesis.injectFaults(cycling([operation], ALL_FAULTS, () => faulty));
      const clock = new VirtualClock();
      const readers = await runReaders(kinesis, ['clicks'], clock);

      for (let second = 0; second < 30; second += 1) await clock.advance(1000);
      expect(readers.seen).toEqual([]);
      for (const fault of ALL_FAULTS) expect(kinesis.faultsAnswered.get(`${operation}:${fault}`)).toBeGreaterThan(1);
      expect(readers.readErrors.length).toBeGreaterThan(3);
      expect(readers.readErrors.every((e) => isStatebridgeError(e))).toBe(true);
      expect(String(readers.readErrors.map((e) => (e as Error).message))).toContain(operation);

      await put(kinesis, 'clicks', sent.slice(20));
      faulty = false;
      await advanceUntilSeen(clock, readers.seen, sent.length);
      await clock.advance(10_000);
      expectEachOnceInShardOrder(readers.seen, new Map([['clicks', sent]]));
      expect(readers.runtimeErrors).toEqual([]);
      await readers.runtime.close();
    });
  }

  it('keeps many shards of several streams going through intermittent faults of every read call', async () => {
    kinesis = await startKinesalite();
    const streams = ['clicks', 'views', 'orders'];
    for (const stream of streams) await kinesis.createStream(stream, 5);
    const sent = new Map(streams.map((stream) => [stream, data(stream, 0, 90)] as const));
    for (const stream of streams) await put(kinesis, stream, sent.get(stream)?.slice(0, 30) ?? []);
    let faulty = true;
    // Two calls in three fail: some reads get through, so records arrive while the faults go on.
    const faults: KinesisFault[] = ['internalError', 'throttled', 'dropConnection'];
    let calls = 0;
    kinesis.injectFaults((operation) => {
      if (!faulty || !['ListShards', 'GetShardIterator', 'GetRecords'].includes(operation)) return undefined;
      calls += 1;
      return calls % 3 === 0 ? undefined : faults[Math.floor(calls / 3) % faults.length];
    });
    const clock = new VirtualClock();
    const readers = await runReaders(kinesis, streams, clock, 5000);

    for (let round = 1; round < 3; round += 1) {
      await clock.advance(20_000);
      for (const stream of streams)
        await put(kinesis, stream, sent.get(stream)?.slice(round * 30, round * 30 + 30) ?? []);
    }
    await clock.advance(20_000);
    expect(readers.seen.length).toBeGreaterThan(0);
    expect(readers.readErrors.length).toBeGreaterThan(10);
    const answered = [...kinesis.faultsAnswered.keys()];
    for (const operation of ['ListShards', 'GetShardIterator', 'GetRecords'])
      expect(answered.some((key) => key.startsWith(`${operation}:`))).toBe(true);
    for (const fault of faults) expect(answered.some((key) => key.endsWith(`:${fault}`))).toBe(true);

    faulty = false;
    await advanceUntilSeen(clock, readers.seen, 270);
    await clock.advance(30_000);
    expectEachOnceInShardOrder(readers.seen, sent);
    expect(readers.runtimeErrors).toEqual([]);
    await readers.runtime.close();
  });
});
