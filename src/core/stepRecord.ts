/** JSON-serialisable value, the only kind of data a step may carry. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** An event as a machine sees it. */
export interface MachineEvent {
  readonly type: string;
  readonly [key: string]: unknown;
}

/** Lifecycle status of an instance, as xstate reports it. */
export type InstanceStatus = 'active' | 'done' | 'error';

/** A command produced by a step, executed after commit, at least once, under `key`. */
export interface Command {
  /** Idempotency key: `streamId#version#index`. */
  readonly key: string;
  /** The named action of the machine this command came from. */
  readonly kind: string;
  readonly params: Json;
}

/** A durable timer: deliver `event` to the instance at `dueAt` (epoch ms) unless cancelled first. */
export interface Timer {
  /** Unique per instance while pending (the xstate send id). */
  readonly id: string;
  /** Key of the step that set it: `streamId#version#tIndex`. */
  readonly key: string;
  readonly dueAt: number;
  readonly delayMs: number;
  readonly event: MachineEvent;
}

/** How a lifecycle ended, in its machine's words, and the same two results for every machine. */
export interface InstanceOutcome {
  /** `succeeded` or `failed` whatever the machine, so one filter finds every failed lifecycle. */
  readonly result: 'succeeded' | 'failed';
  /** The machine's own word for it: `Success`, `RetriesExhausted`, `SUCCESS`, `FAILED`. */
  readonly label: string;
  /** Why, or how it got there: a reason, the last error, the number of attempts. */
  readonly detail?: string;
}

/** What a machine tells people about one instance, derived from its state by the machine's `describe`. */
export interface InstanceDescription {
  /** A human name, read before the id: `Create Custom::Thing Ok (stack demo-stack)`. */
  readonly title?: string;
  readonly outcome?: InstanceOutcome;
  /** The lifecycle has its answer and waits for nothing, though it may still take duplicates of its request. */
  readonly settled?: boolean;
  /** What started it, as listings select it (`sqs:jobs`): fixed at the start, and indexed by the stores. */
  readonly source?: string;
}

/** What made this step happen and which chain it belongs to. */
export interface StepLinks {
  /** Id of the event or command that caused this step's event. */
  readonly causationId?: string;
  /** Shared by every instance of one chain (a request and everything it triggered). */
  readonly correlationId: string;
  /** Instances the command behind this event started or sent to (set on command outcomes). */
  readonly caused?: readonly string[];
}

/** Where an input event came from. */
export type EventOrigin =
  | { readonly kind: 'start' }
  | { readonly kind: 'external' }
  | { readonly kind: 'command'; readonly commandKey: string }
  | { readonly kind: 'timer'; readonly timerKey: string; readonly timerId: string };

/** The persisted state of a machine (enough to resume it without replay). */
export interface PersistedState {
  readonly value: Json;
  readonly context: Json;
  readonly status: InstanceStatus;
  readonly output?: Json;
}

/** One committed step: the input event, the state before and after, and what it set in motion. */
export interface StepRecord {
  readonly streamId: string;
  /** 1 for the start step, then +1 per step. */
  readonly version: number;
  readonly eventId: string;
  readonly event: MachineEvent;
  readonly origin: EventOrigin;
  /** Epoch ms from the runtime's clock when the step was decided. */
  readonly at: number;
  readonly machine: { readonly id: string; readonly version: number };
  readonly stateBefore: string | null;
  readonly stateAfter: string;
  readonly state: PersistedState;
  readonly tags: readonly string[];
  /** Commands this step produced. */
  readonly commands: readonly Command[];
  readonly timersSet: readonly Timer[];
  readonly timersCancelled: readonly string[];
  readonly links: StepLinks;
  /** Everything outstanding after this step: the head of the stream is enough to resume. */
  readonly pending: { readonly commands: readonly Command[]; readonly timers: readonly Timer[] };
  /** Epoch ms of the start step, carried so the head answers "since when". */
  readonly startedAt: number;
  /**
   * Keys the machine declared secret (`meta.redact`), carried from step to step so that any viewer —
   * even one started without the machine's module — hides their values. Absent when none were declared.
   */
  readonly redact?: readonly string[];
  /**
   * The machine's description of the instance after this step, carried in the record so listings and
   * viewers without the machine's module show names and outcomes. Absent when the machine has none.
   */
  readonly about?: InstanceDescription;
}

/** One row of an instance listing. */
export interface InstanceSummary {
  readonly instanceId: string;
  readonly machineId: string;
  readonly machineVersion: number;
  readonly status: InstanceStatus;
  readonly state: string;
  readonly version: number;
  readonly startedAt: number;
  readonly updatedAt: number;
  readonly correlationId: string;
  readonly nextTimerAt?: number;
  readonly pendingCommands: number;
  readonly title?: string;
  readonly outcome?: InstanceOutcome;
  /** Has its answer and waits for nothing (still `active` to xstate: it takes duplicates of its request). */
  readonly settled?: boolean;
  /** The source that started it (`InstanceDescription.source`). */
  readonly source?: string;
}

/** The pending timer of a head that falls due first (the earlier set among equals), or undefined when none. */
export function earliestTimer(head: StepRecord): Timer | undefined {
  let next: Timer | undefined;
  for (const timer of head.pending.timers) if (next === undefined || timer.dueAt < next.dueAt) next = timer;
  return next;
}

/** The earliest pending timer's due time of a head, or undefined when it has none. */
export function earliestDue(head: StepRecord): number | undefined {
  return earliestTimer(head)?.dueAt;
}

/** Summarise a stream head for listings. */
export function summarize(head: StepRecord): InstanceSummary {
  const nextTimerAt = earliestDue(head);
  // Built member by member, not by spreading literals (every step is summarised), in the same key order:
  // `pendingCommands` is set after `nextTimerAt`.
  const summary = {
    instanceId: head.streamId,
    machineId: head.machine.id,
    machineVersion: head.machine.version,
    status: head.state.status,
    state: head.stateAfter,
    version: head.version,
    startedAt: head.startedAt,
    updatedAt: head.at,
    correlationId: head.links.correlationId,
  } as { -readonly [K in keyof InstanceSummary]: InstanceSummary[K] };
  if (nextTimerAt !== undefined) summary.nextTimerAt = nextTimerAt;
  summary.pendingCommands = head.pending.commands.length;
  const about = head.about;
  if (about === undefined) return summary;
  if (about.title !== undefined) summary.title = about.title;
  if (about.outcome !== undefined) summary.outcome = about.outcome;
  if (about.settled === true) summary.settled = true;
  if (about.source !== undefined) summary.source = about.source;
  return summary;
}
