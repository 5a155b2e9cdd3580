import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { errorMessage, HandlerNotRegisteredError, ModuleLoadError } from '../../core/errors.js';
import { BaseHandler, HANDLER_OF } from './baseHandler.js';

/** Handlers by name; a request's instance records the name, so a restarted runtime finds its handler again. */
export class HandlerRegistry {
  private readonly byName = new Map<string, BaseHandler<unknown>>();

  /** Register `handler` under `name` (a ServiceToken, a module path, any stable name). */
  register<Props>(name: string, handler: BaseHandler<Props>): this {
    this.byName.set(name, handler);
    return this;
  }

  /** True when a handler is registered as `name`. */
  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** The handler named `name`; an unknown name is an error the machine turns into a FAILED answer. */
  get(name: string): BaseHandler<unknown> {
    const handler = this.byName.get(name);
    if (handler === undefined) {
      throw new HandlerNotRegisteredError(name, [...this.byName.keys()]);
    }
    return handler;
  }

  /**
   * Load a handler module (the `stack simulate` ServiceToken) and register it under `name`. The module
   * exports `handler` (a `lambdaHandler`) or a BaseHandler instance as `handler` or `default`; with
   * `exportName` (a token `./handlers.mjs#ok`) that export, so one module can hold several handlers.
   */
  async load(
    name: string,
    modulePath: string,
    baseDir = process.cwd(),
    exportName?: string,
  ): Promise<BaseHandler<unknown>> {
    const existing = this.byName.get(name);
    if (existing !== undefined) return existing;
    const file = isAbsolute(modulePath) ? modulePath : resolve(baseDir, modulePath);
    let loaded: Record<string, unknown>;
    try {
      loaded = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (error) {
      throw new ModuleLoadError(file, `cannot load handler module ${file}: ${errorMessage(error)}`, error);
    }
    if (exportName !== undefined) {
      const chosen = handlerOf(loaded[exportName]);
      if (chosen === undefined) {
        const offered = Object.keys(loaded).filter((key) => handlerOf(loaded[key]) !== undefined);
        throw new ModuleLoadError(
          file,
          `${file} exports no custom resource handler named "${exportName}"; ` +
            `handler exports: ${offered.join(', ') || 'none'}`,
        );
      }
      this.byName.set(name, chosen);
      return chosen;
    }
    const handler = [loaded['handler'], loaded['default']].map(handlerOf).find((h) => h !== undefined);
    if (handler === undefined) {
      const rule =
        'export "handler" (a lambdaHandler) or a BaseHandler instance, ' +
        `or name an export in the ServiceToken (${modulePath}#name)`;
      throw new ModuleLoadError(file, `${file} exports no custom resource handler: ${rule}`);
    }
    this.byName.set(name, handler);
    return handler;
  }
}

function handlerOf(value: unknown): BaseHandler<unknown> | undefined {
  if (value instanceof BaseHandler) return value as BaseHandler<unknown>;
  if (typeof value === 'function') {
    const owner = (value as unknown as Record<symbol, unknown>)[HANDLER_OF];
    if (owner instanceof BaseHandler) return owner as BaseHandler<unknown>;
  }
  return undefined;
}

/** The registry `statebridge start` and the custom resource module use unless given another. */
export const defaultHandlerRegistry = new HandlerRegistry();
