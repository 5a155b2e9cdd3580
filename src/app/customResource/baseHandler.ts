import type { z } from 'zod';
import type { HandlerOutcome, PollOutcome } from '../../../machines/customResource/index.js';
import { ValidationError } from '../../core/errors.js';
import type { Json } from '../../core/stepRecord.js';
import { parseResourceProperties } from '../../protocol/customResource/coerce.js';
import type { CustomResourceProvider } from '../../protocol/customResource/request.js';
import type { HandlerContext } from './handlerContext.js';
import { runAsLambda, type LambdaContextLike } from './lambdaEntry.js';
import { outcomeOfPoll, outcomeOfReturn, reasonOfError, type HandlerReturn, type PollReturn } from './results.js';

/**
 * The request as a handler receives it, with `ResourceProperties` (and `OldResourceProperties`) parsed by the schema.
 */
export interface HandlerEvent<Props> {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly RequestId: string;
  readonly StackId: string;
  readonly LogicalResourceId: string;
  readonly ResourceType: string;
  readonly ResponseURL?: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: Props;
  readonly OldResourceProperties?: Props;
  readonly [key: string]: unknown;
}

export type { HandlerContext } from './handlerContext.js';

/** Key on a `lambdaHandler` function pointing back at its handler, so a module's `handler` export can be registered. */
export const HANDLER_OF = Symbol.for('statebridge.customResource.handler');

/** What the handler got from an earlier create/update/delete, handed to every isComplete poll. */
export interface PollStart {
  readonly physicalResourceId?: string;
  readonly data?: { readonly [key: string]: Json };
  readonly attempt: number;
}

/** ResourceProperties as CloudFormation sends them when no schema is given: primitives arrive as strings. */
export type RawProperties = { readonly [key: string]: Json };

/** Options of a custom resource handler; every one is optional. */
export interface BaseHandlerOptions<Props> {
  /**
   * Validates ResourceProperties after CloudFormation's stringified numbers and booleans are coerced.
   * Without it the handler gets the properties as sent (`RawProperties`: numbers and booleans as strings).
   */
  readonly properties?: z.ZodType<Props>;
  readonly provider?: CustomResourceProvider;
  /** Poll isComplete every `intervalSeconds` until `totalTimeoutSeconds` (the CDK provider-framework model). */
  readonly poll?: { readonly intervalSeconds: number; readonly totalTimeoutSeconds: number };
  /** ROS Timeout (1–43200 s) when the request does not say; CloudFormation reads ServiceTimeout from the request. */
  readonly timeoutSeconds?: number;
  /**
   * Call `delete` even for ids whose Create failed or that were never created; default false (answered SUCCESS
   * directly).
   */
  readonly deleteUncreated?: boolean;
}

/**
 * A custom resource handler: implement create, update and delete; each returns an id, `[id, data]`,
 * Success, Failed or Defer, or throws (a FAILED answer with the error's message as Reason). Options are
 * optional: without a `properties` schema the handler sees ResourceProperties as CloudFormation sends them.
 * @example
 * class Bucket extends BaseHandler {
 *   async create(event: HandlerEvent<RawProperties>) { return `bucket-${String(event.ResourceProperties['Name'])}`; }
 *   async update() { return undefined; }
 *   async delete() { return undefined; }
 * }
 * export const handler = new Bucket().lambdaHandler;
 */
export abstract class BaseHandler<Props = RawProperties> {
  readonly options: BaseHandlerOptions<Props>;

  constructor(options: BaseHandlerOptions<Props> = {}) {
    this.options = checkHandlerOptions(options);
  }

  /** Create the resource; return its id (and Data), Success, Failed or Defer. */
  abstract create(event: HandlerEvent<Props>, context: HandlerContext): Promise<HandlerReturn>;
  /** Update it; a different id on CloudFormation is a replacement (the old id is deleted later). */
  abstract update(event: HandlerEvent<Props>, context: HandlerContext): Promise<HandlerReturn>;
  /** Delete the id in `event.PhysicalResourceId`; key cleanup off the id, not ResourceProperties. */
  abstract delete(event: HandlerEvent<Props>, context: HandlerContext): Promise<HandlerReturn>;

  /** Override to poll a long operation; needs `options.poll`. */
  isComplete?(event: HandlerEvent<Props>, context: HandlerContext, start: PollStart): Promise<PollReturn>;

