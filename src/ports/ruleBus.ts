import type { Json } from '../core/stepRecord.js';
import type { EventBridgeEnvelope } from '../protocol/eventBridgeEnvelope.js';
import type { EventPattern } from '../protocol/eventPattern.js';
import type { InputTransformer } from '../protocol/inputTransformer.js';
import type { Bus } from './bus.js';

/**
 * Where a rule sends a matching event. At most one of `input`, `inputPath` and `inputTransformer`
 * shapes what the target receives, as with EventBridge targets; with none it gets the whole event.
 */
export interface BusTarget {
  readonly id: string;
  /** JSONPath selecting part of the event, as EventBridge's `InputPath`. */
  readonly inputPath?: string;
  /** Constant JSON sent instead of the event, as EventBridge's `Input`. */
  readonly input?: Json;
  /** Variables from the event placed into a template, as EventBridge's `InputTransformer`. */
  readonly inputTransformer?: InputTransformer;
  deliver(input: Json, envelope: EventBridgeEnvelope): Promise<void>;
}

/** A rule: an event pattern and the targets of the events it matches. */
export interface BusRule {
  readonly name: string;
  readonly description?: string;
  readonly eventPattern: EventPattern;
  readonly targets: readonly BusTarget[];
}

/** A bus that features can add rules to: the in-process bus on one machine. */
export interface RuleBus extends Bus {
  /** Add or replace the rule of this name; a rule EventBridge would refuse is refused with the reasons. */
  putRule(rule: BusRule): void;
}
