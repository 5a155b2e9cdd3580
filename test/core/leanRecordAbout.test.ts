import { describe, expect, it } from 'vitest';
import { decodeStep, encodeStep } from '../../src/core/leanRecord.js';
import type { InstanceDescription, StepRecord } from '../../src/core/stepRecord.js';

const step = (version: number, about?: InstanceDescription): StepRecord => ({
  streamId: 'inv-1',
  version,
  eventId: `e${version}`,
  event: { type: version === 1 ? 'xstate.init' : 'attempt.failed' },
  origin: version === 1 ? { kind: 'start' } : { kind: 'external' },
  at: 1_000 * version,
  machine: { id: 'asyncInvocation', version: 1 },
  stateBefore: version === 1 ? null : 'running',
  stateAfter: 'running',
  state: { value: 'running', context: { n: version }, status: 'active' },
  tags: [],
  commands: [],
  timersSet: [],
  timersCancelled: [],
  links: { correlationId: 'inv-1' },
  pending: { commands: [], timers: [] },
  startedAt: 1_000,
  ...(about === undefined ? {} : { about }),
});

const failed: InstanceDescription = {
  title: 'demo-resize (RetriesExhausted after 2 attempts)',
  outcome: { result: 'failed', label: 'RetriesExhausted', detail: 'after 2 attempts' },
  settled: true,
};

describe('a stored step keeps its description', () => {
  it('writes it only when it changes and reads it back, also when it goes away', () => {
    const first = step(1, { title: 'demo-resize (0 attempts so far)' });
    const second = step(2, { title: 'demo-resize (0 attempts so far)' });
    const third = step(3, failed);
    const fourth = step(4);
    const encoded = [encodeStep(first, undefined), encodeStep(second, first), encodeStep(third, second)];
    expect(JSON.parse(encoded[0]!)).toHaveProperty('u', first.about);
    expect(JSON.parse(encoded[1]!)).not.toHaveProperty('u');
    expect(JSON.parse(encoded[2]!)).toHaveProperty('u', failed);
    const read1 = decodeStep(encoded[0]!, 'inv-1', 1, undefined);
    const read2 = decodeStep(encoded[1]!, 'inv-1', 2, read1);
    const read3 = decodeStep(encoded[2]!, 'inv-1', 3, read2);
    expect(read2.about).toEqual(first.about);
    expect(read3.about).toEqual(failed);
    const read4 = decodeStep(encodeStep(fourth, third), 'inv-1', 4, read3);
    expect(read4.about).toBeUndefined();
  });
});
