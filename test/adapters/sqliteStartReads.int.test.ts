import { describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqliteEventStore.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { counter } from '../runtime/fixtures/counterMachine.js';
import { fixtureStep } from '../support/fixtureSteps.js';
import { withStore } from '../support/sqliteConnections.js';
import { tempDbPaths } from '../support/tempFiles.js';

const dbPath = tempDbPaths('start-reads');

/** Two runtimes on one file, each with a store of its own, as two processes would have. */
async function twoRuntimes(
  test: (one: ReturnType<typeof createRuntime>, other: ReturnType<typeof createRuntime>) => Promise<void>,
  maxStepAttempts?: number,
): Promise<void> {
  const path = dbPath();
  const options = maxStepAttempts === undefined ? {} : { maxStepAttempts };
  const one = createRuntime({ store: new SqliteEventStore({ path }), ...options }).register(counter);
  const other = createRuntime({ store: new SqliteEventStore({ path }) }).register(counter);
  try {
    await test(one, other);
  } finally {
    await one.close();
    await other.close();
  }
}

describe('a start on SQLite, which reads nothing before its first attempt', () => {
  it('is refused as INSTANCE_EXISTS when another process started the instance', () =>
    twoRuntimes(async (one, other) => {
      await other.start('counter', 'shared', undefined, { eventId: 'other-start' });
      await expect(one.start('counter', 'shared', undefined)).rejects.toMatchObject({ code: 'INSTANCE_EXISTS' });
      // The refused start left the instance as the other process wrote it, and this process steps it on.
      const { record } = await one.send('shared', { type: 'INC' });
      expect(record.version).toBe(2);
      expect(record.eventId).not.toBe('other-start');
    }));

  it('is the same start delivered again when the other process wrote it with the same event id', () =>
    twoRuntimes(async (one, other) => {
      const first = await other.start('counter', 'twice', undefined, { eventId: 'start-once' });
      const again = await one.start('counter', 'twice', undefined, { eventId: 'start-once' });
      expect(again).toMatchObject({ applied: false, record: { version: 1, eventId: 'start-once' } });
      expect(again.record.at).toBe(first.record.at);
    }));

  it('does not count the refusal as a conflicting attempt, so one attempt allowed still finds the instance', () =>
    twoRuntimes(async (one, other) => {
      await other.start('counter', 'once', undefined, { eventId: 'start-1' });
      const again = await one.start('counter', 'once', undefined, { eventId: 'start-1' });
      expect(again).toMatchObject({ applied: false, record: { version: 1, eventId: 'start-1' } });
      await expect(one.start('counter', 'once', undefined)).rejects.toMatchObject({ code: 'INSTANCE_EXISTS' });
    }, 1));

  it('reads the stream on the retry, once the store has seen the stream exists', () => {
    const path = dbPath();
    return withStore(path, async (store) => {
      await withStore(path, async (other) => {
        await other.append(fixtureStep('elsewhere', 1), 0);
        const start = { newStream: true };
        expect(await store.readForStep('elsewhere', 'e', start)).toEqual({ head: undefined, appliedAt: undefined });
        await expect(store.append(fixtureStep('elsewhere', 1), 0)).rejects.toMatchObject({
          code: 'CONCURRENCY_CONFLICT',
        });
        expect((await store.readForStep('elsewhere', 'e', start)).head?.eventId).toBe('elsewhere-e1');
      });
    });
  });
});
