import { describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import { composeApp } from '../../src/cli/compose.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';
import { timelineTourDemo } from '../../src/cli/demos/timelineTour.js';

describe('the timeline tour demo', () => {
  it('leaves one request on approval after two retries, one approved, one failed after four attempts', async () => {
    const clock = new VirtualClock(Date.parse('2026-05-01T08:00:00Z'));
    const lines: string[] = [];
    const env = composeApp({ store: new MemoryEventStore(), clock, log: (l) => lines.push(l) });
    clock.attach(env.runtime);
    await timelineTourDemo.run(env);
    await clock.advance(60_000);
    const page = await env.store.listInstances({ machineId: 'approvalRequest' });
    const byId = Object.fromEntries(page.items.map((s) => [s.instanceId.replace(/-\d+$/, ''), s]));
    expect(byId['tour-request-1']).toMatchObject({
      status: 'active',
      state: 'awaitingApproval',
      nextTimerAt: Date.parse('2026-05-01T09:00:03.300Z'),
    });
    expect(byId['tour-request-2']).toMatchObject({ status: 'done', state: 'approved' });
    expect(byId['tour-request-3']).toMatchObject({ status: 'done', state: 'failed' });
    expect(lines.some((l) => l.includes('started tour-request-1-20260501080000'))).toBe(true);
  });
});
