import { jsonBound, memberBound } from './recordSize.js';
import { NULL_BOUND, NUMBER_BOUND, settledBound, stringBound } from './sharedJson.js';
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

/** What the braces and the keys of the members every record has add, counted once rather than per step. */
const RECORD_KEYS = keysBound([
  ['streamId', 'version', 'eventId', 'event', 'origin', 'at', 'machine', 'stateBefore', 'stateAfter', 'state'],
  ['tags', 'commands', 'timersSet', 'timersCancelled', 'links', 'pending', 'startedAt'],
]);
const STATE_KEYS = keysBound([['value', 'context', 'status']]);
const PENDING_KEYS = keysBound([['commands', 'timers']]);
/** The three numbers of every record: `version`, `at` and `startedAt`. */
const NUMBERS = 3 * NUMBER_BOUND;

/**
 * The bound of the JSON of a record as `decide` builds it, the same `jsonBound` finds by walking it, worked
 * out member by member from the record's known shape: the parts the step made count as they were bounded
 * (a command or timer also stands in the pending work), settled parts (shared from the head or made once)
 * count as they were settled, and only the rest is walked. Undefined where JSON would do more than copy
 * some part. Runs on every step: the keys' share is a constant and no member adds more than a sum.
 */
export function stepRecordBound(record: StepRecord, made: MadeBounds): number | undefined {
  const state = stateBound(record.state, made.context);
  const event = walked(record.event);
  const origin = walked(record.origin);
  const machine = walked(record.machine);
  const tags = walked(record.tags);
  const commands = listBound(record.commands, record.commands, made.commands);
  const timersSet = listBound(record.timersSet, record.timersSet, made.timers);
  const cancelled = walked(record.timersCancelled);
  const links = walked(record.links);
  const pending = pendingBound(record, made);
  if (
    state === UNBOUNDED ||
    event === UNBOUNDED ||
    origin === UNBOUNDED ||
    machine === UNBOUNDED ||
    tags === UNBOUNDED ||
    commands === UNBOUNDED ||
    timersSet === UNBOUNDED ||
    cancelled === UNBOUNDED ||
    links === UNBOUNDED ||
    pending === UNBOUNDED
  )
    return undefined;
  let bound =
    RECORD_KEYS +
    NUMBERS +
    stringBound(record.streamId) +
    stringBound(record.eventId) +
    (record.stateBefore === null ? NULL_BOUND : stringBound(record.stateBefore)) +
    stringBound(record.stateAfter) +
    state +
    event +
    origin +
    machine +
    tags +
    commands +
    timersSet +
    cancelled +
    links +
    pending;
  if (record.redact !== undefined) {
    const redact = walked(record.redact);
    if (redact === UNBOUNDED) return undefined;
    bound += memberBound('redact', redact);
  }
  if (record.about !== undefined) {
    const about = walked(record.about);
    if (about === UNBOUNDED) return undefined;
    bound += memberBound('about', about);
  }
  return bound;
}

/** Braces plus each key's share (`memberBound` of a member bounded by 0). */
function keysBound(groups: readonly (readonly string[])[]): number {
  let bound = 2;
  for (const keys of groups) for (const key of keys) bound += memberBound(key, 0);
  return bound;
}

/** A settled value's bound is known; anything else is walked. */
function walked(value: unknown): number {
  if (typeof value === 'object' && value !== null) {
    const settled = settledBound(value);
    if (settled !== undefined) return settled;
  }
  return jsonBound(value) ?? UNBOUNDED;
}

function stateBound(state: PersistedState, context: number | undefined): number {
  const value = typeof state.value === 'string' ? stringBound(state.value) : walked(state.value);
  const contextBound = context ?? walked(state.context);
  if (value === UNBOUNDED || contextBound === UNBOUNDED) return UNBOUNDED;
  const bound = STATE_KEYS + value + contextBound + stringBound(state.status);
  if (!('output' in state)) return bound;
  const output = walked(state.output);
  return output === UNBOUNDED ? UNBOUNDED : bound + memberBound('output', output);
}

function pendingBound(record: StepRecord, made: MadeBounds): number {
  const { pending } = record;
  // Most steps leave the pending work as it was: the head's, or the one settled "nothing pending".
  const settled = settledBound(pending);
  if (settled !== undefined) return settled;
  const commands = listBound(pending.commands, record.commands, made.commands);
  const timers = listBound(pending.timers, record.timersSet, made.timers);
  return commands === UNBOUNDED || timers === UNBOUNDED ? UNBOUNDED : PENDING_KEYS + commands + timers;
}

/** An array of commands or timers: those the step made count as bounded, the rest (carried over) are walked. */
function listBound(
  items: readonly (Command | Timer)[],
  madeItems: readonly (Command | Timer)[],
  madeBounds: readonly (number | undefined)[],
): number {
  if (items.length === 0) return 2;
  let bound = 2 + items.length;
  for (const item of items) {
    const at = madeItems.length === 0 ? -1 : madeItems.indexOf(item);
    const member = at === -1 ? walked(item) : (madeBounds[at] ?? walked(item));
    if (member === UNBOUNDED) return UNBOUNDED;
    bound += member;
  }
  return bound;
}
