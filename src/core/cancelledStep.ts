import { StatebridgeError } from './errors.js';
import { nextPending } from './step.js';
import type { InstanceDescription, MachineEvent, StepLinks, StepRecord } from './stepRecord.js';

/** The event type of an operator's cancel; the runtime writes its step without asking the machine. */
export const CANCEL_EVENT_TYPE = 'statebridge.cancel';

/** Who asked for an operator action: the tool (`cli`, `page`) and the user it ran as, when known. */
export interface OperatorActor {
  readonly actor: string;
  readonly user?: string;
}

/** `cli (alice)`: how an operator appears in timelines. */
export const describeActor = (who: OperatorActor): string =>
  who.user === undefined ? who.actor : `${who.actor} (${who.user})`;

/**
 * The step that cancels a running instance (refused with INSTANCE_SETTLED once it has its answer): it
 * stays in the state it was in, becomes `done`, and its timers are cancelled; commands already running
 * still complete and are acknowledged, as on any finished instance. Its description gets the outcome
 * `Cancelled` (a failure: the lifecycle never reached its answer), so listings of failed lifecycles find it.
 */
export function cancelledStep(input: {
  head: StepRecord;
  eventId: string;
  event: MachineEvent;
  by: OperatorActor;
  at: number;
  links: StepLinks;
}): StepRecord {
  const { head } = input;
  // It already has its answer; cancelling would only stop it answering duplicates of its request the same way.
  if (head.about?.settled === true)
    throw new StatebridgeError(
      'INSTANCE_SETTLED',
      `instance ${head.streamId} already has its answer (${head.about.outcome?.label ?? head.stateAfter}); ` +
        'nothing to cancel',
      { context: { streamId: head.streamId, state: head.stateAfter } },
    );
  const timersCancelled = head.pending.timers.map((t) => t.id);
  const about: InstanceDescription = {
    ...head.about,
    outcome: { result: 'failed', label: 'Cancelled', detail: `cancelled by ${describeActor(input.by)}` },
    settled: true,
  };
  return {
    streamId: head.streamId,
    version: head.version + 1,
    eventId: input.eventId,
    event: input.event,
    origin: { kind: 'external' },
    at: input.at,
    machine: head.machine,
    stateBefore: head.stateAfter,
    stateAfter: head.stateAfter,
    state: { ...head.state, status: 'done' },
    tags: head.tags,
    commands: [],
    timersSet: [],
    timersCancelled,
    links: input.links,
    pending: nextPending(head.pending, {
      acked: undefined,
      fired: undefined,
      commands: [],
      timersSet: [],
      timersCancelled,
      active: false,
    }),
    startedAt: head.startedAt,
    ...(head.redact === undefined ? {} : { redact: head.redact }),
    about,
  };
}
