import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SqliteEventStore } from '../../src/adapters/sqlite/sqliteEventStore.js';
import { earliestDue, type StepRecord } from '../../src/core/stepRecord.js';
import { fixtureStep, fixtureTemplate as template, pendingWork } from '../support/fixtureSteps.js';
import { withReadOnlyDatabase, withStore } from '../support/sqliteConnections.js';
import { tempDbPaths } from '../support/tempFiles.js';

const dbPath = tempDbPaths('batched-index-rows');

/** A step of `stream` leaving `commands` pending commands and timers due at `dues`. */
const change = fc.record({
  stream: fc.integer({ min: 0, max: 4 }),
  commands: fc.integer({ min: 0, max: 2 }),
  dues: fc.array(
    fc.integer({ min: 1, max: 5 }).map((d) => d * 10),
    { maxLength: 2 },
  ),
  done: fc.boolean(),
});

function step(streamId: string, version: number, commands: number, dues: readonly number[], done: boolean): StepRecord {
  return fixtureStep(streamId, version, {
    links: { correlationId: streamId },
    state: { ...template.state, status: done ? 'done' : 'active' },
    pending: pendingWork(streamId, `${streamId}#${version}`, commands, dues),
  });
}

type WorkRow = { stream_id: string; pending_commands: number; next_due: number | null };

/** The work and instance rows the latest heads call for, as the file would hold them after each step alone. */
function expected(heads: ReadonlyMap<string, StepRecord>) {
  const work: WorkRow[] = [];
  const instances: string[] = [];
  for (const [id, head] of [...heads].sort(([a], [b]) => a.localeCompare(b))) {
    const { commands, timers } = head.pending;
    if (commands.length > 0 || timers.length > 0) {
      work.push({ stream_id: id, pending_commands: commands.length, next_due: earliestDue(head) ?? null });
    }
    instances.push(`${id} v${head.version} ${head.state.status} ${head.at}`);
  }
  return { work, instances };
}

async function actual(store: SqliteEventStore, path: string) {
  const work = withReadOnlyDatabase(path, (db) =>
    db.prepare<[], WorkRow>('SELECT stream_id, pending_commands, next_due FROM work ORDER BY stream_id').all(),
  );
  const page = await store.listInstances({ limit: 100 });
  const instances = page.items.map((s) => `${s.instanceId} v${s.version} ${s.status} ${s.updatedAt}`).sort();
  return { work, instances };
}

describe('the index rows of SQLite batches, written together when each transaction ends', () => {
  it('match the latest heads after any batches of steps, new streams and streams stepped twice in one batch', () =>
    fc.assert(
      fc.asyncProperty(fc.array(fc.array(change, { minLength: 1, maxLength: 6 }), { maxLength: 6 }), (batches) => {
        const path = dbPath();
        return withStore(path, async (store) => {
          const heads = new Map<string, StepRecord>();
          for (const batch of batches) {
            // Appended in one tick: one transaction, where a stream may take several steps in order.
            const appends = batch.map(({ stream, commands, dues, done }) => {
              const id = `s${stream}`;
              const version = (heads.get(id)?.version ?? 0) + 1;
              const record = step(id, version, commands, dues, done);
              heads.set(id, record);
              return store.append(record, version - 1);
            });
            await Promise.all(appends);
            expect(await actual(store, path)).toEqual(expected(heads));
            const dueBy = 30;
            const listed = (await store.listWork({ dueBy, limit: 100 })).map((h) => `${h.streamId} v${h.version}`);
            const wanted = expected(heads)
              .work.filter((w) => w.pending_commands > 0 || (w.next_due !== null && w.next_due <= dueBy))
              .map((w) => `${w.stream_id} v${heads.get(w.stream_id)!.version}`);
            expect(listed.sort()).toEqual(wanted);
          }
        });
      }),
      { numRuns: 40 },
    ));
});
