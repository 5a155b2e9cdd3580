import { compareSteps, type Divergence } from './compareSteps.js';
import type { MachineDefinition } from './machineDefinition.js';
import { decide } from './step.js';
import type { StepRecord } from './stepRecord.js';

export type { Divergence } from './compareSteps.js';

/** Result of rebuilding an instance from its log. */
export interface ReplayReport {
  readonly steps: number;
  readonly divergences: readonly Divergence[];
  readonly last: StepRecord | undefined;
}

/**
 * Re-decide every recorded step with `definition` and report where the outcome differs (by `compareSteps`).
 * Each step is decided from the *recorded* previous step, so one divergence does not cascade into all later ones.
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
    divergences.push(...compareSteps(record, replayed));
    previous = record;
    steps += 1;
  }
  return { steps, divergences, last: previous };
}
