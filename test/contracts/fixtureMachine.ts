import { assign, setup } from 'xstate';
import { defineMachine } from '../../src/core/machineDefinition.js';
import { decide } from '../../src/core/step.js';
import type { MachineEvent, StepRecord } from '../../src/core/stepRecord.js';

/** A small machine with a command, a timer and a final state, used to build realistic records. */
const ticketMachine = setup({
  types: {
    context: {} as { title: string; notes: string[] },
    input: {} as { title: string },
    events: {} as { type: 'NOTE'; text: string } | { type: 'SUBMIT' } | { type: 'sent' } | { type: 'CLOSE' },
  },
  actions: { notify: (_, _params: { title: string }) => undefined },
}).createMachine({
  id: 'ticket',
  context: ({ input }) => ({ title: input.title, notes: [] }),
  initial: 'open',
  states: {
    open: {
      after: { 60_000: 'stale' },
      on: {
        NOTE: { actions: assign({ notes: ({ context, event }) => [...context.notes, event.text] }) },
        SUBMIT: 'submitting',
        CLOSE: 'closed',
      },
    },
    stale: { on: { CLOSE: 'closed' } },
    submitting: {
      entry: { type: 'notify', params: ({ context }) => ({ title: context.title }) },
      on: { sent: 'closed' },
    },
    closed: { type: 'final' },
  },
});

export const ticket = defineMachine({ id: 'ticket', version: 1, machine: ticketMachine });

/** Decide a chain of steps for `streamId`, starting at `at`, one second apart. */
export function buildRecords(
  streamId: string,
  events: readonly MachineEvent[],
  at = 1_700_000_000_000,
  title = 'T',
): StepRecord[] {
  const records: StepRecord[] = [];
  const all: MachineEvent[] = [{ type: 'xstate.init', input: { title } }, ...events];
  all.forEach((event, i) => {
    records.push(
      decide({
        definition: ticket,
        streamId,
        head: records[i - 1],
        eventId: `${streamId}-e${i}`,
        event,
        origin: originOf(event, records[i - 1]),
        at: at + i * 1000,
        links: { correlationId: streamId },
      }).record,
    );
  });
  return records;
}

function originOf(event: MachineEvent, previous: StepRecord | undefined): StepRecord['origin'] {
  if (previous === undefined) return { kind: 'start' };
  const command = previous.pending.commands[0];
  // `sent` is the outcome of the notify command, so it acknowledges it as the relay would.
  return event.type === 'sent' && command !== undefined
    ? { kind: 'command', commandKey: command.key }
    : { kind: 'external' };
}
