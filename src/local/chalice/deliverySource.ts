import { ASYNC_INVOCATION_MACHINE_ID } from '../../../machines/asyncInvocation/asyncInvocation.definition.js';
import type { StepRecord } from '../../core/stepRecord.js';
import { deliverySourceKey, sourceKeyOfName } from '../../protocol/invocation/deliverySourceKey.js';

/** What started a delivery, as its invocation's trigger records it. */
export interface DeliveryTrigger {
  /** `s3:img`, `sqs:jobs`, `schedule:media-everyFive`, `events:media-onCommit`, `api:media`, `websocket:$connect`. */
  readonly source: string;
  /** The rule within the source: a route's `GET /objects/{key}`, a schedule's expression, an SQS batch size. */
  readonly rule?: string;
}

/** The parts of an invocation's context that say which function ran and what started it. */
interface InvocationContext {
  readonly input?: { readonly functionName?: string; readonly trigger?: { source?: string; rule?: string } };
}

/** The trigger of an invocation instance delivered from an App source; undefined for anything else. */
export function deliveryTriggerOf(head: StepRecord): DeliveryTrigger | undefined {
  if (head.machine.id !== ASYNC_INVOCATION_MACHINE_ID) return undefined;
  const trigger = (head.state.context as InvocationContext | null)?.input?.trigger;
  if (typeof trigger?.source !== 'string') return undefined;
  return typeof trigger.rule === 'string' ? { source: trigger.source, rule: trigger.rule } : { source: trigger.source };
}

/** The source an invocation instance was delivered from (`s3:img`, `sqs:jobs`), if an App source. */
export function deliverySourceOf(head: StepRecord): string | undefined {
  return deliveryTriggerOf(head)?.source;
}

/** The function an invocation instance runs. */
export function deliveryFunctionOf(head: StepRecord): string | undefined {
  if (head.machine.id !== ASYNC_INVOCATION_MACHINE_ID) return undefined;
  return (head.state.context as InvocationContext | null)?.input?.functionName;
}

/**
 * Which deliveries a source name selects: those whose trigger has the name's key (`deliverySourceKey`:
 * `cw-event:<rule>`, `http:<METHOD> <path>` and `ws:<route key>` in Chalice's words), or for `api:<app>`
 * every route of that app.
 */
export function deliverySelector(name: string): (trigger: DeliveryTrigger) => boolean {
  const key = sourceKeyOfName(name);
  if (key === undefined) return (t) => t.source === name;
  return (t) => deliverySourceKey(t) === key;
}
