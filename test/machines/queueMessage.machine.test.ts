import { describe, expect, it } from 'vitest';
import { queueMessageDefinition } from '../../machines/queueMessage/queueMessage.definition.js';
import type { QueueMessageContext } from '../../machines/queueMessage/queueMessage.machine.js';
import { decide } from '../../src/core/step.js';
import type { MachineEvent, StepRecord } from '../../src/core/stepRecord.js';

const input = { queue: 'jobs', messageId: 'm1', body: '{}', attributes: {}, sentAt: 0, consumers: ['work', 'audit'] };

/** Decide the steps of one message from its start, one per event. */
function replay(events: readonly MachineEvent[], start = input): StepRecord[] {
  const records: StepRecord[] = [];
  const all: MachineEvent[] = [{ type: 'xstate.init', input: queueMessageDefinition.input!.parse(start) }, ...events];
  for (const [i, event] of all.entries()) {
    const step = decide({
      definition: queueMessageDefinition,
      streamId: 'sqs:jobs:m1',
      head: records.at(-1),
      eventId: `e${i}`,
      event: i === 0 ? event : (queueMessageDefinition.events!.parse(event) as MachineEvent),
      origin: i === 0 ? { kind: 'start' } : { kind: 'external' },
      at: i,
      links: { correlationId: 'm1' },
    });
    records.push(step.record);
  }
  return records;
}

const last = (records: StepRecord[]) => records.at(-1)!;
const receiptsOf = (record: StepRecord) => (record.state.context as unknown as QueueMessageContext).receipts;
const received = (consumer: string, requestId: string, visibleAt: number): MachineEvent => ({
  type: 'message.received',
  consumer,
  requestId,
  visibleAt,
});

describe('queueMessage machine', () => {
  it('counts each receive per consumer and sets when the message shows again', () => {
    const head = last(
      replay([
        received('work', 'b1', 30),
        { type: 'message.returned', consumer: 'work', requestId: 'b1' },
        received('work', 'b2', 90),
      ]),
    );
    expect(receiptsOf(head)).toEqual({ work: { receiveCount: 2, visibleAt: 90, batch: 'b2' } });
    expect(head.state.status).toBe('active');
  });

  it('ends once every consumer has deleted or redriven it, not before', () => {
    const partly = replay([received('work', 'b1', 30), { type: 'message.deleted', consumer: 'work', requestId: 'b1' }]);
    expect(last(partly).state.status).toBe('active');
    const done = replay([
      received('work', 'b1', 30),
      { type: 'message.deleted', consumer: 'work', requestId: 'b1' },
      received('audit', 'b2', 30),
      { type: 'message.redriven', consumer: 'audit', requestId: 'b2', deadLetterQueue: 'dlq' },
    ]);
    expect(last(done).state.status).toBe('done');
    expect(receiptsOf(last(done))['audit']).toEqual({ receiveCount: 1, visibleAt: 30, done: 'redriven' });
  });

  it('ignores the outcome of a batch that no longer holds the message (a stale receipt handle)', () => {
    const head = last(
      replay([
        received('work', 'b1', 30),
        received('work', 'b2', 90),
        { type: 'message.deleted', consumer: 'work', requestId: 'b1' },
      ]),
    );
    expect(receiptsOf(head)['work']).toEqual({ receiveCount: 2, visibleAt: 90, batch: 'b2' });
  });

  it('ignores consumers it was not sent to, and waits for ever on a queue nobody maps', () => {
    const head = last(replay([received('other', 'b1', 30)], { ...input, consumers: [] }));
    expect(receiptsOf(head)).toEqual({});
    expect(head.state.status).toBe('active');
  });

  it('refuses an event without a consumer, naming the field', () => {
    const parsed = queueMessageDefinition.events!.safeParse({ type: 'message.deleted', requestId: 'b1' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['consumer']);
  });
});
