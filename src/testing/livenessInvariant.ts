import { invariant, type Invariant } from './invariant.js';

/** The name of the liveness invariant, as counterexamples and mutant tables print it. */
export const DUE_WORK_MOVES_ON = 'due work makes progress';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Liveness: an instance with a timer due, or a command pending, moves on within `withinMs` of virtual
 * time — the timer fires, the command's outcome is recorded. Checked once faults have stopped and the
 * clock ran on, so it flags work that was due for `withinMs` and still sits in the head: a timer nobody
 * fires, a command nobody runs.
 * @example
 * checkInvariants([dueWorkMovesOn(5 * 60_000)], { records, world, now });
 */
export function dueWorkMovesOn(withinMs: number): Invariant {
  return invariant(
    DUE_WORK_MOVES_ON,
    `an instance with a due timer or a pending command makes progress ` +
      `within ${withinMs / 1000} virtual seconds once faults stop`,
    ({ records, now }) => {
      const head = records[records.length - 1];
      if (head === undefined) return [];
      const cutoff = now - withinMs;
      const timers = head.pending.timers
        .filter((t) => t.dueAt <= cutoff)
        .map((t) => ({
          message:
            `${head.streamId}: timer ${t.id} (${t.event.type}) ` +
            `due at ${iso(t.dueAt)} has not fired by ${iso(now)}`,
          version: head.version,
        }));
      const commands = head.pending.commands.flatMap((c) => {
        const issuedAt = records.find((r) => r.commands.some((x) => x.key === c.key))?.at ?? head.at;
        return issuedAt <= cutoff
          ? [
              {
                message:
                  `${head.streamId}: command ${c.kind} ${c.key} issued ` +
                  `at ${iso(issuedAt)} is still pending at ${iso(now)}`,
                version: head.version,
              },
            ]
          : [];
      });
      return [...timers, ...commands];
    },
  );
}
