import { z } from 'zod';
import { frozenJson, isSettledJson } from '../../core/sharedJson.js';
import type { Json } from '../../core/stepRecord.js';
import { MAXIMUM_EVENT_AGE_SECONDS, MAXIMUM_RETRY_ATTEMPTS, TIMEOUT_SECONDS } from './config.js';
import { invocationInputSchema, type InvocationInput, type InvocationTrigger } from './invocationInput.js';

/**
 * `invocationInputSchema` as the runtime checks a starting instance's input: a plainly valid input is read
 * directly (`plainInvocationInput`), anything else by the schema, whose issues (field paths, rules) it keeps.
 */
export const acceptedInvocationInputSchema = z.unknown().transform((value, payload): InvocationInput => {
  const plain = plainInvocationInput(value);
  if (plain !== undefined) return plain;
  const parsed = invocationInputSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const { path, message } of parsed.error.issues)
    payload.issues.push({ code: 'custom', path, message, input: value });
  return z.NEVER;
});

/**
 * The accepted form of an invocation input that is plainly valid, or undefined.
 *
 * Every invocation starts with its input validated, and an input built by the functions app is valid by
 * construction, so the general schema walk (two per workflow of two functions) is paid for nothing. This
 * reads the common shape directly from plain objects, leaving unknown keys out as the schema does. Anything
 * else, valid or not, answers undefined and goes through `invocationInputSchema`, which also words the
 * errors. What it returns equals the schema's output, key order included (property-tested against it).
 */
export function plainInvocationInput(value: unknown): InvocationInput | undefined {
  if (!isPlain(value)) return undefined;
  const { requestId, functionName, functionArn, payload, acceptedAt } = value;
  if (typeof requestId !== 'string' || requestId.length === 0) return undefined;
  if (!isResourceName(functionName) || typeof functionArn !== 'string' || functionArn.length === 0) return undefined;
  if (payload === undefined || !isInteger(acceptedAt, 0, Number.MAX_SAFE_INTEGER)) return undefined;
  const config = acceptedConfig(value.config);
  const retryDelayScale = orDefault(value.retryDelayScale, 1);
  if (config === undefined || typeof retryDelayScale !== 'number' || !(retryDelayScale > 0 && retryDelayScale <= 1))
    return undefined;
  const visits = plainVisits(value.visits);
  const trigger = value.trigger === undefined ? { kind: 'invoke' as const } : plainTrigger(value.trigger);
  const invocationType = value.invocationType;
  if (visits === undefined || trigger === undefined) return undefined;
  if (invocationType !== undefined && invocationType !== 'Event' && invocationType !== 'RequestResponse')
    return undefined;
  // As the schema: an optional key given as undefined stays, as undefined.
  const withType = invocationType !== undefined || 'invocationType' in value;
  const input: { -readonly [K in keyof InvocationInput]: InvocationInput[K] } = {
    requestId,
    functionName,
    functionArn,
    payload: payload as Json,
    acceptedAt,
    config,
    retryDelayScale,
    visits,
    trigger,
  };
  // Set on the object rather than spread into a copy with one more key, which V8 makes slow.
  if (withType) input.invocationType = invocationType;
  return input;
}

type Plain = { readonly [key: string]: unknown };

