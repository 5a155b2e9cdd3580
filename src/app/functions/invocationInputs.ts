import { frozenJson, jsonCopy } from '../../core/sharedJson.js';
import type { Json } from '../../core/stepRecord.js';
import { functionArn, resourceArn, type ArnScope } from '../../protocol/invocation/config.js';
import type { InvocationInputDraft, InvocationTrigger } from '../../protocol/invocation/invocationInput.js';
import type { AnyFunctionDefinition } from './defineFunction.js';

/** Where an invocation sits in a chain. */
export interface ChainPosition {
  readonly visits: Readonly<Record<string, number>>;
  readonly trigger: InvocationTrigger;
}

/** The visits of a chain once it reaches `functionName` once more. */
export function visitsAfter(visits: Readonly<Record<string, number>>, functionName: string): Record<string, number> {
  const count = (visits[functionName] ?? 0) + 1;
  // An own "__proto__" key cannot be set by assignment: such a chain keeps the spread.
  if (functionName === '__proto__' || Object.hasOwn(visits, '__proto__')) return { ...visits, [functionName]: count };
  // Copied key by key: a spread copy that then gains a key (the function's first visit) is slow in V8.
  const after: Record<string, number> = {};
  for (const name in visits) if (Object.hasOwn(visits, name)) after[name] = visits[name]!;
  after[functionName] = count;
  return after;
}

/**
 * The machine input for one invocation of `fn`: its settings snapshotted now, destinations as plain
 * JSON specs.
 */
export function invocationInputFor(
  fn: AnyFunctionDefinition,
  request: {
    requestId: string;
    payload: Json;
    acceptedAt: number;
    retryDelayScale: number;
    chain: ChainPosition;
    invocationType?: 'Event' | 'RequestResponse';
  },
  scope: ArnScope,
): InvocationInputDraft {
  const settings = settingsOf(fn, scope);
  return {
    requestId: request.requestId,
    functionName: fn.name,
    functionArn: settings.functionArn,
    payload: request.payload,
    acceptedAt: request.acceptedAt,
    config: settings.config,
    retryDelayScale: request.retryDelayScale,
    visits: { ...request.chain.visits },
    trigger: request.chain.trigger,
    // Only a synchronous invocation says so: asynchronous inputs stay as they were recorded before.
    ...(request.invocationType === 'RequestResponse' ? { invocationType: 'RequestResponse' as const } : {}),
  };
}

/** What every invocation of one function in one ARN scope carries alike. */
interface FunctionSettings {
  readonly scope: ArnScope;
  readonly functionArn: string;
  readonly config: InvocationInputDraft['config'];
}

// A definition and its destinations never change, so their specs are built once per function rather than per
// invocation; frozen, every instance's input (and so every record of it) shares the one config object.
const settingsByFunction = new WeakMap<AnyFunctionDefinition, FunctionSettings>();

function settingsOf(fn: AnyFunctionDefinition, scope: ArnScope): FunctionSettings {
  const known = settingsByFunction.get(fn);
  if (known?.scope === scope) return known;
  const dlq = fn.deadLetterQueue;
  const config = {
    ...fn.config,
    ...(fn.onSuccess === undefined ? {} : { onSuccess: fn.onSuccess.toSpec(fn.name, 'Success', scope) }),
    ...(fn.onFailure === undefined ? {} : { onFailure: fn.onFailure.toSpec(fn.name, 'Failure', scope) }),
    ...(dlq === undefined
      ? {}
      : {
          deadLetterQueue:
            dlq.kind === 'queue'
              ? { type: 'queue' as const, name: dlq.queueName, arn: resourceArn('queue', dlq.queueName, scope) }
              : { type: 'topic' as const, name: dlq.topicName, arn: resourceArn('topic', dlq.topicName, scope) },
        }),
  };
  const settings = { scope, functionArn: functionArn(fn.name, scope), config: frozenJson(config) };
  settingsByFunction.set(fn, settings);
  return settings;
}

/** A value as JSON (what a handler returned), `undefined` becoming `null` as the service does. */
export function toJson(value: unknown): Json {
  if (value === undefined) return null;
  // An object or array (nearly every result) is copied in one walk rather than written out and read back, and
  // a deep-frozen member (the invocation's own payload handed back, say) is shared, not copied. Only a value
  // whose toJSON may answer undefined needs the `?? 'null'` below.
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON !== 'function')
    return jsonCopy(value);
  return JSON.parse(JSON.stringify(value) ?? 'null') as Json;
}
