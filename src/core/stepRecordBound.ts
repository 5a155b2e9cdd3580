import { jsonBound, memberBound } from './recordSize.js';
import { NULL_BOUND, NUMBER_BOUND, stringBound } from './sharedJson.js';
import type { Command, PersistedState, StepRecord, Timer } from './stepRecord.js';

/** The bounds of the parts a step made, worked out while it made them (undefined where JSON did more than copy). */
export interface MadeBounds {
  readonly context: number | undefined;
  /** One per command of the record, in order. */
  readonly commands: readonly (number | undefined)[];
  /** One per timer the record sets, in order. */
  readonly timers: readonly (number | undefined)[];
}

/** Stands for "no bound": the exact count decides. */
const UNBOUNDED = -1;

/**
 * The bound of the JSON of a record as `decide` builds it, the same `jsonBound` finds by walking it, worked
 * out member by member from the record's known shape: the parts the step made count as they were bounded
 * (a command or timer also stands in the pending work), and only the rest is walked. Undefined where JSON
 * would do more than copy some part.
 */
export function stepRecordBound(record: StepRecord, made: MadeBounds): number | undefined {
  let bound = 2;
  bound = add(bound, 'streamId', stringBound(record.streamId));
  bound = add(bound, 'version', NUMBER_BOUND);
  bound = add(bound, 'eventId', stringBound(record.eventId));
  bound = add(bound, 'event', walked(record.event));
  bound = add(bound, 'origin', walked(record.origin));
  bound = add(bound, 'at', NUMBER_BOUND);
  bound = add(bound, 'machine', walked(record.machine));
  bound = add(bound, 'stateBefore', record.stateBefore === null ? NULL_BOUND : stringBound(record.stateBefore));
  bound = add(bound, 'stateAfter', stringBound(record.stateAfter));
  bound = add(bound, 'state', stateBound(record.state, made.context));
  bound = add(bound, 'tags', walked(record.tags));
  bound = add(bound, 'commands', listBound(record.commands, record.commands, made.commands));
  bound = add(bound, 'timersSet', listBound(record.timersSet, record.timersSet, made.timers));
  bound = add(bound, 'timersCancelled', walked(record.timersCancelled));
  bound = add(bound, 'links', walked(record.links));
  bound = add(bound, 'pending', pendingBound(record, made));
  bound = add(bound, 'startedAt', NUMBER_BOUND);
  if (record.redact !== undefined) bound = add(bound, 'redact', walked(record.redact));
  if (record.about !== undefined) bound = add(bound, 'about', walked(record.about));
  return bound === UNBOUNDED ? undefined : bound;
}

function add(bound: number, key: string, member: number): number {
  return bound === UNBOUNDED || member === UNBOUNDED ? UNBOUNDED : bound + memberBound(key, member);
}

const walked = (value: unknown): number => jsonBound(value) ?? UNBOUNDED;

function stateBound(state: PersistedState, context: number | undefined): number {
  let bound = 2;
  bound = add(bound, 'value', walked(state.value));
  bound = add(bound, 'context', context ?? walked(state.context));
  bound = add(bound, 'status', stringBound(state.status));
  if ('output' in state) bound = add(bound, 'output', walked(state.output));
  return bound;
}

function pendingBound(record: StepRecord, made: MadeBounds): number {
  const { pending } = record;
  let bound = 2;
  bound = add(bound, 'commands', listBound(pending.commands, record.commands, made.commands));
  bound = add(bound, 'timers', listBound(pending.timers, record.timersSet, made.timers));
  return bound;
}

/** An array of commands or timers: those the step made count as bounded, the rest (carried over) are walked. */
function listBound(
  items: readonly (Command | Timer)[],
  madeItems: readonly (Command | Timer)[],
  madeBounds: readonly (number | undefined)[],
): number {
  let bound = 2 + items.length;
  for (const item of items) {
    const at = madeItems.length === 0 ? -1 : madeItems.indexOf(item);
    const member = at === -1 ? walked(item) : (madeBounds[at] ?? walked(item));
    if (member === UNBOUNDED) return UNBOUNDED;
    bound += member;
  }
  return bound;
}
