import { AsyncLocalStorage } from 'node:async_hooks';
import {
  asyncInvocationDefinition,
  ASYNC_INVOCATION_MACHINE_ID,
} from '../../../machines/asyncInvocation/asyncInvocation.definition.js';
import { EmbeddedQueue } from '../../adapters/queue/embeddedQueue.js';
import { EmbeddedTopic } from '../../adapters/topic/embeddedTopic.js';
import type { RuleBus } from '../../ports/ruleBus.js';
import { PayloadLimitError, ValidationError } from '../../core/errors.js';
import { jsonFitsIn } from '../../core/recordSize.js';
import { frozenJson } from '../../core/sharedJson.js';
import type { Json } from '../../core/stepRecord.js';
import type { Bus } from '../../ports/bus.js';
import type { Clock } from '../../ports/clock.js';
import type { FunctionInvoker } from '../../ports/functionInvoker.js';
import type { QueueSender } from '../../ports/queueSender.js';
import type { TopicPublisher } from '../../ports/topicPublisher.js';
import { LOCAL_ARN_SCOPE, type ArnScope } from '../../protocol/invocation/config.js';
import type { InvocationTrigger } from '../../protocol/invocation/invocationInput.js';
import { byteLimitOption, SERVERLESS_PAYLOAD_LIMIT_BYTES } from '../../protocol/payloadLimits.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { AnyFunctionDefinition, FunctionDefinition } from './defineFunction.js';
import { LambdaDestination } from './destinations.js';
import type { DeliveryScope, DuplicateDeliveryPolicy, FunctionsHost } from './functionsHost.js';
import { invocationInputFor, toJson } from './invocationInputs.js';
import { asyncInvocationExecutors } from './invocationExecutors.js';
import { newRequestId } from './requestIds.js';
import { responseOnlyRule } from './responseOnlyRules.js';

/** Lambda's limit on an asynchronous invocation's payload: 1 MB since 2026-01-29 (it was 256 KB). */
export const ASYNC_PAYLOAD_LIMIT_BYTES = SERVERLESS_PAYLOAD_LIMIT_BYTES;

/** Options of `createFunctions`. */
export interface FunctionsAppOptions {
  readonly runtime: Runtime;
  readonly bus: RuleBus;
  readonly clock?: Clock;
  /** Where queue destinations and DLQs send; default an embedded queue (an SQS adapter can slot in). */
  readonly queue?: QueueSender;
  /** Where topic destinations and DLQs publish; default an embedded topic (an SNS adapter can slot in). */
  readonly topic?: TopicPublisher;
  /** Multiplies every retry wait (default 1). Demos on the wall clock use e.g. 0.001 so 1 minute is 60 ms. */
  readonly retryDelayScale?: number;
  /** Multiplies handler timeouts, which run on real time (default 1). */
  readonly timeoutScale?: number;
  readonly scope?: ArnScope;
  /** Test-kit fault: deliver an attempt to the handler twice when this says so. */
  readonly duplicateDelivery?: DuplicateDeliveryPolicy;
  readonly log?: (line: string) => void;
  /** Run attempts through this instead of in-process (each function a Lambda function on AWS). */
  readonly invoker?: FunctionInvoker;
  /**
   * Publish event-bus destination results here instead of on `bus` (EventBridge on AWS). The deployment's
   * rules then route responseOnly results (CDK's LambdaDestination shape), so none is written to `bus`:
   * one path, nothing started twice.
   */
  readonly eventBuses?: (busName: string) => Bus;
  /** Largest `invokeAsync` payload in UTF-8 bytes of its JSON (default 1 MB, Lambda's limit). */
  readonly asyncPayloadLimitBytes?: number;
}

/** Options of one `invokeAsync` call. */
export interface InvokeAsyncOptions {
  /**
   * Choose the request id (idempotent: the same id twice is one invocation). Default: a new UUID of version 7
   * (time-ordered, RFC 9562), which the store indexes more cheaply than a random one.
   */
  readonly requestId?: string;
  /** Multiplies retry waits for this invocation and its chain; 0 < scale ≤ 1. */
  readonly retryDelayScale?: number;
  /** What started it, for the timeline (default: a direct invoke). */
  readonly trigger?: InvocationTrigger;
  /** `RequestResponse` when a caller waits on the first attempt: no retry, no destination (default `Event`). */
  readonly invocationType?: 'Event' | 'RequestResponse';
  /**
   * False to start without the asynchronous payload limit, for a delivery whose size its source bounds (an
   * event source mapping's batch, an event Lambda already accepted); default true.
   * @internal
   */
  readonly checkPayloadLimit?: boolean;
}

/** What `invokeAsync` answers at once: the request id and the service's 202. */
export interface InvokeAsyncResult {
  readonly requestId: string;
  readonly statusCode: 202;
  /** False when this request id had been accepted before: the call started nothing new. */
  readonly applied: boolean;
}

/**
 * Functions invoked asynchronously, each invocation an instance of the `asyncInvocation` machine.
 * @example
 * const functions = createFunctions({ runtime, bus });
 * const { requestId } = await functions.invokeAsync(resize, { key: 'a.jpg' });
 */
export class FunctionsApp {
  readonly clock: Clock;
  readonly queue: QueueSender;
  readonly topic: TopicPublisher;
  private readonly host: FunctionsHost;
  private readonly functions = new Map<string, AnyFunctionDefinition>();
  private readonly asyncPayloadLimitBytes: number;

