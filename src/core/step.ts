import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import { StatebridgeError } from './errors.js';
import type { MachineDefinition } from './machineDefinition.js';
import { sameJson } from './jsonPatch.js';
import { carriedSecretKeys } from './machineSecrets.js';
import { pureInitialTransition, pureTransition } from './pureTransition.js';
import { jsonBound, memberBound } from './recordSize.js';
import { boundedJsonCopy, frozenJson, stringBound } from './sharedJson.js';
import { stepRecordBound } from './stepRecordBound.js';
import { stateValueToString } from './stateValue.js';
import { commandKey, timerKey } from './stepProtocol.js';
import type {
  Command,
  EventOrigin,
  InstanceDescription,
  InstanceStatus,
  Json,
  MachineEvent,
  PersistedState,
  StepLinks,
  StepRecord,
  Timer,
} from './stepRecord.js';

/** Everything a step needs to be decided; the wall clock reading comes in as `at`. */
export interface StepInput {
  readonly definition: MachineDefinition;
  readonly streamId: string;
  /** The stream head, or undefined for the start step. */
  readonly head: StepRecord | undefined;
  readonly eventId: string;
  /** For the start step: `{ type: 'xstate.init', input }`; otherwise the event. */
  readonly event: MachineEvent;
  readonly origin: EventOrigin;
  readonly at: number;
  readonly links: StepLinks;
}

/** The record as it is put together, before it is handed out. */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** xstate actions that would run work outside the step, which persisted machines must not use. */
const UNSUPPORTED_BUILTINS = new Set(['xstate.spawnChild', 'xstate.sendTo', 'xstate.sendParent', 'xstate.emit']);

/** Rebuild an xstate snapshot from its persisted form (no replay). */
export function restoreSnapshot(machine: AnyStateMachine, state: PersistedState): AnyMachineSnapshot {
  return machine.resolveState({
    value: state.value as never,
    context: state.context,
    ...(state.output === undefined ? {} : { output: state.output }),
  });
}

/** Persist an xstate snapshot as plain JSON. */
export function persistSnapshot(snapshot: AnyMachineSnapshot): PersistedState {
  return persistWithBound(snapshot).state;
}

/** `persistSnapshot`, with the bound of the context's JSON worked out while it was copied (see `recordSize`). */
function persistWithBound(snapshot: AnyMachineSnapshot): { state: PersistedState; contextBound: number | undefined } {
  const status: InstanceStatus = snapshot.status === 'done' ? 'done' : snapshot.status === 'error' ? 'error' : 'active';
  const context = boundedJsonCopy(snapshot.context ?? null);
  const state: PersistedState = { value: snapshot.value as Json, context: context.copy, status };
  return {
    state: snapshot.output === undefined ? state : { ...state, output: snapshot.output as Json },
    contextBound: context.bound,
  };
}

/**
 * Decide one step: pure, no I/O. Returns the record to commit at `head.version + 1`, and xstate's snapshot
 * after it, so a caller that keeps it can pass it back as `current` next time instead of restoring it from
 * the persisted state; and the bound of the record's JSON (see `recordSize`; undefined where JSON does more
 * than copy), worked out from the parts the step made as it made them, so the size check before the write
 * walks nothing again.
 */