const RESOURCE_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** An object literal's kind of value; anything else (class instances, arrays) is left to the schema. */
function isPlain(value: unknown): value is Plain {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

// Not `??`: a null is a wrong value, not a missing one.
const orDefault = (value: unknown, fallback: number): unknown => (value === undefined ? fallback : value);

function isInteger(value: unknown, min: number, max: number): value is number {
  return Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max;
}

const isResourceName = (value: unknown): value is string => typeof value === 'string' && RESOURCE_NAME.test(value);

// Accepted forms of settled configs (the functions app builds one per function and hands it to every start).
const acceptedSettledConfigs = new WeakMap<object, InvocationInput['config'] | null>();

/**
 * `plainConfig`, remembered for a settled config: it can never change, so it is read once, and its accepted
 * form is settled too, so every instance's context shares that one object instead of copying it per start.
 */
function acceptedConfig(value: unknown): InvocationInput['config'] | undefined {
  if (!isSettledJson(value)) return plainConfig(value);
  const settled = value as object;
  const known = acceptedSettledConfigs.get(settled);
  if (known !== undefined) return known ?? undefined;
  const plain = plainConfig(value);
  const accepted = plain === undefined ? undefined : frozenJson(plain);
  acceptedSettledConfigs.set(settled, accepted ?? null);
  return accepted;
}

function plainConfig(value: unknown): InvocationInput['config'] | undefined {
  if (!isPlain(value)) return undefined;
  const retries = orDefault(value.maximumRetryAttempts, MAXIMUM_RETRY_ATTEMPTS.default);
  const eventAge = orDefault(value.maximumEventAgeInSeconds, MAXIMUM_EVENT_AGE_SECONDS.default);
  const timeout = orDefault(value.timeoutSeconds, TIMEOUT_SECONDS.default);
  const { reservedConcurrency, deadLetterQueue } = value;
  if (!isInteger(retries, MAXIMUM_RETRY_ATTEMPTS.min, MAXIMUM_RETRY_ATTEMPTS.max)) return undefined;
  if (!isInteger(eventAge, MAXIMUM_EVENT_AGE_SECONDS.min, MAXIMUM_EVENT_AGE_SECONDS.max)) return undefined;
  if (!isInteger(timeout, TIMEOUT_SECONDS.min, TIMEOUT_SECONDS.max)) return undefined;
  if (reservedConcurrency !== undefined && !isInteger(reservedConcurrency, 0, Number.MAX_SAFE_INTEGER))
    return undefined;
  const onSuccess = value.onSuccess === undefined ? undefined : plainDestination(value.onSuccess);
  const onFailure = value.onFailure === undefined ? undefined : plainDestination(value.onFailure);
  const dlq = deadLetterQueue === undefined ? undefined : plainDeadLetter(deadLetterQueue);
  if (onSuccess === undefined && value.onSuccess !== undefined) return undefined;
  if (onFailure === undefined && value.onFailure !== undefined) return undefined;
  if (dlq === undefined && deadLetterQueue !== undefined) return undefined;
  const config: Record<string, unknown> = {
    maximumRetryAttempts: retries,
    maximumEventAgeInSeconds: eventAge,
    timeoutSeconds: timeout,
  };
  // As the schema: an optional key given as undefined stays, as undefined.
  if ('reservedConcurrency' in value) config.reservedConcurrency = reservedConcurrency;
  if ('onSuccess' in value) config.onSuccess = onSuccess;
  if ('onFailure' in value) config.onFailure = onFailure;
  if ('deadLetterQueue' in value) config.deadLetterQueue = dlq;
  return config as InvocationInput['config'];
}

/** `{ type, name, arn }` with a resource name and a string ARN, in the schema's key order. */
function plainResource(value: unknown): { type: unknown; name: string; arn: string } | undefined {
  if (!isPlain(value)) return undefined;
  const { type, name, arn } = value;
  return isResourceName(name) && typeof arn === 'string' ? { type, name, arn } : undefined;
}

function plainDeadLetter(value: unknown): InvocationInput['config']['deadLetterQueue'] {
  const spec = plainResource(value);
  if (spec === undefined || (spec.type !== 'queue' && spec.type !== 'topic')) return undefined;
  return spec as NonNullable<InvocationInput['config']['deadLetterQueue']>;
}

// Bus destinations (with their responseOnly rule) are rare here: the schema takes them.
function plainDestination(value: unknown): InvocationInput['config']['onSuccess'] {
  const spec = plainResource(value);
  if (spec === undefined || (spec.type !== 'function' && spec.type !== 'queue' && spec.type !== 'topic'))
    return undefined;
  return spec as NonNullable<InvocationInput['config']['onSuccess']>;
}

function plainVisits(value: unknown): Record<string, number> | undefined {
  // A record schema reads symbol keys too (and refuses them), and skips a `__proto__` key.
  if (!isPlain(value) || Object.getOwnPropertySymbols(value).length > 0) return undefined;
  const visits: Record<string, number> = {};
  for (const key of Object.keys(value)) {
    const count = value[key];
    if (key === '__proto__') return undefined;
    if (!isInteger(count, 1, Number.MAX_SAFE_INTEGER)) return undefined;
    visits[key] = count;
  }
  return visits;
}

// Only the two kinds the functions app writes on its hot paths; rule and source triggers take the schema.
function plainTrigger(value: unknown): InvocationTrigger | undefined {
  if (!isPlain(value)) return undefined;
  if (value.kind === 'invoke') return { kind: 'invoke' };
  if (value.kind !== 'destination') return undefined;
  const { sourceRequestId, sourceFunction, condition } = value;
  if (typeof sourceRequestId !== 'string' || typeof sourceFunction !== 'string' || typeof condition !== 'string')
    return undefined;
  return { kind: 'destination', sourceRequestId, sourceFunction, condition };
}
