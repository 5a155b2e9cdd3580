import { StatebridgeError } from './errors.js';
import { applyPatch, diffObject, isObject, sameJson, type JsonPatch } from './jsonPatch.js';
import { restoreShared, SharedIndex, type SharedRef } from './sharedValues.js';
import { stateValueToString } from './stateValue.js';
import { nextPending } from './step.js';
import { commandKey, timerKey } from './stepProtocol.js';
import type {
  Command,
  EventOrigin,
  InstanceDescription,
  InstanceStatus,
  Json,
  MachineEvent,
  StepLinks,
  StepRecord,
  Timer,
} from './stepRecord.js';
import { fromRelative, toRelative } from './streamRelative.js';

/**
 * A command as stored: kind, parameters with holes, where the holes point in the context, the key when not derivable.
 */
type LeanCommand = [string, Json, SharedRef[] | 0, string?];
/** A timer as stored: id, delay, event, then key and due time when not derivable from the step. */
type LeanTimer = [string, number, Json, string?, number?];

/**
 * One step as stored. A checkpoint (`@`) stands alone; any other step is a delta against the step
 * before it: the context as a patch, pending work and the state before left out (both follow from the
 * previous step), keys and due times left out (they follow from the stream id, version and time), and
 * parts of the event or of command parameters that repeat the context stored as references into it.
 * Fields that do not follow as expected (records not made by `decide`) are stored explicitly, so the
 * encoding is lossless for any record.
 */
interface LeanStep {
  '@'?: 1;
  e: string;
  E: Json;
  R?: SharedRef[];
  o?: 's' | ['c', string] | ['t', string, string];
  a: number;
  v: Json;
  C?: Json;
  c?: JsonPatch;
  s?: InstanceStatus;
  O?: Json;
  g?: readonly string[];
  k?: LeanCommand[];
  t?: LeanTimer[];
  x?: readonly string[];
  l?: { r?: string; c?: string; d?: readonly string[] };
  m?: [string, number];
  b?: string | null;
  A?: string;
  S?: number;
  /** Pending work after the step, when it does not follow from the basis. */
  p?: { c: [string, string, Json, SharedRef[] | 0][]; t: [string, string, number, number, Json][] };
  /** Secret keys (`redact`) when they differ from the basis; null when the record has none. */
  z?: readonly string[] | null;
  /** The machine's description (`about`) when it differs from the basis; null when the record has none. */
  u?: InstanceDescription | null;
  /** A checkpoint's pending work from before it. */
  P?: { c: [string, string, Json, SharedRef[] | 0][]; t: [string, string, number, number, Json][] };
}

/** What a stored step is read against: the step before it, or for a checkpoint only what it cannot repeat. */
interface Basis {
  readonly at: number;
  readonly state?: StepRecord['state'];
  readonly tags: readonly string[];
  readonly machine?: StepRecord['machine'];
  readonly links?: StepLinks;
  readonly stateAfter: string | null;
  readonly startedAt?: number;
  readonly pending: StepRecord['pending'];
  readonly redact?: readonly string[];
  readonly about?: InstanceDescription;
}

const NOTHING_PENDING: StepRecord['pending'] = { commands: [], timers: [] };

/**
 * A checkpoint keeps only the pending work from before it (what its own commands and timers do not add) and the state
 * before.
 */
function checkpointBasis(pending: StepRecord['pending'] | undefined): Basis {
  return { at: 0, tags: [], stateAfter: null, pending: pending ?? NOTHING_PENDING };
}

/**
 * Encode a record for storage: a delta against `previous` (the record at `record.version - 1`), or a
 * checkpoint that stands alone when `standalone` is set or there is no previous record.
 */
