import { describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqliteEventStore.js';
import { HandlerRegistry } from '../../src/app/customResource/handlerRegistry.js';
import { Responder } from '../../src/app/customResource/responder.js';
import { Defer } from '../../src/app/customResource/results.js';
import { requestInstanceId } from '../../src/protocol/customResource/request.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';
import { customResourceHarness } from './customResourceHarness.js';
import { ScriptedHandler, v1Create } from './customResourceFixtures.js';
import { tempDbPaths } from '../support/tempFiles.js';

const dbPath = tempDbPaths('cr', 'statebridge.db');

// Response URLs handed out before the crash must stay valid after it: both runs sign with one key.
const URL_KEY = 'response-url-key-kept-beside-the-database';
const instanceId = requestInstanceId('cloudformation', v1Create.StackId, v1Create.RequestId);

describe('custom resources across a restart (SQLite file)', () => {
  it('a deferred request survives a restart and is answered by a Responder afterwards', async () => {
    const path = dbPath();
    let saved: Record<string, unknown> | undefined;
    const registry = () =>
      new HandlerRegistry().register(
        'h',
        new ScriptedHandler({
          create: async (event) => {
            saved = { ...event };
            return new Defer();
          },
        }),
      );
    const first = await customResourceHarness({
      store: new SqliteEventStore({ path }),
      handlers: registry(),
      urlKey: URL_KEY,
    });
    const port = Number(new URL(first.baseUrl).port);
    await first.send(v1Create);
    await first.runtime.idle();
    const clockAt = first.clock.now();
    await first.shutdown();

    const second = await customResourceHarness({
      store: new SqliteEventStore({ path }),
      handlers: registry(),
      clock: new VirtualClock(clockAt + 5_000),
      port,
      urlKey: URL_KEY,
    });
    await second.runtime.recover();
    expect((await second.store.readHead(instanceId))?.stateAfter).toBe('open.deferred');
    await new Responder(JSON.parse(JSON.stringify(saved)) as Record<string, unknown>).success({
      physicalResourceId: 'after-restart',
      data: { Ok: 'yes' },
    });
    await second.runtime.idle();
    expect(JSON.parse(second.inbox.for(v1Create.RequestId)[0]!.body)).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: 'after-restart',
      Data: { Ok: 'yes' },
    });
    await second.shutdown();
  });

  it('a PUT that failed before a crash is retried after the restart with the same bytes', async () => {
    const path = dbPath();
    const registry = () =>
      new HandlerRegistry().register('h', new ScriptedHandler({ create: async () => ['kept-id', { A: 'b' }] }));
    const first = await customResourceHarness({
      store: new SqliteEventStore({ path }),
      handlers: registry(),
      urlKey: URL_KEY,
    });
    const port = Number(new URL(first.baseUrl).port);
    first.inbox.injectFaults('status500');
    await first.send(v1Create);
    await first.runtime.idle();
    expect((await first.store.readHead(instanceId))?.stateAfter).toBe('backoff');
    const failedBody = first.inbox.received[0]!.body;
    const clockAt = first.clock.now();
    await first.shutdown();

    const second = await customResourceHarness({
      store: new SqliteEventStore({ path }),
      handlers: registry(),
      clock: new VirtualClock(clockAt),
      port,
      urlKey: URL_KEY,
    });
    await second.runtime.recover();
    await second.clock.advance(1_000);
    const head = await second.store.readHead(instanceId);
    expect(head?.stateAfter).toBe('answered');
    const delivered = second.inbox.for(v1Create.RequestId);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.body).toBe(failedBody);
    await second.shutdown();
  });
});
