import { describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import { eventStoreContract } from '../contracts/eventStore.contract.js';
import { buildRecords } from '../contracts/fixtureMachine.js';

eventStoreContract('memory', async () => ({ store: new MemoryEventStore(), cleanup: async () => undefined }), {
  persistent: false,
});

describe('MemoryEventStore event ids', () => {
  it('finds the version of every event id as a stream grows from short (searched) to long (indexed)', async () => {
    const store = new MemoryEventStore();
    const records = buildRecords(
      'long',
      Array.from({ length: 24 }, (_, i) => ({ type: 'NOTE', text: `n${i}` })),
    );
    for (const record of records) {
      await store.append(record, record.version - 1);
      for (const earlier of records.slice(0, record.version)) {
        expect(await store.findEvent('long', earlier.eventId)).toBe(earlier.version);
        expect((await store.readForStep('long', earlier.eventId)).appliedAt).toBe(earlier.version);
      }
      expect(await store.findEvent('long', `long-e${record.version}`)).toBeUndefined();
      expect((await store.readForStep('long', 'nope')).head).toBe(record);
    }
    expect(await store.findEvent('other', 'long-e0')).toBeUndefined();
  });

  it('finds every event id of a stream first looked up long after it grew, and of steps appended after', async () => {
    const store = new MemoryEventStore();
    const records = buildRecords(
      'late',
      Array.from({ length: 30 }, (_, i) => ({ type: 'NOTE', text: `n${i}` })),
    );
    for (const record of records.slice(0, 20)) {
      // Steps whose event ids need no look-up read only the head.
      expect((await store.readForStep('late', record.eventId, { skipEventLookup: true })).head?.version).toBe(
        record.version - 1 || undefined,
      );
      await store.append(record, record.version - 1);
    }
    for (const record of records.slice(0, 20))
      expect(await store.findEvent('late', record.eventId)).toBe(record.version);
    for (const record of records.slice(20)) await store.append(record, record.version - 1);
    for (const record of records) {
      expect((await store.readForStep('late', record.eventId)).appliedAt).toBe(record.version);
    }
    expect(await store.findEvent('late', 'nope')).toBeUndefined();
  });
});
