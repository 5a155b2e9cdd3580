import { describe, expect, it } from 'vitest';
import { compareSteps } from '../../src/core/compareSteps.js';
import { replayStream } from '../../src/core/replay.js';
import type { StepRecord } from '../../src/core/stepRecord.js';
import { replayReproduces } from '../../src/testing/machineInvariants.js';
import { buildRecords, ticket } from '../contracts/fixtureMachine.js';

// Step 1 starts the ticket (sets the 60 s `stale` timer); step 2 submits it (sets the `notify` command).
const recorded = (): StepRecord[] => buildRecords('t-1', [{ type: 'SUBMIT' }]);

/** Both users of the rule: `statebridge replay` (replayStream) and the test kit's invariant. */
async function verdicts(records: readonly StepRecord[]) {
  const report = await replayStream(ticket, records);
  const violations = replayReproduces(ticket).check({ records, world: undefined, now: 0 });
  return { replay: report.divergences.map((d) => d.field), kit: violations.map((v) => v.version) };
}

function tamper(records: StepRecord[], version: number, change: (r: StepRecord) => StepRecord): StepRecord[] {
  return records.map((r) => (r.version === version ? change(r) : r));
}

describe('compareSteps', () => {
  it('finds nothing when a log is replayed with the machine that wrote it', async () => {
    const records = recorded();
    expect(records.map((r, i) => compareSteps(r, buildRecords('t-1', [{ type: 'SUBMIT' }])[i]!))).toEqual([[], []]);
    expect(await verdicts(records)).toEqual({ replay: [], kit: [] });
  });

  // Before one rule, `statebridge replay` compared timers on id, delay and event only and said "no
  // divergence" here, while the test kit compared whole timers and reported a violation. A timer due at
  // another time fires at another time, so the stricter rule is the correct one.
  it('reports a timer whose due time differs, for replay and the test kit alike', async () => {
    const records = tamper(recorded(), 1, (r) => ({
      ...r,
      timersSet: r.timersSet.map((t) => ({ ...t, dueAt: t.dueAt + 1 })),
    }));
    const replayed = buildRecords('t-1', [])[0]!;
    expect(compareSteps(records[0]!, replayed).map((d) => d.field)).toEqual(['timers']);
    expect(await verdicts(records)).toEqual({ replay: ['timers'], kit: [1] });
  });

  // Same disagreement for command keys: the key is the idempotency key the executor is called with.
  it('reports a command whose idempotency key differs', async () => {
    const records = tamper(recorded(), 2, (r) => ({ ...r, commands: r.commands.map((c) => ({ ...c, key: 'other' })) }));
    const [divergence] = compareSteps(records[1]!, recorded()[1]!);
    expect(divergence).toMatchObject({ version: 2, field: 'commands' });
    expect(divergence?.recorded).toEqual([{ key: 'other', kind: 'notify', params: { title: 'T' } }]);
    expect(await verdicts(records)).toEqual({ replay: ['commands'], kit: [2] });
  });

  // `statebridge replay` did not look at the output at all.
  it('reports an output that differs', async () => {
    const records = tamper(recorded(), 2, (r) => ({ ...r, state: { ...r.state, output: { done: true } } }));
    expect(await verdicts(records)).toEqual({ replay: ['output'], kit: [2] });
  });

  // Both old rules compared serialised JSON, so a context read back with its members in another order
  // counted as a divergence; the members and values are what the machine decides, not their order.
  it('ignores the order of object members', async () => {
    const records = tamper(recorded(), 2, (r) => {
      const { title, notes } = r.state.context as { title: string; notes: string[] };
      return { ...r, state: { ...r.state, context: { notes, title } } };
    });
    expect(await verdicts(records)).toEqual({ replay: [], kit: [] });
  });

  it('reports each differing field once, with the recorded and replayed values', () => {
    const [start] = recorded();
    const changed: StepRecord = { ...start!, stateAfter: 'closed', state: { ...start!.state, status: 'done' } };
    expect(compareSteps(changed, start!)).toEqual([
      { version: 1, field: 'stateAfter', recorded: 'closed', replayed: 'open' },
      { version: 1, field: 'status', recorded: 'done', replayed: 'active' },
    ]);
  });
});
