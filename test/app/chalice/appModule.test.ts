import { describe, expect, it } from 'vitest';
import { InProcessBus } from '../../../src/adapters/bus/inProcessBus.js';
import { HttpServer } from '../../../src/adapters/http/httpServer.js';
import { MemoryEventStore } from '../../../src/adapters/memory/memoryEventStore.js';
import { appModuleFor, appsOf } from '../../../src/app/chalice/appModule.js';
import type { AppEnvironment } from '../../../src/app/environment.js';
import { functionsFor } from '../../../src/app/functions/functionsModule.js';
import { App } from '../../../src/index.js';
import { createRuntime } from '../../../src/runtime/runtime.js';

function environment(): AppEnvironment {
  const store = new MemoryEventStore();
  const runtime = createRuntime({ store, onError: () => undefined, timers: false });
  const bus = new InProcessBus({ clock: runtime.clock });
  return { runtime, store, clock: runtime.clock, bus, http: new HttpServer(), log: () => undefined };
}

describe('an App installed as an AppModule', () => {
  it('registers every function with the runtime and keeps the App with it, once however often installed', async () => {
    const app = new App('media');
    app.onSnsMessage({ topic: 'alerts' }, function notify(event) {
      return event.subject;
    });
    app.lambdaFunction(() => 'plain', { name: 'plain' });
    const env = environment();
    const module = appModuleFor(app);
    module.install(env);
    module.install(env);
    expect(module.name).toBe('app:media');
    expect(appsOf(env)).toEqual([app]);
    expect(
      functionsFor(env)
        .all()
        .map((fn) => fn.name),
    ).toEqual(['notify', 'plain']);
    const { requestId } = await functionsFor(env).invokeAsync(functionsFor(env).get('plain')!, {} as never);
    await env.runtime.idle();
    expect((await env.store.readHead(requestId))?.state.value).toBe('done');
  });

  it('is not known to a runtime it was never installed into', () => {
    expect(appsOf(environment())).toEqual([]);
  });
});