  constructor(options: FunctionsAppOptions) {
    this.asyncPayloadLimitBytes = byteLimitOption(
      'functions options',
      'asyncPayloadLimitBytes',
      options.asyncPayloadLimitBytes,
      ASYNC_PAYLOAD_LIMIT_BYTES,
    );
    const clock = options.clock ?? options.runtime.clock;
    this.clock = clock;
    this.queue = options.queue ?? new EmbeddedQueue({ clock });
    this.topic = options.topic ?? new EmbeddedTopic({ clock });
    this.host = {
      runtime: options.runtime,
      clock,
      bus: options.bus,
      queue: this.queue,
      topic: this.topic,
      scope: options.scope ?? LOCAL_ARN_SCOPE,
      retryDelayScale: options.retryDelayScale ?? 1,
      timeoutScale: options.timeoutScale ?? 1,
      duplicateDelivery: options.duplicateDelivery ?? (() => false),
      deliveryScope: new AsyncLocalStorage<DeliveryScope>(),
      running: new Map(),
      log: options.log ?? ((line) => console.log(line)),
      ...(options.invoker === undefined ? {} : { invoker: options.invoker }),
      ...(options.eventBuses === undefined ? {} : { eventBuses: options.eventBuses }),
      lookup: (name) => this.functions.get(name),
    };
    options.runtime.register(asyncInvocationDefinition, asyncInvocationExecutors(this.host));
  }

  /**
   * Make a function (and the functions its destinations name) invocable; writes its responseOnly rules
   * to the in-process bus (with `eventBuses`, the deployment holds them instead).
   */
  register(fn: AnyFunctionDefinition): this {
    const known = this.functions.get(fn.name);
    if (known === fn) return this;
    if (known !== undefined)
      throw new ValidationError('function registration', [
        { path: fn.name, rule: 'another function with this name is already registered' },
      ]);
    this.functions.set(fn.name, fn);
    for (const [outcome, destination] of [
      ['Success', fn.onSuccess],
      ['Failure', fn.onFailure],
    ] as const) {
      if (!(destination instanceof LambdaDestination)) continue;
      this.register(destination.target);
      if (destination.options.responseOnly === true && this.host.eventBuses === undefined)
        this.host.bus.putRule(responseOnlyRule(this.host, fn, outcome, destination.target));
    }
    return this;
  }

  /** The registered functions. */
  all(): readonly AnyFunctionDefinition[] {
    return [...this.functions.values()];
  }

  /** Account, region and function-name prefix the ARNs in invocation records name. */
  get scope(): ArnScope {
    return this.host.scope;
  }

  /** The registered function with this name. */
  get(name: string): AnyFunctionDefinition | undefined {
    return this.functions.get(name);
  }

  /**
   * Queue an event for `fn` and return at once (HTTP 202 semantics). The same `requestId` twice is one
   * invocation (`applied` false the second time). `retryDelayScale` (default: the app's) shortens retry
   * waits for this invocation and everything it chains to.
   */
  async invokeAsync<TPayload>(
    fn: FunctionDefinition<TPayload, unknown>,
    payload: TPayload,
    options: InvokeAsyncOptions = {},
  ): Promise<InvokeAsyncResult> {
    this.register(fn);
    const json = acceptedPayload(payload);
    // A delivery whose source bounds its size is not measured, nor one whose size bound is within the limit
    // (the exact count is a whole JSON write).
    const bytes =
      options.checkPayloadLimit === false || jsonFitsIn(json, this.asyncPayloadLimitBytes)
        ? 0
        : Buffer.byteLength(JSON.stringify(json));
    if (bytes > this.asyncPayloadLimitBytes) {
      const rule =
        `must be at most ${this.asyncPayloadLimitBytes} bytes for an ` +
        `asynchronous invocation (option asyncPayloadLimitBytes), got ${bytes}`;
      throw new PayloadLimitError(
        `payload for ${fn.name}`,
        { path: 'payload', rule },
        bytes,
        this.asyncPayloadLimitBytes,
      );
    }
    const requestId = options.requestId ?? newRequestId();
    const input = invocationInputFor(
      fn,
      {
        requestId,
        payload: json,
        acceptedAt: this.host.clock.now(),
        retryDelayScale: options.retryDelayScale ?? this.host.retryDelayScale,
        chain: { visits: { [fn.name]: 1 }, trigger: options.trigger ?? { kind: 'invoke' } },
        ...(options.invocationType === undefined ? {} : { invocationType: options.invocationType }),
      },
      this.host.scope,
    );
    const { applied } = await this.host.runtime.start(ASYNC_INVOCATION_MACHINE_ID, requestId, input);
    return { requestId, statusCode: 202, applied };
  }
}

/**
 * The payload as the invocation keeps it: its JSON copy, deep-frozen where it is a plain object or array, so
 * the instance's input (and every record of it) shares this one copy instead of copying it again.
 */
function acceptedPayload(payload: unknown): Json {
  const plain =
    typeof payload === 'object' && payload !== null && typeof (payload as { toJSON?: unknown }).toJSON !== 'function';
  return plain ? frozenJson(payload as Json) : toJson(payload);
}

/**
 * Create the functions app over a runtime and a bus; registers the asynchronous-invocation machine.
 * @example
 * const functions = createFunctions({ runtime, bus, retryDelayScale: 0.001 });
 */
export function createFunctions(options: FunctionsAppOptions): FunctionsApp {
  return new FunctionsApp(options);
}
