import { describe, expect, it } from 'vitest';
import { defineFunction } from '../../src/app/functions/defineFunction.js';
import { InProcessBus } from '../../src/adapters/bus/inProcessBus.js';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import { ASYNC_PAYLOAD_LIMIT_BYTES, createFunctions } from '../../src/app/functions/functionsApp.js';
import { isStatebridgeError } from '../../src/core/errors.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';
import { functionsHarness } from './functionsHarness.js';

/** A payload whose JSON text is exactly `bytes` long: `{"blob":"xxx…"}`. */
const payloadOf = (bytes: number) => ({ blob: 'x'.repeat(bytes - '{"blob":""}'.length) });

describe('asynchronous invocation payload limit', () => {
  it('is 1 MB, as Lambda accepts since 2026-01-29', () => {
    expect(ASYNC_PAYLOAD_LIMIT_BYTES).toBe(1_048_576);
  });

  it('accepts a payload over the old 256 KB and runs the function with it', async () => {
    const h = functionsHarness();
    const seen: number[] = [];
    const fn = defineFunction('big', (payload: { blob: string }) => void seen.push(payload.blob.length));
    const { statusCode } = await h.functions.invokeAsync(fn, payloadOf(300 * 1024));
    await h.clock.advance(1_000);
    expect(statusCode).toBe(202);
    expect(seen).toEqual([300 * 1024 - '{"blob":""}'.length]);
  });

  it('refuses one byte over the limit, naming the limit and the option, and writes nothing', async () => {
    const h = functionsHarness();
    const fn = defineFunction('big', () => undefined);
    const error = await h.functions
      .invokeAsync(fn, payloadOf(ASYNC_PAYLOAD_LIMIT_BYTES + 1), { requestId: 'r-1' })
      .catch((e: unknown) => e);
    expect(isStatebridgeError(error, 'VALIDATION_FAILED')).toBe(true);
    expect((error as Error).message).toBe(
      `invalid payload for big: payload: must be at most 1048576 bytes for an asynchronous ` +
        `invocation (option asyncPayloadLimitBytes), got ${ASYNC_PAYLOAD_LIMIT_BYTES + 1}`,
    );
    expect(await h.store.readHead('r-1')).toBeUndefined();
  });

  it('accepts a payload of exactly the limit when the store can hold its step', async () => {
    // The start step carries the payload twice (the event and the context): 1 MB needs more than a 1 MiB record.
    const clock = new VirtualClock();
    const runtime = createRuntime({ store: new MemoryEventStore({ maxRecordBytes: 4 * 1024 * 1024 }), clock });
    clock.attach(runtime);
    const functions = createFunctions({ runtime, bus: new InProcessBus({ clock }), log: () => undefined });
    const seen: number[] = [];
    const fn = defineFunction('big', (payload: { blob: string }) => void seen.push(JSON.stringify(payload).length));
    await expect(functions.invokeAsync(fn, payloadOf(ASYNC_PAYLOAD_LIMIT_BYTES))).resolves.toMatchObject({
      statusCode: 202,
    });
    await clock.advance(1_000);
    expect(seen).toEqual([ASYNC_PAYLOAD_LIMIT_BYTES]);
  });

  it('takes another limit per app through asyncPayloadLimitBytes', async () => {
    const h = functionsHarness({ asyncPayloadLimitBytes: 256 * 1024 });
    const fn = defineFunction('big', () => undefined);
    await expect(h.functions.invokeAsync(fn, payloadOf(256 * 1024 + 1))).rejects.toThrow(
      /at most 262144 bytes .*\(option asyncPayloadLimitBytes\)/,
    );
    await expect(h.functions.invokeAsync(fn, payloadOf(256 * 1024))).resolves.toMatchObject({ statusCode: 202 });
  });

  it('starts a delivery over the limit when its source bounds its size (checkPayloadLimit: false)', async () => {
    // An event source mapping's batch is a RequestResponse start: Lambda bounds it, not the asynchronous limit.
    const h = functionsHarness({ asyncPayloadLimitBytes: 256 * 1024 });
    const seen: number[] = [];
    const fn = defineFunction('batch', (payload: { blob: string }) => void seen.push(JSON.stringify(payload).length));
    const options = { requestId: 'batch-1', invocationType: 'RequestResponse', checkPayloadLimit: false } as const;
    await expect(h.functions.invokeAsync(fn, payloadOf(300 * 1024), options)).resolves.toEqual({
      requestId: 'batch-1',
      statusCode: 202,
      applied: true,
    });
    await h.clock.advance(1_000);
    expect(seen).toEqual([300 * 1024]);
  });

  it('rejects a limit that is not a whole number of bytes, naming the option', () => {
    expect(() => functionsHarness({ asyncPayloadLimitBytes: 0 })).toThrow(
      'invalid functions options: asyncPayloadLimitBytes: must be a whole number of bytes, 1 or more, got 0',
    );
  });
});
