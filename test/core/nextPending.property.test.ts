import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextPending } from '../../src/core/step.js';
import type { Command, StepRecord, Timer } from '../../src/core/stepRecord.js';

type Step = Parameters<typeof nextPending>[1];

/** What is outstanding after a step, as first written: filtered and spread afresh every time. */
function reference(previous: StepRecord['pending'] | undefined, step: Step): StepRecord['pending'] {
  const before = previous ?? { commands: [], timers: [] };
  const settles =
    step.acked !== undefined || step.fired !== undefined || step.timersCancelled.length > 0 || !step.active;
  if (!settles && step.commands.length === 0 && step.timersSet.length === 0) return before;
  const replaces = (id: string) => step.timersCancelled.includes(id) || step.timersSet.some((t) => t.id === id);
  const commands = [...before.commands.filter((c) => c.key !== step.acked), ...step.commands];
  const timers = step.active
    ? [...before.timers.filter((t) => t.key !== step.fired && !replaces(t.id)), ...step.timersSet]
    : [];
  return { commands, timers };
}

const key = fc.constantFrom('k1', 'k2', 'k3', 'k4');
const id = fc.constantFrom('retry', 'eventAge', 'poll');
const command: fc.Arbitrary<Command> = fc.record({ key, kind: fc.constant('call'), params: fc.constant({}) });
const timer: fc.Arbitrary<Timer> = fc.record({
  id,
  key,
  delayMs: fc.nat(10),
  dueAt: fc.nat(10),
  event: fc.constant({ type: 'later' }),
});
const pending = fc.record({ commands: fc.array(command, { maxLength: 3 }), timers: fc.array(timer, { maxLength: 3 }) });
const step: fc.Arbitrary<Step> = fc.record({
  acked: fc.option(key, { nil: undefined }),
  fired: fc.option(key, { nil: undefined }),
  commands: fc.array(command, { maxLength: 2 }),
  timersSet: fc.array(timer, { maxLength: 2 }),
  timersCancelled: fc.array(id, { maxLength: 2 }),
  active: fc.boolean(),
});

describe('nextPending', () => {
  it('leaves outstanding what the step did not settle, then what it set, as the plain filter does', () => {
    fc.assert(
      fc.property(fc.option(pending, { nil: undefined }), step, (previous, s) => {
        const next = nextPending(previous, s);
        expect(next).toEqual(reference(previous, s));
        // A list the step left as it was is the previous one itself; nothing it did not change is copied.
        if (previous !== undefined && next.commands.length > 0 && s.acked === undefined && s.commands.length === 0)
          expect(next.commands).toBe(previous.commands);
      }),
      { numRuns: 1000 },
    );
  });
});
