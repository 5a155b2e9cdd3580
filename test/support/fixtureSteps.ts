import type { StepRecord } from '../../src/core/stepRecord.js';
import { buildRecords } from '../contracts/fixtureMachine.js';

/** The time of a fixture stream's start; each version is a second later. */
export const T0 = 1_700_000_000_000;

/** A record of the fixture machine, whose pending work and state the steps below vary. */
export const fixtureTemplate: StepRecord = buildRecords('template', [])[0]!;

/**
 * A record to write straight into a store, as tests of its rows and indexes do: `streamId` at `version`, its
 * event id made from both, started at `T0` and taken `version` seconds later, with `overrides` on top.
 */
export function fixtureStep(streamId: string, version: number, overrides: Partial<StepRecord> = {}): StepRecord {
  return {
    ...fixtureTemplate,
    streamId,
    version,
    eventId: `${streamId}-e${version}`,
    startedAt: T0,
    at: T0 + version * 1000,
    ...overrides,
  };
}

/**
 * Pending work for a record of `streamId`: `commands` commands keyed `<keyPrefix>#<i>` and a timer due at each
 * of `dues`, keyed `<streamId>#t<i>`, as tests of the stores' work indexes vary it.
 */
export function pendingWork(
  streamId: string,
  keyPrefix: string,
  commands: number,
  dues: readonly number[],
): StepRecord['pending'] {
  return {
    commands: Array.from({ length: commands }, (_, i) => ({ key: `${keyPrefix}#${i}`, kind: 'k', params: {} })),
    timers: dues.map((dueAt, i) => ({
      id: `t${i}`,
      key: `${streamId}#t${i}`,
      delayMs: 0,
      dueAt,
      event: { type: 'T' },
    })),
  };
}
