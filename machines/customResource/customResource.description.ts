import type { InstanceDescription, InstanceOutcome, PersistedState } from '../../src/core/stepRecord.js';
import type { CustomResourceContext } from './customResource.events.js';

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** The stack's name: ROS sends it; CloudFormation's StackId ARN carries it as `stack/<name>/<guid>`. */
function stackNameOf(event: CustomResourceContext['event']): string | undefined {
  return text(event['StackName']) ?? /:stack\/([^/]+)\//.exec(text(event['StackId']) ?? '')?.[1];
}

function outcomeOf(context: CustomResourceContext, state: PersistedState): InstanceOutcome | undefined {
  const response = context.response;
  if (response === undefined) return undefined;
  if (state.value === 'undelivered') {
    const why = context.lastPutError ?? 'unknown error';
    return {
      result: 'failed',
      label: 'UNDELIVERED',
      detail: `${response.Status} was decided but not delivered: ${why}`,
    };
  }
  const result = response.Status === 'SUCCESS' ? 'succeeded' : 'failed';
  return { result, label: response.Status, ...(response.Reason === undefined ? {} : { detail: response.Reason }) };
}

/**
 * A custom resource request as people name it: `Create Custom::Thing Ok (stack demo-stack)`, with the
 * decided answer as its outcome; settled once answered (or given up on), though a duplicate of the
 * request is still answered again with the same body.
 */
export function describeCustomResource(state: PersistedState): InstanceDescription {
  const context = state.context as unknown as CustomResourceContext;
  const event = context.event;
  const stack = stackNameOf(event);
  const parts = [text(event['RequestType']), text(event['ResourceType']), text(event['LogicalResourceId'])];
  const title = `${parts.filter((p) => p !== undefined).join(' ')}${stack === undefined ? '' : ` (stack ${stack})`}`;
  const outcome = outcomeOf(context, state);
  const settled = state.value === 'answered' || state.value === 'undelivered';
  return {
    ...(title === '' ? {} : { title }),
    ...(outcome === undefined ? {} : { outcome }),
    ...(settled ? { settled: true } : {}),
  };
}
