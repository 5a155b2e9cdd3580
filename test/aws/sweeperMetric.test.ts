import { describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import { AWS_ENV, OVERDUE_METRIC } from '../../src/aws/contract.js';
import { OVERDUE_AFTER_MS } from '../../src/aws/overdueMetric.js';
import { createSweeperHandler } from '../../src/aws/sweeperHandler.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';
import { busyMachine, startOnPriorWorker } from '../../src/testing/priorWorker.js';

const context = { getRemainingTimeInMillis: () => 3_000 };

describe('the sweeper reports overdue instances as an embedded metric', () => {
  it('logs 0 for a table with nothing late, and counts instances whose work is late by more than a sweep', async () => {
    const store = new MemoryEventStore();
    const clock = new VirtualClock(Date.UTC(2026, 0, 1));
    // Two instances whose commands a worker of another deployment started and never finished: this
    // deployment does not register their machine, so the sweep cannot resume them.
    await startOnPriorWorker(store, clock, busyMachine, [
      { instanceId: 'late-1', input: {} },
      { instanceId: 'late-2', input: {} },
    ]);
    const lines: string[] = [];
    const sweep = createSweeperHandler({
      app: { name: 'empty', install: () => undefined },
      store,
      clock,
      env: { [AWS_ENV.table]: 'events' },
      log: (line) => lines.push(line),
    });

    const fresh = await sweep({}, context);
    expect(fresh.overdue).toBe(0);
    clock.jump(OVERDUE_AFTER_MS + 1);
    const late = await sweep({}, context);
    expect(late.overdue).toBe(2);

    const metrics = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry['_aws'] !== undefined);
    expect(metrics.map((m) => m[OVERDUE_METRIC.name])).toEqual([0, 2]);
    expect(metrics[1]).toMatchObject({
      [OVERDUE_METRIC.dimension]: 'events',
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: OVERDUE_METRIC.namespace,
            Dimensions: [[OVERDUE_METRIC.dimension]],
            Metrics: [{ Name: OVERDUE_METRIC.name, Unit: 'Count' }],
          },
        ],
      },
    });
  });
});
