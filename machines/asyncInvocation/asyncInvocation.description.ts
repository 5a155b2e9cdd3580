import type { InstanceDescription, InstanceOutcome, PersistedState } from '../../src/core/stepRecord.js';
import { deliverySourceKey } from '../../src/protocol/invocation/deliverySourceKey.js';
import type { InvocationContext } from './asyncInvocation.events.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The error message of the last failed attempt, when the function returned one. */
function lastError(context: InvocationContext): string | undefined {
  const payload = context.lastResponse?.payload;
  if (context.lastResponse?.functionError === undefined) return undefined;
  if (payload !== null && typeof payload === 'object' && !Array.isArray(payload)) {
    const message = payload['errorMessage'];
    if (typeof message === 'string') return message;
  }
  return typeof payload === 'string' ? payload : context.lastResponse.functionError;
}

function outcomeOf(context: InvocationContext): InstanceOutcome | undefined {
  const condition = context.condition;
  if (condition === undefined) return undefined;
  const attempts = `after ${plural(context.invokeCount, 'attempt')}`;
  if (condition === 'Success') return { result: 'succeeded', label: condition, detail: attempts };
  const error = lastError(context);
  return {
    result: 'failed',
    label: condition,
    detail: error === undefined ? attempts : `${attempts}; last error: ${error}`,
  };
}

/**
 * An invocation as people name it: the function, then how it ended and after how many attempts
 * (`demo-resize (Success after 2 attempts)`); settled once its record is delivered. An App source's
 * delivery names its source (`sqs:jobs`), which stores index for `ls --source`.
 */
export function describeInvocation(state: PersistedState): InstanceDescription {
  const context = state.context as unknown as InvocationContext;
  const outcome = outcomeOf(context);
  const name = context.input.functionName;
  const title =
    outcome === undefined
      ? `${name} (${plural(context.invokeCount, 'attempt')} so far)`
      : `${name} (${outcome.label} after ${plural(context.invokeCount, 'attempt')})`;
  const trigger = context.input.trigger;
  // Built up key by key (this runs on every step): conditional spreads each make and copy an object.
  const description: { -readonly [K in keyof InstanceDescription]: InstanceDescription[K] } = { title };
  if (trigger.kind === 'eventSource') description.source = deliverySourceKey(trigger);
  if (outcome !== undefined) description.outcome = outcome;
  if (state.status === 'done') description.settled = true;
  return description;
}
