import { z } from 'zod';
import { ValidationError } from '../core/errors.js';
import { frozenJson } from '../core/sharedJson.js';
import type { MachineDefinition } from '../core/machineDefinition.js';
import { parseInput } from '../protocol/validate.js';
import type { EventOrigin, MachineEvent, StepLinks, StepRecord } from '../core/stepRecord.js';

// What the runtime checks and derives for every event entering a step, kept apart from the runner.

/** The links of a step: the chain of the head unless told otherwise; a plain step shares the head's links object. */
export function stepLinks(links: Partial<StepLinks>, head: StepRecord | undefined, streamId: string): StepLinks {
  const correlationId = links.correlationId ?? head?.links.correlationId ?? streamId;
  const plain = links.causationId === undefined && (links.caused === undefined || links.caused.length === 0);
  if (
    plain &&
    head !== undefined &&
    head.links.correlationId === correlationId &&
    head.links.causationId === undefined &&
    head.links.caused === undefined
  ) {
    return head.links;
  }
  // Built member by member rather than by spreading literals: this runs on nearly every step.
  const { causationId, caused } = links;
  // A start's plain links are shared by every plain step after it, so they are settled (see `frozenJson`).
  if (caused === undefined || caused.length === 0) {
    if (causationId !== undefined) return { correlationId, causationId };
    return head === undefined ? frozenJson({ correlationId }) : { correlationId };
  }
  return causationId === undefined ? { correlationId, caused } : { correlationId, causationId, caused };
}

/** The origin of every event sent from outside (shared and settled, see `frozenJson`: most steps have it). */
export const EXTERNAL: EventOrigin = frozenJson({ kind: 'external' });

/** Wait `ms` milliseconds (the conflict backoff). */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Instance ids: non-empty, at most 512 characters, no control characters. */
export const instanceIdSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(512, 'must be at most 512 characters')
  .regex(/^[^\u0000-\u001f]+$/, 'must not contain control characters');

const CONTROL_CHARACTER = /[\u0000-\u001f]/;

/**
 * The instance id checked as `instanceIdSchema` checks it; a good id (every start has one) is told by hand,
 * and only a bad one goes through the schema, which then words the error exactly as before.
 */
export function checkInstanceId(instanceId: unknown): string {
  if (
    typeof instanceId === 'string' &&
    instanceId.length >= 1 &&
    instanceId.length <= 512 &&
    !CONTROL_CHARACTER.test(instanceId)
  )
    return instanceId;
  return parseInput(instanceIdSchema, instanceId, 'instance id');
}

/**
 * An external event checked against the instance's pinned definition: its `events` schema, or without one the
 * one rule every event follows. `event` is the caller's, unchecked until here.
 */
export function sentEvent(definition: MachineDefinition, event: unknown, instanceId: string): MachineEvent {
  return definition.events === undefined
    ? checkEventShape(event, instanceId)
    : (parseInput(definition.events, event, `event for ${instanceId}`) as MachineEvent);
}

/** The one rule for events of machines without an `events` schema (checked by hand: it runs on every step). */
export function checkEventShape(event: unknown, instanceId: string): MachineEvent {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new ValidationError(`event for ${instanceId}`, [
      { path: '', rule: 'must be an object with a string "type"' },
    ]);
  }
  const type = (event as { type?: unknown }).type;
  if (typeof type !== 'string' || type.length === 0) {
    throw new ValidationError(`event for ${instanceId}`, [{ path: 'type', rule: 'must be a non-empty string' }]);
  }
  return event as MachineEvent;
}