export function decide(
  input: StepInput,
  current?: AnyMachineSnapshot,
): { record: StepRecord; snapshot: AnyMachineSnapshot; bound: number | undefined } {
  const { definition, head, streamId } = input;
  const version = (head?.version ?? 0) + 1;
  const [snapshot, actions] =
    head === undefined
      ? pureInitialTransition(definition.machine, input.event['input'])
      : pureTransition(definition.machine, current ?? restoreSnapshot(definition.machine, head.state), input.event);

  // Made only when the step has some (most steps set no command and no timer).
  let commands: Command[] | undefined;
  let timersSet: Timer[] | undefined;
  let timersCancelled: string[] | undefined;
  let commandBounds: (number | undefined)[] | undefined;
  let timerBounds: (number | undefined)[] | undefined;
  for (const action of actions as readonly { type: string; params?: unknown }[]) {
    const params = (action.params ?? NO_PARAMS) as Record<string, unknown>;
    if (action.type === 'xstate.raise') {
      if (typeof params['delay'] !== 'number') continue;
      timersSet ??= [];
      const id = typeof params['id'] === 'string' ? params['id'] : `timer-${timersSet.length}`;
      const timer: Timer = {
        id,
        key: timerKey(streamId, version, timersSet.length),
        delayMs: params['delay'],
        dueAt: input.at + params['delay'],
        event: params['event'] as MachineEvent,
      };
      timersSet.push(timer);
      (timerBounds ??= []).push(jsonBound(timer));
    } else if (action.type === 'xstate.cancel') {
      (timersCancelled ??= []).push(String(params['sendId']));
    } else if (UNSUPPORTED_BUILTINS.has(action.type)) {
      throw new StatebridgeError(
        'UNSUPPORTED_ACTION',
        `machine ${definition.id} used ${action.type}; persisted ` +
          `machines express work as named actions (commands) instead`,
        { context: { machineId: definition.id, action: action.type } },
      );
    } else if (!action.type.startsWith('xstate.')) {
      if (!Object.hasOwn(definition.machine.implementations.actions, action.type)) {
        throw new StatebridgeError(
          'UNSUPPORTED_ACTION',
          `machine ${definition.id} ran an inline action ("${action.type}"); side effects must be ` +
            `named actions in setup({ actions }) with an executor, and context changes must use assign()`,
          { context: { machineId: definition.id, action: action.type } },
        );
      }
      commands ??= [];
      const key = commandKey(streamId, version, commands.length);
      const params = boundedJsonCopy(action.params ?? {});
      const command: Command = { key, kind: action.type, params: params.copy };
      commands.push(command);
      (commandBounds ??= []).push(params.bound === undefined ? undefined : commandBound(command, params.bound));
    }
  }

  const acked = input.origin.kind === 'command' ? input.origin.commandKey : undefined;
  const fired = input.origin.kind === 'timer' ? input.origin.timerKey : undefined;
  const { state, contextBound } = persistWithBound(snapshot);
  const record: Mutable<StepRecord> = {
    streamId,
    version,
    eventId: input.eventId,
    event: input.event,
    origin: input.origin,
    at: input.at,
    machine: machineRef(definition),
    stateBefore: head?.stateAfter ?? null,
    stateAfter: stateValueToString(snapshot.value),
    state,
    tags: snapshot.tags.size === 0 ? NONE : [...snapshot.tags].sort(),
    commands: commands ?? NONE,
    timersSet: timersSet ?? NONE,
    timersCancelled: timersCancelled ?? NONE,
    links: input.links,
    // A step that settles and sets nothing (most steps) leaves the pending work as it was, asked without
    // building the question.
    pending:
      acked === undefined &&
      fired === undefined &&
      commands === undefined &&
      timersSet === undefined &&
      timersCancelled === undefined &&
      state.status === 'active'
        ? (head?.pending ?? NOTHING_PENDING)
        : nextPending(head?.pending, {
            acked,
            fired,
            commands: commands ?? NONE,
            timersSet: timersSet ?? NONE,
            timersCancelled: timersCancelled ?? NONE,
            active: state.status === 'active',
          }),
    startedAt: head?.startedAt ?? input.at,
  };
  const redact = carriedSecretKeys(head?.redact, definition);
  if (redact !== undefined) record.redact = redact;
  const about = aboutOf(definition, state, head?.about);
  if (about !== undefined) record.about = about;
  const bound = stepRecordBound(record, {
    context: contextBound,
    commands: commandBounds ?? NONE,
    timers: timerBounds ?? NONE,
  });
  return { record, snapshot, bound };
}

