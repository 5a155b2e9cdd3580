import { describe, expect, it } from 'vitest';
import { InProcessBus } from '../../src/adapters/bus/inProcessBus.js';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import { sendToInstance, startInstance } from '../../src/app/instanceTargets.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';
import { ticket } from '../contracts/fixtureMachine.js';

function setup() {
  const clock = new VirtualClock();
  const store = new MemoryEventStore();
  const runtime = createRuntime({ store, clock }).register(ticket, { notify: async () => ({ type: 'sent' }) });
  const bus = new InProcessBus({ clock });
  return { store, runtime, bus };
}

describe('bus rules routing events to instances', () => {
  it('starts an instance per matching event with the input path as its input, once per envelope', async () => {
    const { store, runtime, bus } = setup();
    bus.putRule({
      name: 'new-tickets',
      eventPattern: { source: ['helpdesk'], 'detail-type': ['Ticket Opened'] },
      targets: [
        startInstance(runtime, {
          id: 'ticket',
          machineId: 'ticket',
          instanceId: (e) => `t-${String((e.detail as { n: number }).n)}`,
          inputPath: '$.detail',
        }),
      ],
    });
    const envelope = {
      version: '0' as const,
      id: 'ev-1',
      'detail-type': 'Ticket Opened',
      source: 'helpdesk',
      account: '1',
      time: '2026-01-01T00:00:00Z',
      region: 'local',
      resources: [],
      detail: { n: 1, title: 'printer' },
    };
    await bus.publish(envelope);
    await bus.publish(envelope);
    await bus.putEvents([{ Source: 'elsewhere', DetailType: 'Ticket Opened', Detail: '{"n":2,"title":"x"}' }]);
    const page = await store.listInstances({});
    expect(page.items.map((s) => s.instanceId)).toEqual(['t-1']);
    const head = await store.readHead('t-1');
    expect(head?.state.context).toEqual({ title: 'printer', notes: [] });
    expect(head?.links.causationId).toBe('ev-1');
  });

  it('sends matching events to a running instance, applying a redelivered event once', async () => {
    const { store, runtime, bus } = setup();
    await runtime.start('ticket', 't-9', { title: 'x' });
    bus.putRule({
      name: 'notes',
      eventPattern: { 'detail-type': ['Note Added'] },
      targets: [
        sendToInstance(runtime, {
          id: 'note',
          instanceId: () => 't-9',
          toEvent: (input) => ({ type: 'NOTE', text: String((input as { text: string }).text) }),
          inputPath: '$.detail',
        }),
      ],
    });
    const result = await bus.putEvents([
      { Source: 'helpdesk', DetailType: 'Note Added', Detail: '{"text":"call back"}' },
    ]);
    expect(result.failedEntryCount).toBe(0);
    const eventId = (result.entries[0] as { eventId: string }).eventId;
    const envelope = {
      version: '0' as const,
      id: eventId,
      'detail-type': 'Note Added',
      source: 'helpdesk',
      account: '1',
      time: '2026-01-01T00:00:00Z',
      region: 'local',
      resources: [],
      detail: { text: 'call back' },
    };
    await bus.publish(envelope);
    const head = await store.readHead('t-9');
    expect(head?.version).toBe(2);
    expect(head?.event).toEqual({ type: 'NOTE', text: 'call back' });
  });
});
