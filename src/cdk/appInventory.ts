import { InProcessBus } from '../adapters/bus/inProcessBus.js';
import { HttpServer } from '../adapters/http/httpServer.js';
import { MemoryEventStore } from '../adapters/memory/memoryEventStore.js';
import type { AppEnvironment, AppModule } from '../app/environment.js';
import type { AnyFunctionDefinition } from '../app/functions/defineFunction.js';
import { LambdaDestination } from '../app/functions/destinations.js';
import type { Destination, DestinationOutcome } from '../app/functions/destination.js';
import { responseOnlyRuleName } from '../app/functions/destination.js';
import { functionsFor } from '../app/functions/functionsModule.js';
import { ValidationError } from '../core/errors.js';
import { appsOf } from '../app/chalice/appModule.js';
import { appSourcesOf } from './appSourceInventory.js';
import type { AppApiInventory, AppSourceInventory } from './appSourceSpec.js';
import type { MachineDefinition } from '../core/machineDefinition.js';
import { createRuntime } from '../runtime/runtime.js';

/** Where a function's results or failed events go, as the deployment needs to grant and wire it. */
export interface DestinationTarget {
  readonly kind: 'function' | 'queue' | 'topic' | 'eventBus';
  readonly name: string;
}

/** A responseOnly chain: a rule on the default bus from one function's results to another function. */
export interface ResponseOnlyLink {
  readonly rule: string;
  readonly outcome: DestinationOutcome;
  readonly targetFunction: string;
}

/** A registered function as the deployment sees it. */
export interface FunctionInventory {
  readonly name: string;
  readonly module: string;
  readonly timeoutSeconds: number;
  readonly reservedConcurrency?: number;
  readonly destinations: readonly DestinationTarget[];
  readonly responseOnly: readonly ResponseOnlyLink[];
}

/** What an app registers: every machine version and every function, with the module that registered it. */
export interface AppInventory {
  readonly modules: readonly string[];
  readonly machines: readonly { readonly id: string; readonly version: number; readonly module: string }[];
  readonly functions: readonly FunctionInventory[];
  /** The installed Apps' API settings, one entry per App. */
  readonly apps: readonly AppApiInventory[];
  /** Every App function with a source (schedule, pattern, bucket, topic, queue, stream, route, websocket). */
  readonly appSources: readonly AppSourceInventory[];
}

/**
 * Install the app's modules into a throwaway in-memory environment and record what they register.
 * Two different machines with one id and version, or two different functions with one name, are refused
 * with an error naming both registrations, because on AWS one would silently replace the other.
 */
export function inventoryOf(modules: readonly AppModule[]): AppInventory {
  const store = new MemoryEventStore();
  const runtime = createRuntime({ store, onError: () => undefined, timers: false });
  const env: AppEnvironment = {
    runtime,
    store,
    clock: runtime.clock,
    bus: new InProcessBus({ clock: runtime.clock }),
    http: new HttpServer(),
    log: () => undefined,
  };
  let current = '(statebridge)';
  const machines = new Map<string, { definition: MachineDefinition; module: string }>();
  const functions = new Map<string, { definition: AnyFunctionDefinition; module: string }>();

  const registerMachine = runtime.register.bind(runtime);
  runtime.register = (definition, executors) => {
    const key = `${definition.id}@${definition.version}`;
    const known = machines.get(key);
    if (known !== undefined && known.definition !== definition) throw duplicate('machine', key, known.module, current);
    machines.set(key, { definition, module: current });
    return registerMachine(definition, executors);
  };
  const functionsApp = functionsFor(env);
  const registerFunction = functionsApp.register.bind(functionsApp);
  functionsApp.register = (fn) => {
    const known = functions.get(fn.name);
    if (known !== undefined && known.definition !== fn) throw duplicate('function', fn.name, known.module, current);
    if (known === undefined) functions.set(fn.name, { definition: fn, module: current });
    return registerFunction(fn);
  };

  for (const module of modules) {
    current = module.name;
    module.install(env);
  }
  return {
    modules: modules.map((m) => m.name),
    machines: [...machines.values()].map(({ definition, module }) => ({
      id: definition.id,
      version: definition.version,
      module,
    })),
    functions: [...functions.values()].map(({ definition, module }) => functionInventory(definition, module)),
    ...appSourcesOf(appsOf(env)),
  };
}

function duplicate(kind: 'machine' | 'function', name: string, first: string, second: string): ValidationError {
  return new ValidationError('statebridge app', [
    {
      path: `${kind} ${name}`,
      rule:
        `registered twice with different definitions, by module "${first}" ` +
        `and by module "${second}"; give one of them another name`,
    },
  ]);
}

function functionInventory(fn: AnyFunctionDefinition, module: string): FunctionInventory {
  const destinations: DestinationTarget[] = [];
  const responseOnly: ResponseOnlyLink[] = [];
  const outcomes: [DestinationOutcome, Destination | undefined][] = [
    ['Success', fn.onSuccess],
    ['Failure', fn.onFailure],
  ];
  for (const [outcome, destination] of outcomes) {
    if (destination === undefined) continue;
    if (destination instanceof LambdaDestination) {
      if (destination.options.responseOnly === true)
        responseOnly.push({
          rule: responseOnlyRuleName(fn.name, outcome),
          outcome,
          targetFunction: destination.target.name,
        });
      else destinations.push({ kind: 'function', name: destination.target.name });
    } else {
      destinations.push(targetOf(destination));
    }
  }
  if (fn.deadLetterQueue !== undefined) {
    destinations.push(
      fn.deadLetterQueue.kind === 'queue'
        ? { kind: 'queue', name: fn.deadLetterQueue.queueName }
        : { kind: 'topic', name: fn.deadLetterQueue.topicName },
    );
  }
  return {
    name: fn.name,
    module,
    timeoutSeconds: fn.config.timeoutSeconds,
    ...(fn.config.reservedConcurrency === undefined ? {} : { reservedConcurrency: fn.config.reservedConcurrency }),
    destinations,
    responseOnly,
  };
}

function targetOf(destination: Destination): DestinationTarget {
  const named = destination as unknown as { queueName?: string; topicName?: string; busName?: string };
  const name = named.queueName ?? named.topicName ?? named.busName ?? 'default';
  return { kind: destination.kind, name };
}
