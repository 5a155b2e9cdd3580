import { afterEach, describe, expect, it } from 'vitest';
import { HttpServer } from '../../src/adapters/http/httpServer.js';
import { putCustomResourceResponse } from '../../src/adapters/http/responseClient.js';
import { ResponseInbox } from '../../src/app/customResource/responseInbox.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';

const servers: HttpServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function inboxOn(window: ConstructorParameters<typeof ResponseInbox>[1] = {}) {
  const http = new HttpServer();
  servers.push(http);
  const inbox = new ResponseInbox(new VirtualClock(), window).mount(http);
  await http.listen(0);
  return inbox;
}

const put = (url: string, body: string) => putCustomResourceResponse(url, body, { dialect: 'cloudformation', now: 0 });

describe('the local response endpoint', () => {
  it('takes a CloudFormation-style PUT (empty Content-Type, no token) to the URL it handed out', async () => {
    const inbox = await inboxOn();
    const outcome = await put(inbox.urlFor('r-1'), '{"Status":"SUCCESS"}');
    expect(outcome).toMatchObject({ ok: true, httpStatus: 200 });
    expect(inbox.for('r-1')[0]).toMatchObject({ body: '{"Status":"SUCCESS"}', headers: { 'content-type': '' } });
  });

  it('refuses a PUT whose signature is not the one its URL was handed out with', async () => {
    const inbox = await inboxOn();
    const url = new URL(inbox.urlFor('r-2'));
    const guessed = `${url.origin}${url.pathname}?X-Amz-Expires=7200&X-Amz-Signature=${'0'.repeat(64)}`;
    const forged = await put(guessed, '{"Status":"FAILED"}');
    expect(forged).toMatchObject({ ok: false, httpStatus: 403 });
    const otherRequest = await put(inbox.urlFor('r-3').replace('/r-3?', '/r-2?'), '{"Status":"FAILED"}');
    expect(otherRequest).toMatchObject({ ok: false, httpStatus: 403 });
    expect(inbox.received).toHaveLength(0);
    // Unguessable: two inboxes sign the same request id differently.
    expect(new URL((await inboxOn()).urlFor('r-2')).search).not.toBe(url.search);
  });

  it('keeps a bounded window: at most maxEntries answers', async () => {
    const inbox = await inboxOn({ maxEntries: 3 });
    for (let i = 1; i <= 5; i += 1) expect((await put(inbox.urlFor(`c-${i}`), `{"n":${i}}`)).ok).toBe(true);
    expect(inbox.received.map((r) => r.body)).toEqual(['{"n":3}', '{"n":4}', '{"n":5}']);
    expect(inbox.for('c-1')).toEqual([]);
  });

  it('keeps a bounded window: at most maxBytes of bodies, always the newest answer', async () => {
    const inbox = await inboxOn({ maxBytes: 2500 });
    for (let i = 1; i <= 4; i += 1) await put(inbox.urlFor(`b-${i}`), 'x'.repeat(1000));
    expect(inbox.received).toHaveLength(2);
    expect(inbox.for('b-4')).toHaveLength(1);
    expect(inbox.for('b-2')).toEqual([]);
    await put(inbox.urlFor('b-5'), 'y'.repeat(4000));
    expect(inbox.received.map((r) => r.body.length)).toEqual([4000]);
  });

  it('refuses a window that is not a positive integer, naming the field', async () => {
    expect(() => new ResponseInbox(new VirtualClock(), { maxEntries: 0 })).toThrow(
      /maxEntries: must be a positive integer/,
    );
    expect(() => new ResponseInbox(new VirtualClock(), { maxBytes: 1.5 })).toThrow(
      /maxBytes: must be a positive integer/,
    );
  });
});
