import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InProcessBus } from '../../src/adapters/bus/inProcessBus.js';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqliteEventStore.js';
import { defineFunction } from '../../src/app/functions/defineFunction.js';
import { ASYNC_PAYLOAD_LIMIT_BYTES, createFunctions } from '../../src/app/functions/functionsApp.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';
import { tempDirs } from '../support/tempFiles.js';

const tempDir = tempDirs('payload');

describe('a 1 MB asynchronous invocation on the embedded SQLite store', () => {
  it('is stored and runs the function with the whole payload', async () => {
    const dir = tempDir();
    const clock = new VirtualClock();
    const runtime = createRuntime({ store: new SqliteEventStore({ path: join(dir, 'events.db') }), clock });
    clock.attach(runtime);
    const functions = createFunctions({ runtime, bus: new InProcessBus({ clock }), log: () => undefined });
    const seen: number[] = [];
    const fn = defineFunction('big', (payload: { blob: string }) => void seen.push(JSON.stringify(payload).length));
    const payload = { blob: 'x'.repeat(ASYNC_PAYLOAD_LIMIT_BYTES - '{"blob":""}'.length) };
    const { requestId } = await functions.invokeAsync(fn, payload);
    await clock.advance(1_000);
    expect(seen).toEqual([ASYNC_PAYLOAD_LIMIT_BYTES]);
    expect((await runtime.store.readHead(requestId))?.version).toBeGreaterThan(1);
    await runtime.close();
  });
});
