import type { AsyncLocalStorage } from 'node:async_hooks';
import type { Bus } from '../../ports/bus.js';
import type { RuleBus } from '../../ports/ruleBus.js';
import type { Clock } from '../../ports/clock.js';
import type { FunctionInvoker } from '../../ports/functionInvoker.js';
import type { QueueSender } from '../../ports/queueSender.js';
import type { TopicPublisher } from '../../ports/topicPublisher.js';
import type { ArnScope } from '../../protocol/invocation/config.js';
import type { ExecutorContext } from '../../runtime/executor.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { AnyFunctionDefinition } from './defineFunction.js';

/** A fault the test kit can inject: deliver one attempt to the handler twice (at-least-once). */
export type DuplicateDeliveryPolicy = (attempt: {
  readonly requestId: string;
  readonly functionName: string;
  readonly attempt: number;
}) => boolean;

/** What a bus delivery made happen, collected while a `deliverResult` command publishes to a bus. */
export interface RuleDeliveryNote {
  readonly rule: string;
  readonly targetFunction: string;
  readonly requestId?: string;
  readonly loopStopped?: { readonly visits: number };
}

/** The delivery in progress, visible to rule targets the bus calls synchronously within it. */
export interface DeliveryScope {
  readonly context: ExecutorContext;
  readonly visits: Readonly<Record<string, number>>;
  readonly sourceRequestId: string;
  readonly sourceFunction: string;
  /** Carried down the chain so a demo's shortened waits apply to every hop. */
  readonly retryDelayScale: number;
  readonly notes: RuleDeliveryNote[];
}

/** What the executors of the asynchronous-invocation machine need from the functions app. */
export interface FunctionsHost {
  readonly runtime: Runtime;
  readonly clock: Clock;
  readonly bus: RuleBus;
  readonly queue: QueueSender;
  readonly topic: TopicPublisher;
  readonly scope: ArnScope;
  readonly retryDelayScale: number;
  readonly timeoutScale: number;
  readonly duplicateDelivery: DuplicateDeliveryPolicy;
  readonly deliveryScope: AsyncLocalStorage<DeliveryScope>;
  /** Running executions per function, for reserved concurrency. */
  readonly running: Map<string, number>;
  readonly log: (line: string) => void;
  /** Event-bus destinations outside this process (EventBridge on AWS, whose deployed rules route responseOnly). */
  readonly eventBuses?: (busName: string) => Bus;
  /** Where attempts run when not in-process (Lambda Invoke on AWS). */
  readonly invoker?: FunctionInvoker;
  lookup(name: string): AnyFunctionDefinition | undefined;
}