export function encodeStep(record: StepRecord, previousRecord: StepRecord | undefined, standalone = false): string {
  const checkpoint = standalone || previousRecord === undefined;
  const previous: Basis = checkpoint ? checkpointBasis(previousRecord?.pending) : previousRecord;
  const id = record.streamId;
  const context = record.state.context;
  const shared = new SharedIndex(context);
  const event = shared.share(record.event as unknown as Json);
  const e = toRelative(record.eventId, id);
  const v = record.state.value;
  // The marker comes first, so `standsAlone` can tell a checkpoint from its first bytes.
  const lean: LeanStep = checkpoint
    ? { '@': 1, e, E: event.value, a: record.at, v }
    : { e, E: event.value, a: record.at - previous.at, v };
  if (event.refs.length > 0) lean.R = event.refs;
  const origin = encodeOrigin(record.origin, id);
  if (origin !== undefined) lean.o = origin;
  encodeContext(lean, context, previous.state?.context);
  if (record.state.status !== previous.state?.status) lean.s = record.state.status;
  if (record.state.output !== undefined) lean.O = record.state.output;
  if (!sameJson(record.tags as Json, previous.tags as Json)) lean.g = record.tags;
  if (record.commands.length > 0)
    lean.k = record.commands.map((c, i) => encodeCommand(c, commandKey(id, record.version, i), shared));
  if (record.timersSet.length > 0)
    lean.t = record.timersSet.map((t, i) => encodeTimer(t, timerKey(id, record.version, i), record.at));
  if (record.timersCancelled.length > 0) lean.x = record.timersCancelled;
  const links = encodeLinks(record.links, previous.links?.correlationId, id);
  if (links !== undefined) lean.l = links;
  if (previous.machine?.id !== record.machine.id || previous.machine.version !== record.machine.version) {
    lean.m = [record.machine.id, record.machine.version];
  }
  if (record.stateBefore !== previous.stateAfter) lean.b = record.stateBefore;
  if (record.stateAfter !== stateValueToString(record.state.value as never)) lean.A = record.stateAfter;
  if (record.startedAt !== (previous.startedAt ?? record.at)) lean.S = record.startedAt;
  if (!sameJson((record.redact ?? null) as Json, (previous.redact ?? null) as Json)) lean.z = record.redact ?? null;
  if (!sameJson((record.about ?? null) as Json, (previous.about ?? null) as Json)) lean.u = record.about ?? null;
  if (checkpoint && previous.pending.commands.length + previous.pending.timers.length > 0)
    lean.P = encodePending(previous.pending, id, shared);
  if (!samePending(record.pending, derivePending(record, previous))) lean.p = encodePending(record.pending, id, shared);
  return JSON.stringify(lean);
}

function samePending(a: StepRecord['pending'], b: StepRecord['pending']): boolean {
  return a === b || sameJson(a as unknown as Json, b as unknown as Json);
}

type LeanPending = NonNullable<LeanStep['p']>;

function encodePending(pending: StepRecord['pending'], id: string, shared: SharedIndex): LeanPending {
  return {
    c: pending.commands.map((c) => [toRelative(c.key, id), c.kind, ...sharedParams(c.params, shared)]),
    t: pending.timers.map((t) => [t.id, toRelative(t.key, id), t.dueAt, t.delayMs, t.event as unknown as Json]),
  };
}

function decodePending(lean: LeanPending, streamId: string, context: Json): StepRecord['pending'] {
  return {
    commands: lean.c.map(([key, kind, params, refs]) => ({
      key: fromRelative(key, streamId),
      kind,
      params: restoreShared(params, refs === 0 ? undefined : refs, context),
    })),
    timers: lean.t.map(([id, key, dueAt, delayMs, event]) => ({
      id,
      key: fromRelative(key, streamId),
      delayMs,
      dueAt,
      event: event as unknown as MachineEvent,
    })),
  };
}

/** True when `text` is a record as stored before lean records (self-contained JSON of a StepRecord). */
function isFullRecord(text: string): boolean {
  return text.startsWith('{"streamId"');
}

/** True when the stored step needs no previous step to be read (a checkpoint or a full record). */
export function standsAlone(text: string): boolean {
  return text.startsWith('{"@"') || isFullRecord(text);
}

/**
 * Decode a stored step; a delta needs the record before it. Full records from before lean records decode as they are.
 */
export function decodeStep(
  text: string,
  streamId: string,
  version: number,
  previous: StepRecord | undefined,
): StepRecord {
  if (isFullRecord(text)) return JSON.parse(text) as StepRecord;
  const lean = JSON.parse(text) as LeanStep;
  if (lean['@'] !== 1 && (previous === undefined || previous.version !== version - 1)) {
    throw new StatebridgeError(
      'STORE_CORRUPT',
      `step ${streamId}#${version} is stored as a change to step ${version - 1}, which was not read first`,
      {
        context: { streamId, version },
      },
    );
  }
  const context = decodeContext(lean, lean['@'] === 1 ? undefined : previous!.state.context);
  const base: Basis =
    lean['@'] === 1
      ? checkpointBasis(lean.P === undefined ? undefined : decodePending(lean.P, streamId, context))
      : previous!;
  const at = base.at + lean.a;
  const commands: Command[] = (lean.k ?? []).map(([kind, params, refs, key], i) => ({
    key: key ?? commandKey(streamId, version, i),
    kind,
    params: restoreShared(params, refs === 0 ? undefined : refs, context),
  }));
  const timersSet: Timer[] = (lean.t ?? []).map(([id, delayMs, event, key, dueAt], i) => ({
    id,
    key: key ?? timerKey(streamId, version, i),
    delayMs,
    dueAt: dueAt ?? at + delayMs,
    event: event as unknown as MachineEvent,
  }));
  // Built in place rather than spread again with what follows from it: a copy of every field cost as much as the rest.
  const record: { -readonly [K in keyof StepRecord]: StepRecord[K] } = {
    streamId,
    version,
    eventId: fromRelative(lean.e, streamId),
    event: restoreShared(lean.E, lean.R, context) as unknown as MachineEvent,
    origin: decodeOrigin(lean.o, streamId),
    at,
    machine: lean.m === undefined ? base.machine! : { id: lean.m[0], version: lean.m[1] },
    stateBefore: lean.b !== undefined ? lean.b : base.stateAfter,
    stateAfter: lean.A ?? stateValueToString(lean.v as never),
    state: {
      value: lean.v,
      context,
      status: lean.s ?? base.state!.status,
      ...(lean.O === undefined ? {} : { output: lean.O }),
    },
    tags: lean.g ?? base.tags,
    commands,
    timersSet,
    timersCancelled: lean.x ?? [],
    links: decodeLinks(lean.l, base.links?.correlationId, streamId),
    pending: NOTHING_PENDING,
    startedAt: lean.S ?? base.startedAt ?? at,
  };
  record.pending = lean.p === undefined ? derivePending(record, base) : decodePending(lean.p, streamId, context);
  const redact = lean.z === undefined ? base.redact : (lean.z ?? undefined);
  const about = lean.u === undefined ? base.about : (lean.u ?? undefined);
  if (redact !== undefined) record.redact = redact;
  if (about !== undefined) record.about = about;
  return record;
}

