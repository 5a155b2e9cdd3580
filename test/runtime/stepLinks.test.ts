import { describe, expect, it } from 'vitest';
import type { StepRecord } from '../../src/core/stepRecord.js';
import { stepLinks } from '../../src/runtime/stepInputs.js';

const headWith = (links: StepRecord['links']) => ({ links }) as StepRecord;

describe('stepLinks', () => {
  it('writes the members a step was given, in the order correlation, causation, caused', () => {
    const cases = [
      [{}, '{"correlationId":"s"}'],
      [{ causationId: 'c' }, '{"correlationId":"s","causationId":"c"}'],
      [{ caused: ['a'] }, '{"correlationId":"s","caused":["a"]}'],
      [{ caused: ['a'], causationId: 'c' }, '{"correlationId":"s","causationId":"c","caused":["a"]}'],
      [{ causationId: 'c', caused: [] }, '{"correlationId":"s","causationId":"c"}'],
      [{ correlationId: 'k', caused: [] }, '{"correlationId":"k"}'],
    ] as const;
    for (const [links, json] of cases) expect(JSON.stringify(stepLinks(links, undefined, 's'))).toBe(json);
  });

  it("shares the head's links on a plain step of the same chain, and only then", () => {
    const plainHead = headWith({ correlationId: 'k' });
    expect(stepLinks({}, plainHead, 's')).toBe(plainHead.links);
    expect(stepLinks({ causationId: 'c' }, plainHead, 's')).toEqual({ correlationId: 'k', causationId: 'c' });
    const causedHead = headWith({ correlationId: 'k', causationId: 'c' });
    const next = stepLinks({}, causedHead, 's');
    expect(next).not.toBe(causedHead.links);
    expect(next).toEqual({ correlationId: 'k' });
  });
});
