import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineFunction } from '../../src/app/functions/defineFunction.js';
import { functionsFor } from '../../src/app/functions/functionsModule.js';
import { seededApp, startFetch } from '../cli/support/seed.js';
import { launchChromium } from './support/chromium.js';

let ctx: ReturnType<typeof seededApp>;
let browser: Browser;
let baseUrl: string;
let port: string;
let attacker: Server;
let attackerUrl: string;
let invoked = 0;

// A page on another local port (another dev server, or a site the user visits) that tries our endpoints.
const attackPage = (target: string) => `<!doctype html><script>
const results = {};
const attempt = async (name, run) => {
  try {
    const r = await run();
    results[name] = r.type === 'opaque' ? 'opaque' : String(r.status);
  } catch {
    results[name] = 'blocked';
  }
};
(async () => {
  const textPost = { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '{}' };
  await attempt('invoke', () => fetch('${target}/2015-03-31/functions/count/invocations', textPost));
  await attempt('ros', () => fetch('${target}/ros/custom-resource/h', { method: 'POST', mode: 'no-cors', body: '{}' }));
  await attempt('read', () => fetch('${target}/api/instances'));
  window.done = results;
})();
</script>`;

beforeAll(async () => {
  ctx = seededApp();
  functionsFor(ctx.env).register(defineFunction('count', () => ({ n: ++invoked })));
  await startFetch(ctx.env, 'page-1', 0);
  baseUrl = await ctx.env.http.listen(0);
  port = new URL(baseUrl).port;
  attacker = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(attackPage(baseUrl)));
  await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
  // rebind.example.test resolves to 127.0.0.1, as a DNS-rebinding attacker's name would.
  browser = await launchChromium(['--host-resolver-rules=MAP rebind.example.test 127.0.0.1']);
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => attacker?.close(r));
  await ctx?.env.http.close();
  await ctx?.env.runtime.close();
});

describe('the local endpoints in a real browser', () => {
  it('refuse what a page from another origin sends, and do not let it read', async () => {
    const page = await browser.newPage();
    await page.goto(attackerUrl);
    const results = (
      await page.waitForFunction(() => (window as unknown as { done?: Record<string, string> }).done)
    ).jsonValue();
    expect(await results).toEqual({ invoke: 'opaque', ros: 'opaque', read: 'blocked' });
    await ctx.env.runtime.idle();
    expect(invoked).toBe(0);
    expect((await ctx.env.store.listInstances({ limit: 50 })).items.map((i) => i.instanceId)).toEqual(['page-1']);
    await page.close();
  });

  it('refuse a page loaded under another host name that resolves to 127.0.0.1 (DNS rebinding)', async () => {
    const page = await browser.newPage();
    const reply = await page.goto(`http://rebind.example.test:${port}/`);
    expect(reply?.status()).toBe(403);
    const api = await page.evaluate(async () => (await fetch('/api/instances')).status);
    expect(api).toBe(403);
    await page.close();
  });

  it('serve our own page its token, which it sends on its API calls', async () => {
    const page = await browser.newPage();
    const sent: (string | undefined)[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/instances')) sent.push(r.headers()['x-statebridge-token']);
    });
    await page.goto(`${baseUrl}/`);
    await page.locator('#instances a[data-instance="page-1"]').waitFor();
    expect(sent.length).toBeGreaterThan(0);
    expect(new Set(sent)).toEqual(new Set([ctx.env.http.token]));
    await page.close();
  });
});
