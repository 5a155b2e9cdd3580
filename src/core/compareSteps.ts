import { sameJson } from './jsonPatch.js';
import type { Json, StepRecord } from './stepRecord.js';

/** What a step is compared on when it is decided again from its log. */
type DivergenceField = 'stateAfter' | 'context' | 'status' | 'output' | 'commands' | 'timers';

/** A step whose recomputed result differs from what was recorded, in one field. */
export interface Divergence {
  readonly version: number;
  readonly field: DivergenceField;
  readonly recorded: Json;
  readonly replayed: Json;
}

/**
 * Every field of a step that a decision produces, as plain JSON. Commands and timers are compared whole:
 * a command's key is the idempotency key its executor is called with and a timer's key and due time are
 * what the timer service fires on, so a replay that changed one of them would act differently even when
 * its state came out the same.
 */
function decided(record: StepRecord): Record<DivergenceField, Json> {
  return {
    stateAfter: record.stateAfter,
    context: record.state.context,
    status: record.state.status,
    output: record.state.output ?? null,
    commands: asJson(record.commands),
    timers: asJson(record.timersSet),
  };
}

// Records read back from a store drop undefined members; a freshly decided one may still carry them.
const asJson = (value: unknown): Json => JSON.parse(JSON.stringify(value)) as Json;

const FIELDS: readonly DivergenceField[] = ['stateAfter', 'context', 'status', 'output', 'commands', 'timers'];

/**
 * The one rule for "the log reproduces this step", used by `statebridge replay` and the test kit's
 * `replayReproduces`: the replayed step must equal the recorded one in state, context, status, output,
 * and every command (key, kind, params) and timer (id, key, delay, due time, event). Object members are
 * compared regardless of their order. Returns one divergence per field that differs.
 */
export function compareSteps(recorded: StepRecord, replayed: StepRecord): Divergence[] {
  const want = decided(recorded);
  const got = decided(replayed);
  return FIELDS.filter((field) => !sameJson(want[field], got[field])).map((field) => ({
    version: recorded.version,
    field,
    recorded: want[field],
    replayed: got[field],
  }));
}
