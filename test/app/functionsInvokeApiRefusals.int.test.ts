import { afterEach, describe, expect, it } from 'vitest';
import { InProcessBus } from '../../src/adapters/bus/inProcessBus.js';
import { HttpServer } from '../../src/adapters/http/httpServer.js';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import { defineFunction } from '../../src/app/functions/defineFunction.js';
import { createFunctions } from '../../src/app/functions/functionsApp.js';
import { mountInvokeApi } from '../../src/app/functions/invokeRoute.js';
import { ValidationError } from '../../src/core/errors.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';

const servers: HttpServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

/** The Invoke API on a real 127.0.0.1 server, over a store and a functions app with the given limits. */
async function serve(limits: { maxRecordBytes?: number; asyncPayloadLimitBytes?: number }) {
  const clock = new VirtualClock();
  const store = new MemoryEventStore(
    limits.maxRecordBytes === undefined ? {} : { maxRecordBytes: limits.maxRecordBytes },
  );
  const runtime = createRuntime({ store, clock });
  clock.attach(runtime);
  const functions = createFunctions({
    runtime,
    bus: new InProcessBus({ clock }),
    log: () => undefined,
    ...(limits.asyncPayloadLimitBytes === undefined ? {} : { asyncPayloadLimitBytes: limits.asyncPayloadLimitBytes }),
  });
  functions.register(defineFunction('echo', (payload: unknown) => payload));
  const http = new HttpServer();
  servers.push(http);
  mountInvokeApi(http, functions);
  const base = await http.listen(0);
  const invokeEvent = async (payload: unknown) => {
    const response = await fetch(`${base}/2015-03-31/functions/echo/invocations`, {
      method: 'POST',
      body: JSON.stringify(payload),
      headers: {
        'content-type': 'application/json',
        'x-statebridge-token': http.token,
        'X-Amz-Invocation-Type': 'Event',
      },
    });
    const text = await response.text();
    return {
      status: response.status,
      type: response.headers.get('x-amzn-errortype'),
      message: text === '' ? '' : (JSON.parse(text) as { message: string }).message,
    };
  };
  const written = async () => (await store.listInstances({})).items.length;
  return { invokeEvent, written, functions };
}

const blob = (bytes: number) => ({ blob: 'x'.repeat(bytes) });

describe('the Invoke API answers a refused asynchronous invocation by what was wrong', () => {
  it('413 for a payload over the app’s own limit (a validation failure about size), writing nothing', async () => {
    const { invokeEvent, written } = await serve({ asyncPayloadLimitBytes: 1_000 });
    const answer = await invokeEvent(blob(2_000));
    expect(answer).toMatchObject({ status: 413, type: 'RequestEntityTooLargeException' });
    expect(answer.message).toMatch(/payload: must be at most 1000 bytes .*option asyncPayloadLimitBytes/);
    expect(await written()).toBe(0);
  });

  it('413 for a payload whose start step is over the store’s record limit, writing nothing', async () => {
    const { invokeEvent, written } = await serve({ maxRecordBytes: 8_192 });
    const answer = await invokeEvent(blob(10_000));
    expect(answer).toMatchObject({ status: 413, type: 'RequestEntityTooLargeException' });
    expect(answer.message).toMatch(/over the store's limit of 8192 bytes/);
    expect(await written()).toBe(0);
  });

  it('400 for any other validation failure, and 202 for a payload within every limit', async () => {
    const { invokeEvent, functions } = await serve({ asyncPayloadLimitBytes: 1_000 });
    expect(await invokeEvent(blob(100))).toMatchObject({ status: 202, type: null });
    // A refusal of the input itself, not of its size (as an app with an input schema would give).
    functions.invokeAsync = () =>
      Promise.reject(new ValidationError('payload for echo', [{ path: 'payload.blob', rule: 'must be a number' }]));
    const answer = await invokeEvent(blob(100));
    expect(answer).toEqual({
      status: 400,
      type: 'InvalidParameterValueException',
      message: 'invalid payload for echo: payload.blob: must be a number',
    });
  });
});
