import { describe, expect, it } from 'vitest';
import { InProcessBus } from '../../../src/adapters/bus/inProcessBus.js';
import { MemoryEventStore } from '../../../src/adapters/memory/memoryEventStore.js';
import { App } from '../../../src/app/chalice/app.js';
import type { SQSEvent } from '../../../src/app/chalice/batchEvents.js';
import type { StepRecord } from '../../../src/core/stepRecord.js';
import { runApp } from '../../../src/local/chalice/appRunner.js';
import { createRuntime } from '../../../src/runtime/runtime.js';
import { VirtualClock } from '../../../src/runtime/virtualClock.js';
import { ForwardingEventStore } from '../../support/forwardingEventStore.js';

/** A store whose next append of a receive fails, as a full disk would. */
class FailingReceiveStore extends ForwardingEventStore {
  failNextReceive = true;
  override append(record: StepRecord, expectedVersion: number, json?: string): Promise<void> {
    if (this.failNextReceive && (record.event as { type?: string }).type === 'message.received') {
      this.failNextReceive = false;
      return Promise.reject(new Error('disk full'));
    }
    return super.append(record, expectedVersion, json);
  }
}

describe('a kept queue whose receive cannot be written', () => {
  it('does not invoke the batch, and delivers it at the next pass with the receive counted once', async () => {
    const clock = new VirtualClock();
    const runtime = createRuntime({ store: new FailingReceiveStore(new MemoryEventStore()), clock });
    const seen: string[] = [];
    const app = new App('faults');
    app.onSqsMessage({ queue: 'jobs' }, function work(e: SQSEvent) {
      seen.push(...[...e].map((r) => `${r.body}#${r.receiveCount}`));
    });
    const bus = new InProcessBus({ clock });
    const runner = await runApp(app, { runtime, bus, log: () => undefined, keepSourcesInLog: true });
    clock.attach(runtime);
    clock.attach(runner);
    await runner.queue.send('jobs', { body: 'a' });
    await expect(clock.advance(0)).rejects.toThrow('disk full');
    expect(seen).toEqual([]);
    await clock.advance(0);
    expect(seen).toEqual(['a#1']);
  });
});
