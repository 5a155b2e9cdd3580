import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqliteEventStore.js';
import { ChainReader } from '../../src/timeline/chainReader.js';
import { renderTimeline } from '../../src/timeline/renderTimeline.js';
import { decide } from '../../src/core/step.js';
import type { StepRecord } from '../../src/core/stepRecord.js';
import type { EventStore } from '../../src/ports/eventStore.js';
import { ticket } from '../contracts/fixtureMachine.js';

const EVENTS = 10_000;
let store: SqliteEventStore;

/** Append a long history in chunks (one group commit per chunk) without holding it all. */
async function appendHistory(id: string, count: number, correlationId = id): Promise<void> {
  let head: StepRecord | undefined;
  for (let v = 1; v <= count; v += 1000) {
    const writes: Promise<void>[] = [];
    for (let i = v; i < Math.min(v + 1000, count + 1); i += 1) {
      const record = decide({
        definition: ticket,
        streamId: id,
        head,
        eventId: `${id}-${i}`,
        event: i === 1 ? { type: 'xstate.init', input: { title: 'long' } } : { type: 'PING', n: i },
        origin: i === 1 ? { kind: 'start' } : { kind: 'external' },
        at: 1_700_000_000_000 + i,
        links: { correlationId },
      }).record;
      writes.push(store.append(record, i - 1));
      head = record;
    }
    await Promise.all(writes);
  }
}

/** Counts records handed out by the store that the renderer has not written yet. */
function countingStore(inner: EventStore, onYield: () => void): EventStore {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop !== 'readStream') return Reflect.get(target, prop, receiver) as unknown;
      return async function* (id: string, options?: object) {
        for await (const record of target.readStream(id, options)) {
          onYield();
          yield record;
        }
      };
    },
  });
}

beforeAll(async () => {
  store = new SqliteEventStore({ path: join(mkdtempSync(join(tmpdir(), 'sb-stream-')), 'long.db') });
  await appendHistory('long-1', EVENTS);
}, 120_000);
afterAll(async () => {
  await store.close();
});

describe('a 10,000-event timeline', () => {
  it('is rendered one record at a time: the renderer never holds more than one unwritten record', async () => {
    let yielded = 0;
    let written = 0;
    let maxHeld = 0;
    let lines = 0;
    const reader = new ChainReader(
      countingStore(store, () => (yielded += 1)),
      'long-1',
      { pageSize: 250 },
    );
    const count = await renderTimeline(reader, (text) => {
      if (text.startsWith('#')) written += 1;
      lines += text.split('\n').length - 1;
      maxHeld = Math.max(maxHeld, yielded - written);
    });
    expect(count).toBe(EVENTS);
    expect(yielded).toBe(EVENTS);
    expect(written).toBe(EVENTS);
    expect(maxHeld).toBeLessThanOrEqual(1);
    expect(lines).toBeGreaterThan(2 * EVENTS);
  });

  it('merges a chain of long histories holding at most one record per instance', async () => {
    await appendHistory('long-2', 3_000, 'long-1');
    let yielded = 0;
    let written = 0;
    let maxHeld = 0;
    const before = process.memoryUsage().heapUsed;
    const reader = new ChainReader(
      countingStore(store, () => (yielded += 1)),
      'long-1',
      { chain: true, pageSize: 250 },
    );
    await renderTimeline(
      reader,
      (text) => {
        if (text.startsWith('{"kind":"entry"')) written += 1;
        maxHeld = Math.max(maxHeld, yielded - written);
      },
      { json: true },
    );
    expect(written).toBe(EVENTS + 3_000);
    expect(maxHeld).toBeLessThanOrEqual(2);
    // Informational only: heap readings include uncollected garbage, so they are not asserted.
    console.log(`chain of ${written} entries; heap delta ${process.memoryUsage().heapUsed - before} bytes`);
  });
});
