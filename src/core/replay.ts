import type { MachineDefinition } from './machineDefinition.js';
import { decide } from './step.js';
import type { StepRecord } from './stepRecord.js';

/** A step whose recomputed result differs from what was recorded. */
export interface Divergence {
  readonly version: number;
  readonly field: 'stateAfter' | 'context' | 'status' | 'commands' | 'timers';
  readonly recorded: unknown;
  readonly replayed: unknown;
}

/** Result of rebuilding an instance from its log. */
export interface ReplayReport {
  readonly steps: number;
  readonly divergences: readonly Divergence[];
  readonly last: StepRecord | undefined;
}

const comparable = (record: StepRecord) => ({
  stateAfter: record.stateAfter,
  context: JSON.stringify(record.state.context),
  status: record.state.status,
  commands: JSON.stringify(record.commands.map((c) => [c.kind, c.params])),
  timers: JSON.stringify(record.timersSet.map((t) => [t.id, t.delayMs, t.event])),
});

/**
 * Re-decide every recorded step with `definition` and report where the outcome differs. Each step is
 * decided from the *recorded* previous step, so one divergence does not cascade into all later ones.
 */
export async function replayStream(
  definition: MachineDefinition,
  records: AsyncIterable<StepRecord> | Iterable<StepRecord>,
): Promise<ReplayReport> {
  const divergences: Divergence[] = [];
  let previous: StepRecord | undefined;
  let steps = 0;
  for await (const record of records) {
    const replayed = decide({
      definition,
      streamId: record.streamId,
      head: previous,
      eventId: record.eventId,
      event: record.event,
      origin: record.origin,
      at: record.at,
      links: record.links,
    }).record;
    const want = comparable(record);
    const got = comparable(replayed);
    for (const field of Object.keys(want) as (keyof typeof want)[]) {
      if (want[field] !== got[field]) {
        divergences.push({ version: record.version, field, recorded: want[field], replayed: got[field] });
      }
    }
    previous = record;
    steps += 1;
  }
  return { steps, divergences, last: previous };
}