function derivePending(record: StepRecord, previous: Basis): StepRecord['pending'] {
  return nextPending(previous.pending, {
    acked: record.origin.kind === 'command' ? record.origin.commandKey : undefined,
    fired: record.origin.kind === 'timer' ? record.origin.timerKey : undefined,
    commands: record.commands,
    timersSet: record.timersSet,
    timersCancelled: record.timersCancelled,
    active: record.state.status === 'active',
  });
}

function encodeContext(lean: LeanStep, context: Json, before: Json | undefined): void {
  if (before === undefined) {
    lean.C = context;
    return;
  }
  const patch =
    isObject(before) && isObject(context) ? diffObject(before, context) : sameJson(before, context) ? {} : undefined;
  if (patch === undefined) lean.C = context;
  else if (Object.keys(patch).length > 0) lean.c = patch;
}

function decodeContext(lean: LeanStep, before: Json | undefined): Json {
  if (lean.C !== undefined) return lean.C;
  if (lean.c === undefined) return before ?? null;
  return applyPatch(before as { [key: string]: Json }, lean.c);
}

function sharedParams(params: Json, shared: SharedIndex): [Json, SharedRef[] | 0] {
  const { value, refs } = shared.share(params);
  return [value, refs.length > 0 ? refs : 0];
}

function encodeCommand(command: Command, derivedKey: string, shared: SharedIndex): LeanCommand {
  const { value, refs } = shared.share(command.params);
  const lean: LeanCommand = [command.kind, value, refs.length > 0 ? refs : 0];
  if (command.key !== derivedKey) lean.push(command.key);
  return lean;
}

function encodeTimer(timer: Timer, derivedKey: string, at: number): LeanTimer {
  const lean: LeanTimer = [timer.id, timer.delayMs, timer.event as unknown as Json];
  const dueDerived = timer.dueAt === at + timer.delayMs;
  if (timer.key !== derivedKey || !dueDerived) lean.push(timer.key);
  if (!dueDerived) lean.push(timer.dueAt);
  return lean;
}

function encodeOrigin(origin: EventOrigin, streamId: string): LeanStep['o'] {
  switch (origin.kind) {
    case 'external':
      return undefined;
    case 'start':
      return 's';
    case 'command':
      return ['c', toRelative(origin.commandKey, streamId)];
    case 'timer':
      return ['t', toRelative(origin.timerKey, streamId), origin.timerId];
  }
}

function decodeOrigin(origin: LeanStep['o'], streamId: string): EventOrigin {
  if (origin === undefined) return { kind: 'external' };
  if (origin === 's') return { kind: 'start' };
  if (origin[0] === 'c') return { kind: 'command', commandKey: fromRelative(origin[1], streamId) };
  return { kind: 'timer', timerKey: fromRelative(origin[1], streamId), timerId: origin[2] };
}

/** Undefined when the links follow from the step before (most steps): `decodeLinks` reads a missing `l` so. */
function encodeLinks(links: StepLinks, correlationBefore: string | undefined, streamId: string): LeanStep['l'] {
  const { causationId, correlationId, caused } = links;
  if (causationId === undefined && correlationId === correlationBefore && caused === undefined) return undefined;
  const lean: NonNullable<LeanStep['l']> = {};
  if (causationId !== undefined) lean.r = toRelative(causationId, streamId);
  if (correlationId !== correlationBefore) lean.c = toRelative(correlationId, streamId);
  if (caused !== undefined) lean.d = caused;
  return lean;
}

function decodeLinks(lean: LeanStep['l'], correlationBefore: string | undefined, streamId: string): StepLinks {
  const correlationId = lean?.c === undefined ? correlationBefore! : fromRelative(lean.c, streamId);
  return {
    correlationId,
    ...(lean?.r === undefined ? {} : { causationId: fromRelative(lean.r, streamId) }),
    ...(lean?.d === undefined ? {} : { caused: lean.d }),
  };
}
