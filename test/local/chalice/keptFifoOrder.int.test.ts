import { describe, expect, it } from 'vitest';
import { App } from '../../../src/app/chalice/app.js';
import type { SQSEvent } from '../../../src/app/chalice/batchEvents.js';
import { VirtualClock } from '../../../src/runtime/virtualClock.js';
import { tempDbPaths } from '../../support/tempFiles.js';
import { runKeptApp } from './support/keptAppProcess.js';

const QUEUE = 'orders.fifo';
const GROUPS = ['g1', 'g2', 'g3'];
const dbPath = tempDbPaths('kept-fifo');
/** Every process runs at this one virtual millisecond, so send times never tell messages apart. */
const AT = Date.parse('2026-01-01T00:00:00.000Z');

/** The App: one function reading the FIFO queue, telling `seen` each body it gets. */
function appOf(seen: string[]) {
  const app = new App('fifo');
  app.onSqsMessage({ queue: QUEUE, batchSize: 4 }, function ship(e: SQSEvent) {
    seen.push(...[...e].map((r) => r.body));
  });
  return app;
}

/** One process on the SQLite file with its queue kept in the log; nothing is delivered until the clock moves. */
async function run(path: string, seen: string[] = []) {
  const clock = new VirtualClock(AT);
  const { runtime, runner } = await runKeptApp(path, appOf(seen), clock);
  return { runtime, runner, clock, seen };
}

/** Send `count` messages round the groups, one after another; returns their bodies in send order. */
async function sendMany(runner: Awaited<ReturnType<typeof run>>['runner'], from: number, count: number) {
  const sent: string[] = [];
  for (let i = from; i < from + count; i += 1) {
    const group = GROUPS[i % GROUPS.length] ?? '';
    const body = `${group}:${i}`;
    await runner.queue.send(QUEUE, {
      body,
      attributes: { MessageGroupId: { DataType: 'String', StringValue: group } },
    });
    sent.push(body);
  }
  return sent;
}

/** The bodies of one message group, in the order given. */
const ofGroup = (bodies: readonly string[], group: string) => bodies.filter((b) => b.startsWith(`${group}:`));

describe('a FIFO queue kept in the log, restarted on the same SQLite file', () => {
  it('restores and delivers messages sent within one millisecond in send order, per group', async () => {
    const path = dbPath();
    const first = await run(path);
    const sent = await sendMany(first.runner, 0, 24);

    // A second process (same millisecond) sends more after the restored ones, and is stopped unread.
    const second = await run(path);
    expect(second.runner.queue.messages(QUEUE).map((m) => m.body)).toEqual(sent);
    sent.push(...(await sendMany(second.runner, 24, 12)));

    const third = await run(path);
    expect(third.runner.queue.messages(QUEUE).map((m) => m.body)).toEqual(sent);
    while (third.seen.length < sent.length) {
      const before = third.seen.length;
      await third.clock.advance(0);
      await third.runtime.idle();
      if (third.seen.length === before) break;
    }
    for (const group of GROUPS) expect(ofGroup(third.seen, group)).toEqual(ofGroup(sent, group));
    expect(third.seen).toEqual(sent);
  });
});
