import { ASYNC_INVOCATION_MACHINE_ID } from '../../../machines/asyncInvocation/asyncInvocation.definition.js';
import type { StepRecord } from '../../core/stepRecord.js';

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
 * Which deliveries a source name selects. Most are written as triggers record them (`sqs:jobs`); three use
 * Chalice's words: `cw-event:<rule>` for EventBridge's `events:<rule>`, `http:<METHOD> <path>` for a route
 * of any app's API (`http:GET /objects/{key}`), and `ws:<route key>` for `websocket:<route key>`.
 */
export function deliverySelector(name: string): (trigger: DeliveryTrigger) => boolean {
  const [kind = '', rest = ''] = splitOnce(name, ':');
  if (kind === 'cw-event') return (t) => t.source === `events:${rest}`;
  if (kind === 'ws') return (t) => t.source === `websocket:${rest}`;
  if (kind === 'http') return (t) => t.source.startsWith('api:') && t.rule === rest;
  return (t) => t.source === name;
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}
