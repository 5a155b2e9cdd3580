import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqliteEventStore.js';
import type { StepRecord } from '../../src/core/stepRecord.js';
import type { EventStore } from '../../src/ports/eventStore.js';
import { runKillableWorker } from '../support/killableWorker.js';
import { tempDbPaths } from '../support/tempFiles.js';
import { chainedFunctions } from './fixtures/chainedFunctions.js';

const tempDb = tempDbPaths('chained-crash');

interface Invocation {
  readonly records: readonly StepRecord[];
  readonly functionName: string;
  readonly sourceRequestId: string | undefined;
  /** The request ids of the invocations its deliveries started. */
  readonly delivered: readonly string[];
}

/** Every invocation in the file, by request id. */
async function invocations(store: EventStore): Promise<Map<string, Invocation>> {
  const out = new Map<string, Invocation>();
  let cursor: string | undefined;
  do {
    const page = await store.listInstances({ limit: 500, ...(cursor === undefined ? {} : { cursor }) });
    for (const { instanceId } of page.items) {
      const records: StepRecord[] = [];
      for await (const record of store.readStream(instanceId)) records.push(record);
      const input = (
        records[0]!.state.context as { input: { functionName: string; trigger: { sourceRequestId?: string } } }
      ).input;
      const delivered = records
        .filter((r) => r.event.type === 'destination.delivered')
        .map((r) => (r.event as unknown as { delivered: { requestId: string } }).delivered.requestId);
      const { sourceRequestId } = input.trigger;
      out.set(instanceId, { records, functionName: input.functionName, sourceRequestId, delivered });
    }
    cursor = page.cursor;
  } while (cursor !== undefined);
  return out;
}

describe('chained invocations on the SQLite file store', () => {
  it('commit each hand-off whole: after kill -9 and recovery each first started exactly one second', async () => {
    const path = tempDb();
    const acked: string[] = [];
    const { killed } = await runKillableWorker(
      join(import.meta.dirname, 'fixtures', 'chainedFunctionsWorker.ts'),
      [path, '16'],
      (line) => {
        acked.push(line.split(' ')[1]!);
        return acked.length >= 1500;
      },
    );
    expect(killed).toBe(true);

    const store = new SqliteEventStore({ path });
    const crashed = await invocations(store);
    await store.close();
    for (const id of acked) expect(crashed.has(id)).toBe(true);
    for (const [id, invocation] of crashed) {
      // An invocation's start and the dequeue that follows it are one commit.
      expect(invocation.records.map((r) => r.event.type).slice(0, 2)).toEqual(['xstate.init', 'dequeued']);
      // A hand-off is one commit: the second invocation exists exactly when the first records its delivery.
      if (invocation.functionName === 'second')
        expect(crashed.get(invocation.sourceRequestId!)?.delivered).toEqual([id]);
      for (const started of invocation.delivered) expect(crashed.get(started)?.sourceRequestId).toBe(id);
    }
    const handedOff = [...crashed.values()].filter((i) => i.delivered.length > 0).length;
    expect(handedOff).toBeGreaterThan(0);

    const errors: unknown[] = [];
    const restarted = chainedFunctions(path, (error) => errors.push(error));
    await restarted.runtime.recover();
    await restarted.runtime.idle();
    const recovered = await invocations(restarted.runtime.store);
    await restarted.runtime.close();
    expect(errors).toEqual([]);
    const firsts = [...recovered.entries()].filter(([, i]) => i.functionName === 'first');
    const seconds = [...recovered.entries()].filter(([, i]) => i.functionName === 'second');
    expect(firsts.length).toBe(crashed.size - [...crashed.values()].filter((i) => i.functionName === 'second').length);
    expect(seconds.length).toBe(firsts.length);
    for (const [id, first] of firsts) {
      expect(first.delivered).toHaveLength(1);
      expect(recovered.get(first.delivered[0]!)?.sourceRequestId).toBe(id);
      expect(first.records.at(-1)?.state.status).toBe('done');
    }
    for (const [, second] of seconds) expect(second.records.at(-1)?.state.status).toBe('done');
  }, 120_000);
});
