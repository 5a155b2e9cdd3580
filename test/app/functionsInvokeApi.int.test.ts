import { afterEach, describe, expect, it } from 'vitest';
import { InProcessBus } from '../../src/adapters/bus/inProcessBus.js';
import { HttpServer } from '../../src/adapters/http/httpServer.js';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import type { AppEnvironment } from '../../src/app/environment.js';
import { defineFunction } from '../../src/app/functions/defineFunction.js';
import { SqsDestination } from '../../src/app/functions/destinations.js';
import { functionsFor, functionsModule } from '../../src/app/functions/functionsModule.js';
import type { EmbeddedQueue } from '../../src/adapters/queue/embeddedQueue.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';

const servers: HttpServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function serve() {
  const clock = new VirtualClock();
  const store = new MemoryEventStore();
  const runtime = createRuntime({ store, clock });
  clock.attach(runtime);
  const http = new HttpServer();
  servers.push(http);
  const env: AppEnvironment = { runtime, store, clock, bus: new InProcessBus({ clock }), http, log: () => undefined };
  functionsModule.install(env);
  const functions = functionsFor(env);
  const greet = defineFunction(
    'greet',
    (p: { name?: string }, ctx) => {
      if (p.name === undefined) throw ctx.fail(new TypeError('name is required'));
      return { hello: p.name };
    },
    { onSuccess: new SqsDestination('greetings') },
  );
  functions.register(greet);
  const base = await http.listen(0);
  const invoke = (name: string, body: string, type?: string) =>
    fetch(`${base}/2015-03-31/functions/${name}/invocations`, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'x-statebridge-token': http.token,
        ...(type === undefined ? {} : { 'X-Amz-Invocation-Type': type }),
      },
    });
  return { invoke, runtime, store, base, token: http.token, queue: functions.queue as EmbeddedQueue };
}

describe('the Invoke API on 127.0.0.1', () => {
  it('queues an Event invocation: 202, x-amzn-RequestId, and the destination fires', async () => {
    const { invoke, runtime, store, queue } = await serve();
    const response = await invoke('greet', '{"name":"ada"}', 'Event');
    expect(response.status).toBe(202);
    const requestId = response.headers.get('x-amzn-requestid');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.text()).toBe('');
    await runtime.idle();
    expect((await store.readHead(requestId!))?.state.output).toEqual({
      condition: 'Success',
      approximateInvokeCount: 1,
    });
    expect(JSON.parse(queue.messages('greetings')[0]!.body)).toMatchObject({ responsePayload: { hello: 'ada' } });
  });

  it('runs RequestResponse synchronously, says why no destination fires, and reports function errors', async () => {
    const { invoke, queue } = await serve();
    const ok = await invoke('greet', '{"name":"bo"}');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ hello: 'bo' });
    expect(ok.headers.get('x-statebridge-note')).toMatch(/no retries, no destinations/);
    const failed = await invoke('arn:aws:lambda:local:000000000000:function:greet', '{}');
    expect(failed.status).toBe(200);
    expect(failed.headers.get('x-amz-function-error')).toBe('Handled');
    expect(await failed.json()).toEqual({ errorType: 'TypeError', errorMessage: 'name is required' });
    expect(queue.messages('greetings')).toHaveLength(0);
  });

  it('answers the service errors for an unknown function and a body that is not JSON', async () => {
    const { invoke } = await serve();
    const missing = await invoke('nope', '{}', 'Event');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
    const bad = await invoke('greet', '{not json', 'Event');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('x-amzn-errortype')).toBe('InvalidRequestContentException');
  });
});
