import { StatebridgeError } from './errors.js';
import type { EventOrigin, MachineEvent, StepLinks, StepRecord } from './stepRecord.js';

/** What an event for a finished (`done`/`error`) instance becomes. */
type AfterEnd = { readonly kind: 'acknowledge' } | { readonly kind: 'ignore' };

/**
 * The rule for a finished instance: it runs nothing more. An external event is refused with
 * INSTANCE_FINISHED (nothing is written). The outcome of a command it left running is recorded only to
 * acknowledge that command, without changing state or context and without commands or timers; timer
 * firings and outcomes of commands already acknowledged are ignored.
 */
export function afterEnd(head: StepRecord, origin: EventOrigin): AfterEnd {
  switch (origin.kind) {
    case 'command':
      return head.pending.commands.some((c) => c.key === origin.commandKey)
        ? { kind: 'acknowledge' }
        : { kind: 'ignore' };
    case 'timer':
      return { kind: 'ignore' };
    case 'start':
    case 'external':
      throw new StatebridgeError(
        'INSTANCE_FINISHED',
        `instance ${head.streamId} is ${head.state.status} (in ${head.stateAfter}) and takes no more events`,
        {
          context: { streamId: head.streamId, status: head.state.status, state: head.stateAfter },
        },
      );
  }
}

/** The step that acknowledges a command's outcome on a finished instance: same state, nothing new set. */
export function acknowledgeAfterEnd(input: {
  head: StepRecord;
  eventId: string;
  event: MachineEvent;
  origin: EventOrigin & { kind: 'command' };
  at: number;
  links: StepLinks;
}): StepRecord {
  const { head, origin } = input;
  const commands = head.pending.commands.filter((c) => c.key !== origin.commandKey);
  return {
    streamId: head.streamId,
    version: head.version + 1,
    eventId: input.eventId,
    event: input.event,
    origin,
    at: input.at,
    machine: head.machine,
    stateBefore: head.stateAfter,
    stateAfter: head.stateAfter,
    state: head.state,
    tags: head.tags,
    commands: [],
    timersSet: [],
    timersCancelled: [],
    links: input.links,
    pending: { commands, timers: [] },
    startedAt: head.startedAt,
    ...(head.about === undefined ? {} : { about: head.about }),
  };
}
