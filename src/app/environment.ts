import type { Clock } from '../ports/clock.js';
import type { EventStore } from '../ports/eventStore.js';
import type { Router } from '../ports/router.js';
import type { RuleBus } from '../ports/ruleBus.js';
import type { Runtime } from '../runtime/runtime.js';

/**
 * Everything a feature needs to install itself into a running statebridge: the runtime and its store,
 * the bus, the HTTP server to mount routes on, and where to print progress. Typed by ports: the composition root
 * (the CLI, the AWS entry points) builds the concrete bus and server.
 */
export interface AppEnvironment {
  readonly runtime: Runtime;
  readonly store: EventStore;
  readonly clock: Clock;
  readonly bus: RuleBus;
  readonly http: Router;
  /** Print one line of progress for the user. */
  readonly log: (line: string) => void;
}

/** A feature (custom resources, async invocations, ...) that registers its machines and routes. */
export interface AppModule {
  readonly name: string;
  install(env: AppEnvironment): void;
}

/** A runnable demonstration shown by `npm start`. */
export interface Demo {
  readonly name: string;
  readonly description: string;
  run(env: AppEnvironment): Promise<void>;
}
