import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamodbEventStore, ensureTable } from '../../src/adapters/dynamodb/index.js';
import type { StepRecord } from '../../src/core/stepRecord.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { counter } from '../runtime/fixtures/counterMachine.js';
import { clientFor, freshTableName, startDynalite, type Dynalite } from './dynamodbFixture.js';

let server: Dynalite;
beforeAll(async () => {
  server = await startDynalite();
});
afterAll(async () => server.close());

/** A store whose head reads wait at a gate while `held` is set, as a slow network can hold one read and not another. */
class GatedHeadReads extends DynamodbEventStore {
  held: Promise<void> | undefined;
  headReads = 0;

  override async readHead(streamId: string): Promise<StepRecord | undefined> {
    this.headReads += 1;
    if (this.held !== undefined) await this.held;
    return super.readHead(streamId);
  }
}

describe('readForStep on a DynamoDB table another process writes', () => {
  it('looks the event id up after the head: an event applied meanwhile is found applied', async () => {
    const tableName = freshTableName();
    const admin = clientFor(server.endpoint);
    await ensureTable(admin, tableName);
    admin.destroy();
    // The event-id lookups this store has sent and not yet had answered.
    const lookups = new Set<Promise<unknown>>();
    const client = clientFor(server.endpoint);
    client.middlewareStack.add(
      (next) => (args) => {
        const answer = next(args);
        if ((args.input as { IndexName?: string }).IndexName === 'byEvent') {
          lookups.add(answer);
          void answer.finally(() => lookups.delete(answer)).catch(() => undefined);
        }
        return answer;
      },
      { step: 'initialize' },
    );
    const mine = new GatedHeadReads({ client, tableName, snapshotCache: false, ownsClient: true });
    const theirs = new DynamodbEventStore({ client: clientFor(server.endpoint), tableName, ownsClient: true });
    const elsewhere = createRuntime({ store: theirs }).register(counter);
    await elsewhere.start('counter', 'c-1', undefined);

    let open!: () => void;
    mine.held = new Promise((resolve) => (open = resolve));
    const view = mine.readForStep('c-1', 'inc-1');
    while (mine.headReads === 0) await nextTurn();
    await nextTurn();
    // A lookup sent beside the held head read is answered before the other process applies the event.
    await Promise.allSettled([...lookups]);
    await elsewhere.send('c-1', { type: 'INC' }, { eventId: 'inc-1' });
    await elsewhere.send('c-1', { type: 'INC' }, { eventId: 'inc-2' });
    mine.held = undefined;
    open();

    const { head, appliedAt } = await view;
    expect(head?.version).toBe(3);
    expect(appliedAt).toBe(2);
    await mine.close();
    await elsewhere.close();
  });
});
