import { copyFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { eventKeyOf } from '../../src/adapters/sqlite/stepLogLayout.js';
import { buildRecords } from '../contracts/fixtureMachine.js';
import { withDatabase, withStore } from '../support/sqliteConnections.js';
import { tempDbPaths } from '../support/tempFiles.js';

const dbPath = tempDbPaths('event-key-unicode');

// Ids may hold half of a surrogate pair (instance ids forbid only control characters). better-sqlite3 stores
// such a half as its own three bytes, but reads it back as U+FFFD: keys must be made from the ids as written.
const HIGH = ['\uD83D', '\uD83E'];
const LOW = ['\uDE00', '\uDE01'];

const memory = new Database(':memory:');
afterAll(() => memory.close());
const storedBytes = memory.prepare<[string], { bytes: string }>('SELECT hex(?) AS bytes');
/** The bytes SQLite stores for a string bound from JavaScript. */
const asStored = (text: string) => storedBytes.get(text)!.bytes;

describe('event keys of the SQLite log, for ids beyond ASCII', () => {
  it('are stored apart for distinct event ids of one stream, wherever its id cuts them', () => {
    const piece = fc.constantFrom('a', ':', '=', '0:', 'é', '😀', '🨀', ...HIGH, ...LOW);
    const text = fc.array(piece, { maxLength: 4 }).map((parts) => parts.join(''));
    const streamAndEvents = fc
      .record({ streamId: text.filter((id) => id.length > 0), x: text, y: text, z: text, w: text })
      .map(({ streamId, x, y, z, w }) => ({ streamId, a: x + streamId + y, b: z + streamId + w }));
    fc.assert(
      fc.property(streamAndEvents, ({ streamId, a, b }) => {
        expect(asStored(eventKeyOf(streamId, a)) === asStored(eventKeyOf(streamId, b))).toBe(a === b);
      }),
      { numRuns: 2000 },
    );
  });

  for (const [streamId, first, second] of [
    ['\uDE00-order', '\uD83D\uDE00-order', '\uD83E\uDE00-order'],
    ['order-\uD83D', 'order-\uD83D\uDE00', 'order-\uD83D\uDE01'],
    ['order-7', 'order-7/\uD800', 'order-7/\uD801'],
  ] as const) {
    it(`find each of two events of stream ${JSON.stringify(streamId)} at its own version`, async () => {
      await withStore(dbPath(), async (store) => {
        const [start, note] = buildRecords(streamId, [{ type: 'NOTE', text: 'more' }]);
        await store.append({ ...start!, eventId: first }, 0);
        expect(await store.findEvent(streamId, second)).toBeUndefined();
        await store.append({ ...note!, eventId: second }, 1);
        expect(await store.findEvent(streamId, first)).toBe(1);
        expect(await store.findEvent(streamId, second)).toBe(2);
      });
    });
  }
});

// Files in the layouts moved on open (see sqliteLeanFile.int.test.ts): `ticket-done` has three steps.
describe.each(['lean-records-v1.db', 'rowid-layout-v2.db'])('a file in an older layout (%s)', (file) => {
  it('keys the events it moves from the ids as they were written, halves of surrogate pairs included', async () => {
    const path = dbPath();
    copyFileSync(new URL(`./fixtures/${file}`, import.meta.url).pathname, path);
    const ids = ['ticket-done/\uD800', 'ticket-done/\uD801', '\uDC00'];
    withDatabase(path, (db) => {
      const setId = db.prepare("UPDATE steps SET event_id = ? WHERE stream_id = 'ticket-done' AND version = ?");
      ids.forEach((id, i) => setId.run(id, i + 1));
    });
    await withStore(path, async (store) => {
      // Each is found where it was applied, as the store that wrote the file found it.
      for (const [i, id] of ids.entries()) expect(await store.findEvent('ticket-done', id)).toBe(i + 1);
      expect(await store.findEvent('ticket-done', 'ticket-done/\uD802')).toBeUndefined();
    });
  });

  it('moves an event id holding bytes that are not UTF-8 (written by another client) without failing', async () => {
    const path = dbPath();
    copyFileSync(new URL(`./fixtures/${file}`, import.meta.url).pathname, path);
    withDatabase(path, (db) =>
      db.exec(
        "UPDATE steps SET event_id = CAST(X'FFBFBFBF2D78' AS TEXT) WHERE stream_id = 'ticket-done' AND version = 2",
      ),
    );
    await withStore(path, async (store) => {
      expect(await store.findEvent('ticket-done', 'ticket-done-e2')).toBe(3);
      expect(await store.findEvent('ticket-done', '\uFFFD-x')).toBe(2);
    });
  });
});
