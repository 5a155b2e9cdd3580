import { describe, expect, it } from 'vitest';
import { EmbeddedQueue, type QueuedMessage } from '../../../src/adapters/queue/embeddedQueue.js';
import { VirtualClock } from '../../../src/runtime/virtualClock.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A journal that keeps messages by id, as the log does (a second start of one id is refused). */
function journal() {
  const kept = new Map<string, QueuedMessage>();
  return {
    kept,
    async keep(message: QueuedMessage) {
      if (kept.has(message.messageId)) return false;
      kept.set(message.messageId, message);
      return true;
    },
  };
}

describe('EmbeddedQueue with a journal', () => {
  it('keeps a message under a GUID before anyone hears of it', async () => {
    const queue = new EmbeddedQueue({ clock: new VirtualClock() });
    const kept = journal();
    queue.keepIn(kept);
    const heard: boolean[] = [];
    queue.onMessage((message) => heard.push(kept.kept.has(message.messageId)));
    const { messageId } = await queue.send('jobs', { body: 'a' });
    expect(messageId).toMatch(GUID);
    expect(heard).toEqual([true]);
    expect(queue.messages('jobs').map((m) => m.body)).toEqual(['a']);
  });

  it('keeps a send repeated with the same deduplication key once, under the same id', async () => {
    const queue = new EmbeddedQueue({ clock: new VirtualClock() });
    const kept = journal();
    queue.keepIn(kept);
    const first = await queue.send('dlq', { body: 'x', deduplicationKey: 'm-1' });
    const again = await queue.send('dlq', { body: 'x', deduplicationKey: 'm-1' });
    const other = await queue.send('other', { body: 'x', deduplicationKey: 'm-1' });
    expect(again.messageId).toBe(first.messageId);
    expect(other.messageId).not.toBe(first.messageId);
    expect(queue.messages('dlq')).toHaveLength(1);
  });

  it('numbers messages per process without a journal, as before', async () => {
    const queue = new EmbeddedQueue({ clock: new VirtualClock() });
    expect((await queue.send('jobs', { body: 'a' })).messageId).toBe('jobs-1');
  });

  it('puts a restored message back without telling the listeners', () => {
    const queue = new EmbeddedQueue({ clock: new VirtualClock() });
    const heard: string[] = [];
    queue.onMessage((message) => heard.push(message.body));
    queue.restore({ messageId: 'g', queue: 'dlq', body: 'old', attributes: {}, sentAt: 0 });
    expect(queue.messages('dlq').map((m) => m.body)).toEqual(['old']);
    expect(heard).toEqual([]);
  });
});
