import { describe, expect, it } from 'vitest';
import { EntryBuilder } from '../../src/timeline/entryBuilder.js';
import type { StepRecord } from '../../src/core/stepRecord.js';
import { buildRecords } from '../contracts/fixtureMachine.js';

/** Ticket records with custom-resource-like payloads attached to their events. */
function withEvents(records: StepRecord[], events: Record<string, unknown>[]): StepRecord[] {
  return records.map((r, i) => ({ ...r, event: { ...r.event, ...(events[i] ?? {}) } }));
}

describe('EntryBuilder', () => {
  it('keeps NoEcho on for the rest of the stream once a response asked for it', () => {
    const records = withEvents(
      buildRecords('cr-1', [
        { type: 'NOTE', text: 'a' },
        { type: 'NOTE', text: 'b' },
        { type: 'NOTE', text: 'c' },
      ]),
      [
        {},
        { Data: { Password: 'before-noecho' } },
        { response: { NoEcho: true, Data: { Password: 'in-noecho-step' } } },
        { echo: { Data: { Password: 'after-noecho' } } },
      ],
    );
    const builder = new EntryBuilder();
    const shown = records.map((r) => JSON.stringify(builder.next(r)));
    expect(shown[1]).toContain('before-noecho'); // nothing asked for NoEcho yet
    expect(shown[2]).not.toContain('in-noecho-step');
    expect(shown[3]).not.toContain('after-noecho');
    expect(shown[3]).toContain('"Password":"****"');
  });

  it('names the timer a step fired with its delay, and only reports cancels of timers still pending', () => {
    const [start, stale] = buildRecords('t-1', [{ type: 'xstate.after.60000.ticket.open' }]);
    const fired: StepRecord = {
      ...stale!,
      origin: { kind: 'timer', timerKey: start!.timersSet[0]!.key, timerId: start!.timersSet[0]!.id },
      timersCancelled: [start!.timersSet[0]!.id, 'never-set'],
    };
    const builder = new EntryBuilder();
    builder.next(start!);
    const entry = builder.next(fired);
    expect(entry.timerFired).toEqual({ id: start!.timersSet[0]!.id, key: 't-1#1#t0', delayMs: 60_000 });
    expect(entry.timersCancelled).toEqual([]);
    expect(entry.stateAfter).toBe('stale');
  });

  it('numbers re-entries of a state as attempts and links outcomes to the instance that caused them', () => {
    const records = buildRecords('t-2', [{ type: 'SUBMIT' }, { type: 'sent' }]);
    const builder = new EntryBuilder();
    const entries = records.map((r) =>
      builder.next({ ...r, links: { ...r.links, causationId: 'other#3#0', caused: ['child-1'] } }),
    );
    expect(entries.map((e) => e.attempt)).toEqual([undefined, undefined, undefined]);
    expect(entries[1]?.commands.map((c) => c.kind)).toEqual(['notify']);
    expect(entries[2]?.origin).toBe('outcome of t-2#2#0');
    expect(entries[2]?.links).toEqual({
      correlationId: 't-2',
      causationId: 'other#3#0',
      caused: ['child-1'],
      causedBy: 'other',
    });
    expect(entries[1]?.waiting.commands).toEqual([{ key: 't-2#2#0', kind: 'notify' }]);
  });
});
