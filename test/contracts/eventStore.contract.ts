import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isConcurrencyConflict, PayloadTooLargeError } from '../../src/core/errors.js';
import type { StepRecord } from '../../src/core/stepRecord.js';
import type { EventStore } from '../../src/ports/eventStore.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';
import { buildRecords, ticket } from './fixtureMachine.js';

/** A fresh, empty store and how to dispose of it. */
export interface StoreFixture {
  readonly store: EventStore;
  cleanup(): Promise<void>;
  /** Open the same data again (a restart); stores without persistence omit it. */
  reopen?(): Promise<EventStore>;
}

async function appendAll(store: EventStore, records: readonly StepRecord[]): Promise<void> {
  for (const record of records) await store.append(record, record.version - 1);
}

async function collect(iterable: AsyncIterable<StepRecord>): Promise<StepRecord[]> {
  const out: StepRecord[] = [];
  for await (const r of iterable) out.push(r);
  return out;
}

/** The event-store contract: every adapter passes the same suite. */
export function eventStoreContract(
  name: string,
  createFixture: () => Promise<StoreFixture>,
  options: { persistent: boolean },
): void {
  describe(`EventStore contract: ${name}`, () => {
    let fixture: StoreFixture;
    let store: EventStore;
    beforeEach(async () => {
      fixture = await createFixture();
      store = fixture.store;
    });
    afterEach(async () => fixture.cleanup());

    it('appends and reads back a stream in order, byte for byte', async () => {
      const records = buildRecords('s-1', [{ type: 'NOTE', text: 'héllo ✓ "quoted" \n' }, { type: 'SUBMIT' }]);
      await appendAll(store, records);
      expect(await collect(store.readStream('s-1'))).toEqual(records);
      expect(await store.readHead('s-1')).toEqual(records[2]);
      expect(await store.readHead('missing')).toBeUndefined();
      expect(await collect(store.readStream('missing'))).toEqual([]);
    });

    it('rejects a stale expected version with a conflict and writes nothing', async () => {
      const records = buildRecords('s-2', [{ type: 'SUBMIT' }, { type: 'sent' }]);
      await appendAll(store, records.slice(0, 2));
      const stale = buildRecords('s-2', [{ type: 'CLOSE' }]);
      const error = await store.append(stale[1]!, 0).catch((e: unknown) => e);
      expect(isConcurrencyConflict(error)).toBe(true);
      const again = await store.append(stale[1]!, 1).catch((e: unknown) => e);
      expect(isConcurrencyConflict(again)).toBe(true);
      expect((await store.readHead('s-2'))?.version).toBe(2);
      expect((await collect(store.readStream('s-2'))).map((r) => r.event.type)).toEqual(['xstate.init', 'SUBMIT']);
    });

    it('lets exactly one of two concurrent writers of the same version win', async () => {
      await appendAll(store, buildRecords('s-3', []));
      const a = buildRecords('s-3', [{ type: 'SUBMIT' }])[1]!;
      const b = buildRecords('s-3', [{ type: 'CLOSE' }])[1]!;
      const results = await Promise.allSettled([store.append(a, 1), store.append(b, 1)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((r) => r.status === 'rejected');
      expect(isConcurrencyConflict(rejected?.reason)).toBe(true);
    });

    it('finds which version applied an event id', async () => {
      await appendAll(store, buildRecords('s-4', [{ type: 'NOTE', text: 'x' }]));
      expect(await store.findEvent('s-4', 's-4-e1')).toBe(2);
      expect(await store.findEvent('s-4', 'nope')).toBeUndefined();
    });

    it('pages through a long stream', async () => {
      const events = Array.from({ length: 1200 }, (_, i) => ({ type: 'NOTE' as const, text: `n${i}` }));
      const records = buildRecords('s-long', events).map((r) => ({
        ...r,
        state: { ...r.state, context: { n: r.version } },
      }));
      await appendAll(store, records);
      const read = await collect(store.readStream('s-long', { pageSize: 100 }));
      expect(read.map((r) => r.version)).toEqual(records.map((r) => r.version));
      const tail = await collect(store.readStream('s-long', { fromVersion: 1150, pageSize: 7 }));
      expect(tail.map((r) => r.version)).toEqual(Array.from({ length: 52 }, (_, i) => 1150 + i));
    });

    it('lists instances by machine and status, paginated without gaps or repeats', async () => {
      for (let i = 0; i < 7; i += 1) {
        const events = i % 3 === 0 ? [{ type: 'CLOSE' as const }] : [];
        await appendAll(store, buildRecords(`list-${i}`, events, 1_700_000_000_000 + i * 10_000));
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listInstances({ machineId: 'ticket', limit: 3, ...(cursor ? { cursor } : {}) });
        expect(page.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.items.map((s) => s.instanceId));
        cursor = page.cursor;
      } while (cursor !== undefined);
      expect(seen).toEqual(['list-6', 'list-5', 'list-4', 'list-3', 'list-2', 'list-1', 'list-0']);
      const done = await store.listInstances({ status: 'done' });
      expect(done.items.map((s) => s.instanceId).sort()).toEqual(['list-0', 'list-3', 'list-6']);
      expect(done.items.every((s) => s.state === 'closed' && s.machineId === 'ticket')).toBe(true);
      const active = await store.listInstances({ machineId: 'ticket', status: 'active' });
      expect(active.items).toHaveLength(4);
      expect((await store.listInstances({ machineId: 'other' })).items).toEqual([]);
    });

    it('lists the instances of one source, paged, with the source in each summary', async () => {
      for (let i = 0; i < 6; i += 1) {
        const [first, ...rest] = buildRecords(`src-${i}`, [{ type: 'CLOSE' }], 1_700_000_000_000 + i * 10_000);
        const source = i % 2 === 0 ? 'sqs:jobs' : 's3:img';
        // The machine describes its source from the first step on; every later step repeats it.
        await appendAll(
          store,
          [first!, ...rest].map((r) => ({ ...r, about: { ...r.about, source } })),
        );
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listInstances({ source: 'sqs:jobs', limit: 2, ...(cursor ? { cursor } : {}) });
        expect(page.items.every((s) => s.source === 'sqs:jobs')).toBe(true);
        seen.push(...page.items.map((s) => s.instanceId));
        cursor = page.cursor;
      } while (cursor !== undefined);
      expect(seen).toEqual(['src-4', 'src-2', 'src-0']);
      expect((await store.listInstances({ source: 's3:img', status: 'done' })).items).toHaveLength(3);
      expect((await store.listInstances({ source: 'sns:none' })).items).toEqual([]);
    });

    it('indexes pending commands and due timers, and forgets them when the head clears them', async () => {
      const records = buildRecords('w-1', [{ type: 'SUBMIT' }, { type: 'sent' }], 1_000_000);
      await store.append(records[0]!, 0);
      expect(await store.nextTimerDue()).toBe(1_060_000);
      expect(await store.listWork({ dueBy: 1_059_999 })).toEqual([]);
      expect((await store.listWork({ dueBy: 1_060_000 })).map((h) => h.streamId)).toEqual(['w-1']);
      await store.append(records[1]!, 1);
      expect(await store.nextTimerDue()).toBeUndefined();
      const work = await store.listWork({ dueBy: 0 });
      expect(work.map((h) => h.pending.commands.map((c) => c.kind))).toEqual([['notify']]);
      await store.append(records[2]!, 2);
      expect(await store.listWork({ dueBy: Number.MAX_SAFE_INTEGER })).toEqual([]);
    });

    it('lists due timers from their own index in due order, paged, whatever the streams with commands', async () => {
      // Streams busy with commands come first in `listWork`; the due-timer query must not see them at all.
      for (let i = 0; i < 3; i += 1) await appendAll(store, buildRecords(`busy-${i}`, [{ type: 'SUBMIT' }], 500_000));
      const starts: [string, number][] = [
        ['t-c', 1_003_000],
        ['t-b', 1_001_000],
        ['t-a', 1_001_000],
        ['t-d', 1_000_000],
        ['t-late', 9_000_000],
      ];
      for (const [id, at] of starts) await store.append(buildRecords(id, [], at)[0]!, 0);
      const dueBy = 1_063_000;
      const seen: string[] = [];
      let after: { dueAt: number; streamId: string } | undefined;
      for (let pages = 0; pages < 10; pages += 1) {
        const page = await store.listDueTimers({ dueBy, limit: 2, ...(after === undefined ? {} : { after }) });
        expect(page.length).toBeLessThanOrEqual(2);
        if (page.length === 0) break;
        for (const row of page) expect(row.dueAt).toBe(Math.min(...row.head.pending.timers.map((t) => t.dueAt)));
        seen.push(...page.map((row) => row.head.streamId));
        const last = page[page.length - 1]!;
        after = { dueAt: last.dueAt, streamId: last.head.streamId };
      }
      expect(seen).toEqual(['t-d', 't-a', 't-b', 't-c']);
      expect((await store.listDueTimers({ dueBy: 1_060_999 })).map((row) => row.head.streamId)).toEqual(['t-d']);
      expect(await store.listDueTimers({ dueBy: 1_059_999 })).toEqual([]);
      // A position past `dueBy` (the last row of a page read with a later one) has nothing after it.
      expect(await store.listDueTimers({ dueBy: 1_061_000, after: { dueAt: 1_063_000, streamId: 't-c' } })).toEqual([]);
      // A head that clears its timer leaves the index.
      const closed = buildRecords('t-d', [{ type: 'CLOSE' }], 1_000_000);
      await store.append(closed[1]!, 1);
      expect((await store.listDueTimers({ dueBy, limit: 10 })).map((row) => row.head.streamId)).toEqual([
        't-a',
        't-b',
        't-c',
      ]);
      expect(await store.nextTimerDue()).toBe(1_061_000);
    });

    it('refuses an oversized step before writing anything', async () => {
      const runtime = createRuntime({ store, clock: new VirtualClock() }).register(ticket, {
        notify: async () => undefined,
      });
      const huge = 'x'.repeat(store.maxRecordBytes);
      await expect(runtime.start('ticket', 'big', { title: huge })).rejects.toBeInstanceOf(PayloadTooLargeError);
      expect(await store.readHead('big')).toBeUndefined();
    });

    it.skipIf(!options.persistent)(
      'keeps every acknowledged step across a reopen (persistent stores only)',
      async () => {
        const records = buildRecords('r-1', [{ type: 'SUBMIT' }]);
        await appendAll(store, records);
        const reopened = await fixture.reopen!();
        expect(await collect(reopened.readStream('r-1'))).toEqual(records);
        expect((await reopened.listWork({ dueBy: 0 })).map((h) => h.streamId)).toEqual(['r-1']);
      },
    );
  });
}