  /**
   * The function to deploy as a Lambda handler (answers directly with capped retries). Loaded by
   * `stack simulate` or registered with a runtime, the same export runs inside the runtime instead.
   */
  get lambdaHandler(): (event: Record<string, unknown>, context?: LambdaContextLike) => Promise<void> {
    const entry = (event: Record<string, unknown>, context?: LambdaContextLike) => runAsLambda(this, event, context);
    Object.defineProperty(entry, HANDLER_OF, { value: this });
    return entry;
  }

  /** True when this handler polls isComplete after create/update/delete. */
  get polls(): boolean {
    return this.options.poll !== undefined && typeof this.isComplete === 'function';
  }

  /** Validate properties and run the method for the request type. Never throws: failures are outcomes. */
  async dispatch(raw: Readonly<Record<string, unknown>>, context: HandlerContext): Promise<HandlerOutcome> {
    const parsed = this.parseEvent(raw);
    if (!parsed.ok) return { kind: 'answer', Status: 'FAILED', Reason: parsed.reason };
    try {
      const event = parsed.event;
      const value =
        event.RequestType === 'Create'
          ? await this.create(event, context)
          : event.RequestType === 'Update'
            ? await this.update(event, context)
            : await this.delete(event, context);
      return outcomeOfReturn(value, this.polls);
    } catch (error) {
      return { kind: 'answer', Status: 'FAILED', Reason: reasonOfError(error) };
    }
  }

  /** Run one isComplete poll. Never throws. */
  async poll(raw: Readonly<Record<string, unknown>>, context: HandlerContext, start: PollStart): Promise<PollOutcome> {
    if (this.isComplete === undefined)
      return { kind: 'answer', Status: 'FAILED', Reason: 'the handler defines no isComplete' };
    const parsed = this.parseEvent(raw);
    if (!parsed.ok) return { kind: 'answer', Status: 'FAILED', Reason: parsed.reason };
    try {
      return outcomeOfPoll(await this.isComplete(parsed.event, context, start));
    } catch (error) {
      return { kind: 'answer', Status: 'FAILED', Reason: reasonOfError(error) };
    }
  }

  private parseEvent(
    raw: Readonly<Record<string, unknown>>,
  ): { ok: true; event: HandlerEvent<Props> } | { ok: false; reason: string } {
    const props = this.parseProperties(withoutServiceKeys(raw['ResourceProperties']), 'ResourceProperties');
    if (!props.ok) return props;
    let old: Props | undefined;
    // Old properties are what was accepted before (or, in a rollback, what just failed): a schema
    // failure there must not block the request, so they are left out instead.
    if (raw['OldResourceProperties'] !== undefined) {
      const parsedOld = this.parseProperties(withoutServiceKeys(raw['OldResourceProperties']), 'OldResourceProperties');
      if (parsedOld.ok) old = parsedOld.value;
    }
    const { OldResourceProperties: _raw, ...rest } = raw as HandlerEvent<Props>;
    return {
      ok: true,
      event: { ...rest, ResourceProperties: props.value, ...(old === undefined ? {} : { OldResourceProperties: old }) },
    };
  }

  private parseProperties(
    value: unknown,
    field: 'ResourceProperties' | 'OldResourceProperties',
  ): { ok: true; value: Props } | { ok: false; reason: string } {
    const schema = this.options.properties;
    if (schema !== undefined) return parseResourceProperties(schema, value, field);
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      return { ok: false, reason: `${field}: must be an object of properties` };
    // Without a schema the properties are passed on as the provider sent them.
    return { ok: true, value: value as Props };
  }
}

const HANDLER_OPTION_KEYS = ['properties', 'provider', 'poll', 'timeoutSeconds', 'deleteUncreated'];

/** Options come from plain JavaScript too: refuse what would otherwise fail on the first request. */
function checkHandlerOptions<Props>(options: BaseHandlerOptions<Props>): BaseHandlerOptions<Props> {
  const rule = (path: string, text: string) =>
    new ValidationError('custom resource handler options', [{ path, rule: text }]);
  if (options === null || typeof options !== 'object') throw rule('options', 'must be an object when given');
  for (const key of Object.keys(options))
    if (!HANDLER_OPTION_KEYS.includes(key))
      throw rule(key, `is not an option; known: ${HANDLER_OPTION_KEYS.join(', ')}`);
  const schema: { safeParse?: unknown } | null | undefined = options.properties;
  if (schema !== undefined && typeof schema?.safeParse !== 'function')
    throw rule('properties', 'must be a zod schema (z.object({...})) when given');
  return options;
}

/** ServiceToken and ServiceTimeout are the provider's, not the resource's; the schema never sees them. */
function withoutServiceKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value ?? {};
  const { ServiceToken: _token, ServiceTimeout: _timeout, ...rest } = value as Record<string, unknown>;
  return rest;
}
