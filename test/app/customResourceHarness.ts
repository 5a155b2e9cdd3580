import { InProcessBus } from '../../src/adapters/bus/inProcessBus.js';
import { HttpServer } from '../../src/adapters/http/httpServer.js';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import type { AppEnvironment } from '../../src/app/environment.js';
import { HandlerRegistry } from '../../src/app/customResource/handlerRegistry.js';
import { createCustomResourceModule, customResourceInstallation } from '../../src/app/customResource/module.js';
import { receiveCustomResourceRequest, type IntakeOptions } from '../../src/app/customResource/requestIntake.js';
import type { CustomResourceContext } from '../../machines/customResource/index.js';
import type { StepRecord } from '../../src/core/stepRecord.js';
import type { EventStore } from '../../src/ports/eventStore.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';

/** A runtime with the custom resource module on a real HTTP server at 127.0.0.1, the virtual clock and a store. */
export async function customResourceHarness(
  options: {
    store?: EventStore;
    clock?: VirtualClock;
    handlers?: HandlerRegistry;
    port?: number;
    urlKey?: string;
  } = {},
) {
  const clock = options.clock ?? new VirtualClock();
  const store = options.store ?? new MemoryEventStore();
  const runtime = createRuntime({ store, clock, onError: () => undefined });
  clock.attach(runtime);
  const handlers = options.handlers ?? new HandlerRegistry();
  const env = {
    runtime,
    store,
    clock,
    bus: new InProcessBus({ clock }),
    http: new HttpServer(options.urlKey === undefined ? {} : { urlKey: options.urlKey }),
    log: () => undefined,
  } satisfies AppEnvironment;
  createCustomResourceModule({ handlers }).install(env);
  const baseUrl = await env.http.listen(options.port ?? 0);
  const inbox = customResourceInstallation(env)!.inbox;
  return {
    env,
    clock,
    store,
    runtime,
    handlers,
    inbox,
    baseUrl,
    /** Send a request as the provider would, with a fresh local ResponseURL unless one is given. */
    async send(request: Record<string, unknown>, intake: Partial<IntakeOptions> = {}) {
      const withUrl =
        'ResponseURL' in request ? request : { ...request, ResponseURL: inbox.urlFor(String(request['RequestId'])) };
      return receiveCustomResourceRequest({ runtime, handlers }, withUrl, {
        provider: 'cloudformation',
        handler: 'h',
        ...intake,
      });
    },
    async context(instanceId: string): Promise<CustomResourceContext> {
      return (await store.readHead(instanceId))!.state.context as unknown as CustomResourceContext;
    },
    async records(instanceId: string): Promise<StepRecord[]> {
      const out: StepRecord[] = [];
      for await (const r of store.readStream(instanceId)) out.push(r);
      return out;
    },
    async close() {
      await runtime.idle();
      await env.http.close();
    },
    /** Stop as a crash would after the last commit: the HTTP server and the store go away. */
    async shutdown() {
      await runtime.close();
      await env.http.close();
    },
  };
}

/** Let promise chains and local HTTP round trips run without touching the virtual clock. */
export async function settle(rounds = 40): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A promise the test resolves later: a handler that is "still running". */
export function gate<T = void>() {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}
