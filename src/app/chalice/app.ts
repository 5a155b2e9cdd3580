import { AsyncLocalStorage } from 'node:async_hooks';
import { isStatebridgeError, ValidationError } from '../../core/errors.js';
import { defineFunction, type AnyFunctionDefinition } from '../functions/defineFunction.js';
import type { Blueprint } from './blueprint.js';
import { DEFAULT_BINARY_TYPES } from './http/contentTypes.js';
import type { Request } from './http/request.js';
import { prefixedPath, routePathIssues } from './http/routePaths.js';
import { Registrar } from './registrar.js';
import type { CORSConfig } from './http/httpValues.js';
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
  /** API Gateway settings: `binaryTypes` (Chalice's default list) are sent and received as base64. */
  readonly api: { binaryTypes: string[] } = { binaryTypes: [...DEFAULT_BINARY_TYPES] };
  /** Send to, close and look up websocket connections (`onWsConnect` / `onWsMessage` / `onWsDisconnect`). */
  readonly websocketApi = new WebsocketApi();
  private readonly byName = new Map<string, Registration>();
  /** Route registrations by path, then method. */
  private readonly routeTable = new Map<string, Map<string, Registration>>();
  private readonly requests = new AsyncLocalStorage<Request>();

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

  /** The request a route handler is serving, while it runs (undefined elsewhere). */
  get currentRequest(): Request | undefined {
    return this.requests.getStore();
  }

  /** Route registrations by path, then method (`GET`), blueprint routes under their `urlPrefix`. */
  get routes(): ReadonlyMap<string, ReadonlyMap<string, Registration>> {
    return this.routeTable;
  }

  /** Run a route handler with its request as `currentRequest`. */
  withRequest<T>(request: Request, run: () => T): T {
    return this.requests.run(request, run);
  }

  /** Add a blueprint's functions, names prefixed with `namePrefix`, route paths with `urlPrefix`. */
  registerBlueprint(blueprint: Blueprint, options: BlueprintOptions = {}): this {
    const prefix = options.namePrefix ?? '';
    if (options.urlPrefix !== undefined) {
      const issues = routePathIssues(options.urlPrefix, 'urlPrefix');
      if (issues.length > 0) throw new ValidationError('app.registerBlueprint', issues);
    }
    for (const draft of blueprint.drafts) this.name(draft, prefix, options.urlPrefix);
    return this;
  }

  protected add(draft: RegistrationDraft): void {
    this.name(draft, '', undefined);
  }

  private name(draft: RegistrationDraft, prefix: string, urlPrefix: string | undefined): void {
    const name = `${prefix}${draft.baseName}`;
    const taken = this.byName.get(name);
    if (taken !== undefined)
      throw new ValidationError(draft.place, [
        { path: 'name', rule: `"${name}" is already the name of ${taken.place}; give one of them another name` },
      ]);
    checkOneWebsocketHandler(this.registrations, draft);
    const source =
      draft.source.kind === 'route'
        ? { ...draft.source, path: prefixedPath(urlPrefix, draft.source.path) }
        : draft.source;
    const methods = source.kind === 'route' ? this.freeMethods(draft.place, source) : undefined;
    const registration = { name, source, fn: this.define(name, draft), place: draft.place };
    this.byName.set(name, registration);
    if (methods !== undefined)
      for (const method of source.kind === 'route' ? source.methods : []) methods.set(method, registration);
  }

  /** The methods of a path, refusing one already served there or a different CORS setting (as Chalice). */
  private freeMethods(place: string, route: Extract<SourceSpec, { kind: 'route' }>): Map<string, Registration> {
    const methods = this.routeTable.get(route.path) ?? new Map<string, Registration>();
    for (const method of route.methods) {
      const other = methods.get(method);
      if (other !== undefined)
        throw new ValidationError(place, [
          { path: 'methods', rule: `${method} ${route.path} is already served by ${other.place}` },
        ]);
    }
    const sibling = [...methods.values()][0];
    if (sibling?.source.kind === 'route' && !sameCors(sibling.source.cors, route.cors))
      throw new ValidationError(place, [
        { path: 'cors', rule: `must be the same for every method of ${route.path} (see ${sibling.place})` },
      ]);
    this.routeTable.set(route.path, methods);
    return methods;
  }

  private define(name: string, draft: RegistrationDraft): AnyFunctionDefinition {
    const run = draft.source.kind === 'websocket' ? configuringApi(this.websocketApi, draft.run) : draft.run;
    try {
      return defineFunction(name, draft.bind?.(this) ?? run, draft.settings);
    } catch (error) {
      if (!isStatebridgeError(error, 'VALIDATION_FAILED') || !(error instanceof ValidationError)) throw error;
      throw new ValidationError(
        draft.place,
        error.issues.map((issue) => ({ path: issue.path === '' ? 'name' : issue.path, rule: issue.rule })),
      );
    }
  }
}

function sameCors(a: CORSConfig | undefined, b: CORSConfig | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return JSON.stringify(a.accessControlHeaders()) === JSON.stringify(b.accessControlHeaders());
}
