import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryWorkIndex } from '../../src/adapters/memory/memoryWorkIndex.js';
import type { StepRecord } from '../../src/core/stepRecord.js';
import { compareDue } from '../../src/adapters/storeQueries.js';
import { pendingWork } from '../support/fixtureSteps.js';

/** Only what the index reads of a head: its stream id and pending work. */
function headOf(streamId: string, commands: number, dues: readonly number[]): StepRecord {
  return { streamId, pending: pendingWork(streamId, streamId, commands, dues) } as unknown as StepRecord;
}

const update = fc.record({
  stream: fc.integer({ min: 0, max: 11 }),
  commands: fc.integer({ min: 0, max: 1 }),
  // Few distinct due times, so keys come back after they were left, and ties order by stream id.
  dues: fc.array(
    fc.integer({ min: 0, max: 6 }).map((d) => d * 10),
    { maxLength: 2 },
  ),
});

describe('MemoryWorkIndex', () => {
  it('answers every query as a full scan of the latest heads would, after any sequence of updates', () => {
    fc.assert(
      fc.property(fc.array(update, { maxLength: 400 }), fc.integer({ min: 0, max: 70 }), (updates, dueBy) => {
        const index = new MemoryWorkIndex();
        const latest = new Map<string, { commands: number; due: number | undefined }>();
        for (const u of updates) {
          const id = `s-${u.stream}`;
          index.update(headOf(id, u.commands, u.dues));
          latest.set(id, { commands: u.commands, due: u.dues.length === 0 ? undefined : Math.min(...u.dues) });
        }
        const expected = [...latest]
          .filter(([, w]) => w.due !== undefined)
          .map(([streamId, w]) => ({ dueAt: w.due!, streamId }))
          .sort(compareDue);
        expect(index.nextDue()).toBe(expected[0]?.dueAt);
        const dueByThen = expected.filter((e) => e.dueAt <= dueBy);
        expect(index.due({ dueBy, limit: 1000 })).toEqual(dueByThen);
        // Paging with `after` walks the same entries, three at a time.
        const paged: typeof expected = [];
        for (let page = index.due({ dueBy, limit: 3 }); page.length > 0;) {
          paged.push(...page);
          page = index.due({ dueBy, limit: 3, after: page[page.length - 1]! });
        }
        expect(paged).toEqual(dueByThen);
        const withCommands = [...latest].filter(([, w]) => w.commands > 0).map(([id]) => id);
        expect(new Set(index.work({ dueBy, limit: 1000 }))).toEqual(
          new Set([...withCommands, ...dueByThen.map((e) => e.streamId)]),
        );
      }),
      { numRuns: 300 },
    );
  });
});