/** A command's bound, as `jsonBound` would walk it, from the bound of its params worked out as they were copied. */
const commandBound = (command: Command, paramsBound: number): number =>
  2 +
  memberBound('key', stringBound(command.key)) +
  memberBound('kind', stringBound(command.kind)) +
  memberBound('params', paramsBound);

/**
 * A description is for people: one that throws or says nothing leaves the record without one. One equal
 * to the head's is the head's, so a long history holds each description once.
 */
function aboutOf(
  definition: MachineDefinition,
  state: PersistedState,
  before: InstanceDescription | undefined,
): InstanceDescription | undefined {
  try {
    const about = definition.describe?.(state);
    return about !== undefined && before !== undefined && sameJson(about as Json, before as Json) ? before : about;
  } catch {
    return undefined;
  }
}

// Most steps set no command and no timer. Sharing frozen empties (and unchanged parts of the previous
// step) keeps records small, which is what keeps a long history cheap to hold and to collect. They are
// settled (`frozenJson`), so bounding a record's size counts each of them in one look-up.
const NONE: readonly never[] = frozenJson([]);
const NOTHING_PENDING: StepRecord['pending'] = frozenJson({ commands: NONE, timers: NONE });
const NO_PARAMS: Readonly<Record<string, unknown>> = Object.freeze({});
const machineRefs = new WeakMap<MachineDefinition, StepRecord['machine']>();

function machineRef(definition: MachineDefinition): StepRecord['machine'] {
  let ref = machineRefs.get(definition);
  if (ref === undefined) {
    ref = frozenJson({ id: definition.id, version: definition.version });
    machineRefs.set(definition, ref);
  }
  return ref;
}

/** What is outstanding after a step: the previous pending work, less what this step settled, plus what it set. */
export function nextPending(
  previous: StepRecord['pending'] | undefined,
  step: {
    acked: string | undefined;
    fired: string | undefined;
    commands: readonly Command[];
    timersSet: readonly Timer[];
    timersCancelled: readonly string[];
    active: boolean;
  },
): StepRecord['pending'] {
  const before = previous ?? NOTHING_PENDING;
  const settles =
    step.acked !== undefined || step.fired !== undefined || step.timersCancelled.length > 0 || !step.active;
  if (!settles && step.commands.length === 0 && step.timersSet.length === 0) return before;
  // Built in one pass each; a list the step leaves as it was is the previous one, shared as the whole is above.
  let commands: Command[] | undefined;
  for (let i = 0; i < before.commands.length; i += 1) {
    const command = before.commands[i]!;
    if (command.key === step.acked) commands ??= before.commands.slice(0, i);
    else commands?.push(command);
  }
  // A finished instance runs nothing more: its timers are void, its commands still complete.
  let timers: Timer[] | undefined;
  if (step.active) {
    for (let i = 0; i < before.timers.length; i += 1) {
      const timer = before.timers[i]!;
      if (timer.key === step.fired || replaces(step, timer.id)) timers ??= before.timers.slice(0, i);
      else timers?.push(timer);
    }
  }
  const nextCommands = appended(commands, before.commands, step.commands);
  const nextTimers = step.active ? appended(timers, before.timers, step.timersSet) : NONE;
  if (nextCommands.length === 0 && nextTimers.length === 0) return NOTHING_PENDING;
  return nextCommands === before.commands && nextTimers === before.timers
    ? before
    : { commands: nextCommands, timers: nextTimers };
}

/** `kept` (or, where nothing was dropped, the whole `before`) followed by `added`. */
function appended<T>(kept: T[] | undefined, before: readonly T[], added: readonly T[]): readonly T[] {
  if (kept === undefined && added.length === 0) return before;
  const out = kept ?? before.slice();
  for (const item of added) out.push(item);
  return out;
}

/** A timer id the step cancelled or set again (a step touches few timers: a scan beats building a set). */
function replaces(step: { timersSet: readonly Timer[]; timersCancelled: readonly string[] }, id: string): boolean {
  return step.timersCancelled.includes(id) || step.timersSet.some((t) => t.id === id);
}
