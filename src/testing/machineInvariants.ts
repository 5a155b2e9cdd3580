import { compareSteps } from '../core/compareSteps.js';
import type { MachineDefinition } from '../core/machineDefinition.js';
import { decide } from '../core/step.js';
import { commandKey } from '../core/stepProtocol.js';
import { invariant, type Invariant } from './invariant.js';

/** Versions run 1, 2, 3, ... with no gap, and every event id appears once. */
const contiguousVersions: Invariant = invariant(
  'contiguous versions, unique event ids',
  'a step is never applied twice or lost',
  ({ records }) => {
    const seen = new Set<string>();
    return records.flatMap((r, i) => {
      const problems = [];
      if (r.version !== i + 1)
        problems.push({ message: `version ${r.version} at position ${i + 1}`, version: r.version });
      if (seen.has(r.eventId)) problems.push({ message: `event id ${r.eventId} applied twice`, version: r.version });
      seen.add(r.eventId);
      return problems;
    });
  },
);

/** Once an instance is done, later steps change nothing: no state change, no command, no timer. */
const terminalStatesAbsorb: Invariant = invariant(
  'terminal states absorb',
  'a finished instance stays as it finished',
  ({ records }) => {
    const end = records.findIndex((r) => r.state.status !== 'active');
    if (end < 0) return [];
    const final = records[end]!;
    return records.slice(end + 1).flatMap((r) =>
      r.stateAfter !== final.stateAfter || r.commands.length > 0 || r.timersSet.length > 0
        ? [
            {
              message:
                `step ${r.version} (${r.event.type}) moved a finished ` +
                `instance from ${final.stateAfter} to ${r.stateAfter}`,
              version: r.version,
            },
          ]
        : [],
    );
  },
);

/** Every command carries the idempotency key `streamId#version#index` of the step that produced it. */
const commandsHaveIdempotencyKeys: Invariant = invariant(
  'every command has an idempotency key',
  'commands can be de-duplicated downstream',
  ({ records }) =>
    records.flatMap((r) =>
      r.commands
        .map((c, i) => ({ c, i }))
        .filter(({ c, i }) => c.key !== commandKey(r.streamId, r.version, i))
        .map(({ c }) => ({ message: `command ${c.kind} has key "${c.key}"`, version: r.version })),
    ),
);

/** No timer event is applied before the time it was due. */
const timersNotEarly: Invariant = invariant(
  'timers never fire early',
  'a durable timer fires at or after its due time',
  ({ records }) => {
    const due = new Map(records.flatMap((r) => r.timersSet.map((t) => [t.key, t.dueAt] as const)));
    return records.flatMap((r) => {
      if (r.origin.kind !== 'timer') return [];
      const at = due.get(r.origin.timerKey);
      return at !== undefined && r.at < at
        ? [{ message: `timer ${r.origin.timerId} fired at ${r.at}, due ${at}`, version: r.version }]
        : [];
    });
  },
);

/** Re-deciding each step with the machine reproduces it, by the rule `statebridge replay` applies (`compareSteps`). */
export function replayReproduces(definition: MachineDefinition): Invariant {
  return invariant('replay reproduces the recorded states', 'the log alone determines every state', ({ records }) =>
    records.flatMap((r, i) => {
      const again = decide({
        definition,
        streamId: r.streamId,
        head: records[i - 1],
        eventId: r.eventId,
        event: r.event,
        origin: r.origin,
        at: r.at,
        links: r.links,
      }).record;
      const fields = compareSteps(r, again).map((d) => d.field);
      if (fields.length === 0) return [];
      const gave = `gave ${again.stateAfter}, recorded ${r.stateAfter}`;
      return [
        {
          message: `replaying step ${r.version} (${r.event.type}) ${gave}; differs in ${fields.join(', ')}`,
          version: r.version,
        },
      ];
    }),
  );
}

/** The invariants every machine must keep, for `definition`. */
export function machineInvariants(definition: MachineDefinition): Invariant[] {
  return [
    contiguousVersions,
    terminalStatesAbsorb,
    commandsHaveIdempotencyKeys,
    timersNotEarly,
    replayReproduces(definition),
  ];
}
