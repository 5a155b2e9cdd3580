import { isStatebridgeError, ValidationError } from '../../core/errors.js';
import { defineFunction, type AnyFunctionDefinition } from '../functions/defineFunction.js';
import type { Blueprint } from './blueprint.js';
import { Registrar } from './registrar.js';
import type { RegistrationDraft, SourceSpec } from './registration.js';
import { WebsocketApi } from './websocket/websocketApi.js';
import { checkOneWebsocketHandler, configuringApi } from './websocket/websocketRegistration.js';

/** One function of an app: its final name, what starts it, and where it was registered. */
export interface Registration {
  readonly name: string;
  readonly source: SourceSpec;
  readonly fn: AnyFunctionDefinition;
  readonly place: string;
}

/** Options of `app.registerBlueprint`. */
export interface BlueprintOptions {
  /** Put before every function name of the blueprint, e.g. `admin_`. */
  readonly namePrefix?: string;
  /** Put before every route path of the blueprint, e.g. `/admin`. */
  readonly urlPrefix?: string;
}

/**
 * An application in Chalice's model: functions declared by what starts them. Registering only
 * declares; an app runs when attached to a runtime (`runApp`) or a test client.
 * @example
 * const app = new App('media');
 * app.schedule('rate(5 minutes)', function everyFive(event) { console.log(event.time); });
 * app.onS3Event({ bucket: 'img', prefix: 'images/', suffix: '.jpg' }, function resize(event) { return event.key; });
 */
export class App extends Registrar {
  /** Return internal errors of route handlers to the client (otherwise a plain 500). */
  debug = false;
  /** Send to, close and look up websocket connections (`onWsConnect` / `onWsMessage` / `onWsDisconnect`). */
  readonly websocketApi = new WebsocketApi();
  private readonly byName = new Map<string, Registration>();

  constructor(readonly appName: string) {
    super();
    if (typeof appName !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(appName))
      throw new ValidationError('App', [{ path: 'appName', rule: 'must be 1-64 letters, digits, _ or -' }]);
  }

  /** Every function registered, in registration order. */
  get registrations(): readonly Registration[] {
    return [...this.byName.values()];
  }

  /** The registration of a function by its final name. */
  registration(name: string): Registration | undefined {
    return this.byName.get(name);
  }

  /** Add a blueprint's functions, their names prefixed with `namePrefix`. */
  registerBlueprint(blueprint: Blueprint, options: BlueprintOptions = {}): this {
    const prefix = options.namePrefix ?? '';
    for (const draft of blueprint.drafts) this.name(draft, prefix);
    return this;
  }

  protected add(draft: RegistrationDraft): void {
    this.name(draft, '');
  }

  private name(draft: RegistrationDraft, prefix: string): void {
    const name = `${prefix}${draft.baseName}`;
    const taken = this.byName.get(name);
    if (taken !== undefined)
      throw new ValidationError(draft.place, [
        { path: 'name', rule: `"${name}" is already the name of ${taken.place}; give one of them another name` },
      ]);
    checkOneWebsocketHandler(this.registrations, draft);
    this.byName.set(name, { name, source: draft.source, fn: this.define(name, draft), place: draft.place });
  }

  private define(name: string, draft: RegistrationDraft): AnyFunctionDefinition {
    const run = draft.source.kind === 'websocket' ? configuringApi(this.websocketApi, draft.run) : draft.run;
    try {
      return defineFunction(name, run, draft.settings);
    } catch (error) {
      if (!isStatebridgeError(error, 'VALIDATION_FAILED') || !(error instanceof ValidationError)) throw error;
      throw new ValidationError(
        draft.place,
        error.issues.map((issue) => ({ path: issue.path === '' ? 'name' : issue.path, rule: issue.rule })),
      );
    }
  }
}
