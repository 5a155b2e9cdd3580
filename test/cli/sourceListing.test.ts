import { describe, expect, it } from 'vitest';
import { App } from '../../src/app/chalice/app.js';
import { listBySource, parseSourceOption } from '../../src/cli/commands/sourceListing.js';
import { deliverySelector } from '../../src/local/chalice/deliverySource.js';
import { appHarness } from '../app/chalice/appHarness.js';

describe('ls --source: the deliveries of one source', () => {
  it('pages through invocations only, keeping those whose trigger names the source', async () => {
    const app = new App('listing');
    app.onS3Event({ bucket: 'img' }, function resize() {});
    app.onSnsMessage({ topic: 'alerts' }, function notify() {});
    const { runner, runtime, store, clock } = await appHarness(app);
    const uploads: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      await runner.bucket.putObject('img', `k${i}`, 'x');
      await runner.publish('alerts', `m${i}`);
      await runner.publish('alerts', `n${i}`);
      await clock.advance(1000); // distinct start times, so newest first is a defined order
    }
    await runtime.idle();
    const all = await store.listInstances({ machineId: 'asyncInvocation', limit: 100 });
    for (const item of all.items) if (item.title?.startsWith('resize') === true) uploads.push(item.instanceId);
    expect(uploads).toHaveLength(5);

    const first = await listBySource(store, parseSourceOption('s3:img'), { limit: 2 });
    // The store's source index holds the uploads only, so a page of 2 is 2 uploads.
    expect(first.items).toHaveLength(2);
    expect(first.items.every((item) => uploads.includes(item.instanceId))).toBe(true);
    const rest = await listBySource(store, parseSourceOption('s3:img'), { limit: 100, cursor: first.cursor! });
    expect([...first.items, ...rest.items].map((i) => i.instanceId)).toEqual(uploads);
    expect(rest.cursor).toBeUndefined();
    const alerts = await listBySource(store, parseSourceOption('sns:alerts'), { limit: 100 });
    expect(alerts.items).toHaveLength(10);
    expect((await listBySource(store, parseSourceOption('sqs:img'), { limit: 100 })).items).toEqual([]);
  });

  it("reads Chalice's names for bus rules, routes and websocket routes", () => {
    expect(deliverySelector('cw-event:media-onCommit')({ source: 'events:media-onCommit' })).toBe(true);
    expect(deliverySelector('cw-event:media-onCommit')({ source: 'events:media-other' })).toBe(false);
    const route = deliverySelector('http:GET /objects/{key}');
    expect(route({ source: 'api:media', rule: 'GET /objects/{key}' })).toBe(true);
    expect(route({ source: 'api:media', rule: 'PUT /objects/{key}' })).toBe(false);
    expect(route({ source: 'sqs:GET /objects/{key}', rule: 'GET /objects/{key}' })).toBe(false);
    expect(deliverySelector('ws:$connect')({ source: 'websocket:$connect' })).toBe(true);
    expect(deliverySelector('sqs:jobs')({ source: 'sqs:jobs', rule: 'batch of 3' })).toBe(true);
  });

  it('refuses a value that is not <kind>:<name>, naming the option', () => {
    expect(() => parseSourceOption('jobs')).toThrow(/--source: must be <kind>:<name>/);
    expect(() => parseSourceOption('ftp:x')).toThrow(/--source/);
  });
});
