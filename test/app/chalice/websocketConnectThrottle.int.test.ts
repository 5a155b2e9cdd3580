import { describe, expect, it } from 'vitest';
import { App } from '../../../src/app/chalice/app.js';
import { SqsDestination } from '../../../src/app/functions/destinations.js';
import { tempDbPaths } from '../../support/tempFiles.js';
import { refusedStatus, websocketServer } from './websocketHarness.js';

const dbPath = tempDbPaths('websocket-throttle');

describe('a throttled websocket connect', () => {
  it('refuses the upgrade with 429 and its instance ends there, with no destination', async () => {
    const app = new App('chat');
    let calls = 0;
    const onFailure = new SqsDestination('refused');
    app.onWsConnect(
      function connect() {
        calls += 1;
        return { statusCode: 200 };
      },
      { reservedConcurrency: 0, onFailure },
    );
    const s = await websocketServer(app, dbPath());
    const started: string[] = [];
    s.runtime.onStep((record) => {
      if (record.version === 1) started.push(record.streamId);
    });
    try {
      expect(await refusedStatus(s.url)).toBe(429);
      await s.runtime.idle();
      expect(started).toHaveLength(1);
      const history = await s.history(started[0]!);
      const head = history.at(-1)!;
      // Ended with the one throttled attempt: no retry timer left, nothing delivered.
      expect(head.state.status).toBe('done');
      expect(head.pending.timers).toEqual([]);
      expect(history.map((record) => record.event.type)).toContain('attempt.throttled');
      expect(history.flatMap((record) => record.commands.map((command) => command.kind))).toEqual([
        'dequeue',
        'invokeFunction',
      ]);
      expect(calls).toBe(0);
      expect(s.errors).toEqual([]);
    } finally {
      await s.stop();
    }
  });
});
