import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededApp, startFetch } from '../cli/support/seed.js';

let ctx: ReturnType<typeof seededApp>;
let base: string;

beforeAll(async () => {
  ctx = seededApp();
  await startFetch(ctx.env, 'api-1', 1);
  await ctx.clock.advance(5_000);
  base = await ctx.env.http.listen(0);
});
afterAll(async () => {
  await ctx.env.http.close();
  await ctx.env.runtime.close();
});

describe('timeline HTTP API', () => {
  it('streams a timeline as newline-delimited JSON: meta, entries, current', async () => {
    const res = await fetch(`${base}/api/instances/api-1/timeline`);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    const rows = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows[0]).toMatchObject({
      kind: 'meta',
      instanceId: 'api-1',
      machine: { id: 'fetch', version: 1 },
      now: ctx.clock.now(),
    });
    expect(rows.filter((r) => r['kind'] === 'entry').map((r) => r['stateAfter'])).toEqual([
      'queued',
      'calling',
      'backoff',
      'calling',
      'awaitingApproval',
    ]);
    expect(rows.at(-1)).toMatchObject({ kind: 'current', state: 'awaitingApproval', retries: 1 });
    const text = JSON.stringify(rows);
    expect(text).not.toContain('SECRETSIG');
    expect(text).not.toContain('sk-live-123');
  });

  it('lists instances with what they wait for, and refuses bad filters', async () => {
    const list = (await (await fetch(`${base}/api/instances?status=active&machine=fetch`)).json()) as {
      items: { instanceId: string; waiting: { nextTimer: { dueAt: number } } }[];
    };
    expect(list.items.map((i) => i.instanceId)).toEqual(['api-1']);
    expect(list.items[0]?.waiting.nextTimer.dueAt).toBe(Date.parse('2026-03-01T11:00:02.500Z'));
    const bad = await fetch(`${base}/api/instances?status=stuck`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toContain('status');
    expect((await fetch(`${base}/api/instances/nope/timeline`)).status).toBe(404);
  });

  it('serves only the page files, with a content security policy', async () => {
    const page = await fetch(`${base}/`);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<script type="module" src="/assets/timeline.js">');
    expect((await fetch(`${base}/assets/timeline.js`)).status).toBe(200);
    expect((await fetch(`${base}/assets/..%2F..%2Fcli%2Fmain.ts`)).status).toBe(404);
    expect((await fetch(`${base}/assets/../timelineModule.ts`)).status).toBe(404);
  });

  it('pushes each committed step over Server-Sent Events', async () => {
    const controller = new AbortController();
    const res = await fetch(`${base}/api/stream`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    await ctx.env.runtime.send('api-1', { type: 'APPROVE' });
    let seen = '';
    while (!seen.includes('"state":"done"')) seen += (await reader.read()).value ?? '';
    controller.abort();
    expect(seen).toMatch(/event: step\ndata: {"instanceId":"api-1","version":6,"state":"done","status":"done"/);
  });

  it('serves the machine diagram with the instance path highlighted', async () => {
    const res = await fetch(`${base}/api/machines/fetch/graph?instance=api-1`);
    const text = await res.text();
    expect(text.startsWith('stateDiagram-v2\n')).toBe(true);
    expect(text).toContain('class s_done current');
    expect((await fetch(`${base}/api/machines/nope/graph`)).status).toBe(404);
  });
});
