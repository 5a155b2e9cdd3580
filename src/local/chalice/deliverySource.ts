import { ASYNC_INVOCATION_MACHINE_ID } from '../../../machines/asyncInvocation/asyncInvocation.definition.js';
import type { StepRecord } from '../../core/stepRecord.js';

/** The parts of an invocation's context that say which function ran and what started it. */
interface InvocationContext {
  readonly input?: { readonly functionName?: string; readonly trigger?: { readonly source?: string } };
}

/**
 * The source an invocation instance was delivered from (`s3:img`, `sqs:jobs`, `schedule:media-everyFive`,
 * `events:media-onCommit`), read from the trigger its input carries; undefined for anything else.
 */
export function deliverySourceOf(head: StepRecord): string | undefined {
  if (head.machine.id !== ASYNC_INVOCATION_MACHINE_ID) return undefined;
  return (head.state.context as InvocationContext | null)?.input?.trigger?.source;
}

/** The function an invocation instance runs. */
export function deliveryFunctionOf(head: StepRecord): string | undefined {
  if (head.machine.id !== ASYNC_INVOCATION_MACHINE_ID) return undefined;
  return (head.state.context as InvocationContext | null)?.input?.functionName;
}

/**
 * The trigger source a `--source` value names. Sources are written as deliveries record them, except
 * `cw-event:<rule>`, Chalice's name for what EventBridge records as `events:<rule>`.
 */
export function recordedSourceName(source: string): string {
  return source.startsWith('cw-event:') ? `events:${source.slice('cw-event:'.length)}` : source;
}
