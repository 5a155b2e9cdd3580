import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../../src/adapters/memory/memoryEventStore.js';
import { App } from '../../../src/app/chalice/app.js';
import type { CloudWatchEvent } from '../../../src/app/chalice/lambdaEvent.js';
import { scheduleInstanceId } from '../../../src/local/chalice/scheduleExecutors.js';
import { appHarness } from './appHarness.js';

const MINUTE = 60_000;

interface CronVector {
  id: string;
  cron: string;
  reference: string;
  direction: 'next' | 'prev';
  chained: boolean;
  expected: string[];
}

const vectors = (
  JSON.parse(
    readFileSync(new URL('../../../../../shared/conformance/aws-cron/vectors.json', import.meta.url), 'utf8'),
  ) as {
    vectors: CronVector[];
  }
).vectors.filter((v) => v.direction === 'next' && v.chained && v.expected.length > 0);

describe('schedules', () => {
  it('fire a rate schedule from durable timers, one invocation per period, naming the schedule', async () => {
    const seen: string[] = [];
    const app = new App('media');
    app.schedule('rate(5 minutes)', function everyFive(event: CloudWatchEvent) {
      seen.push(`${event.time} ${event.detailType} ${event.resources[0] ?? ''}`);
    });
    const h = await appHarness(app, { start: Date.parse('2026-01-01T00:00:00Z') });
    await h.clock.advance(15 * MINUTE);
    const rule = 'arn:aws:events:us-east-1:123456789012:rule/media-everyFive';
    expect(seen).toEqual([
      `2026-01-01T00:05:00Z Scheduled Event ${rule}`,
      `2026-01-01T00:10:00Z Scheduled Event ${rule}`,
      `2026-01-01T00:15:00Z Scheduled Event ${rule}`,
    ]);
    const fired = (await h.history(scheduleInstanceId(app, app.registrations[0]!))).filter(
      (r) => r.event.type === 'schedule.fired',
    );
    const [first] = await h.history(String(fired[0]?.event['requestId']));
    expect(first?.state.context).toMatchObject({
      input: { trigger: { kind: 'eventSource', source: 'schedule:media-everyFive', rule: 'rate(5 minutes)' } },
    });
    expect(h.errors).toEqual([]);
  });

  it('fire once, late, for the latest of the fire times missed while nothing ran, and record how many', async () => {
    const seen: string[] = [];
    const app = new App('media');
    app.schedule('rate(5 minutes)', function everyFive(event: CloudWatchEvent) {
      seen.push(event.time);
    });
    const store = new MemoryEventStore();
    const start = Date.parse('2026-01-01T00:00:00Z');
    const before = await appHarness(app, { start, store });
    await before.clock.advance(5 * MINUTE);
    await before.runtime.close();
    // The process is down from 00:05 to 00:32; a new one starts on the same log.
    const after = await appHarness(app, { start: start + 32 * MINUTE, store });
    await after.clock.advance(8 * MINUTE);
    expect(seen).toEqual([
      '2026-01-01T00:05:00Z',
      '2026-01-01T00:30:00Z',
      '2026-01-01T00:35:00Z',
      '2026-01-01T00:40:00Z',
    ]);
    const fires = (await after.history(scheduleInstanceId(app, app.registrations[0]!)))
      .filter((r) => r.event.type === 'schedule.fired')
      .map((r) => [new Date(Number(r.event['scheduledAt'])).toISOString(), r.event['skipped']]);
    expect(fires[1]).toEqual(['2026-01-01T00:30:00.000Z', 4]);
  });

  it.each(vectors.map((v) => [v.id, v] as const))(
    'fire cron schedules at the conformance times (%s)',
    async (_id, v) => {
      const seen: string[] = [];
      const app = new App('cron');
      app.schedule(`cron(${v.cron})`, function tick(event: CloudWatchEvent) {
        seen.push(event.time);
      });
      const h = await appHarness(app, { start: Date.parse(v.reference) });
      await h.clock.advanceTo(Date.parse(v.expected.at(-1)!));
      expect(seen).toEqual(v.expected);
    },
  );
});
