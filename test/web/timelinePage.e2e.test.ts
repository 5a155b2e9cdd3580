import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededApp, startFetch } from '../cli/support/seed.js';
import { launchChromium } from './support/chromium.js';

let ctx: ReturnType<typeof seededApp>;
let browser: Browser;
let page: Page;
let baseUrl: string;
const dialogs: string[] = [];

beforeAll(async () => {
  ctx = seededApp();
  await startFetch(ctx.env, 'req-retry', 2);
  await startFetch(ctx.env, 'req-ok', 0);
  await ctx.env.runtime.start('batch', 'batch-1', { failTimes: 0 });
  await ctx.clock.advance(10_000);
  await ctx.env.runtime.send('req-ok', { type: 'APPROVE' });
  baseUrl = await ctx.env.http.listen(0);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
});

afterAll(async () => {
  await browser?.close();
  await ctx?.env.http.close();
  await ctx?.env.runtime.close();
});

describe('the timeline page', () => {
  it('lists instances with their state and what they wait for', async () => {
    await page.goto(`${baseUrl}/`);
    const row = page.locator('#instances a[data-instance="req-retry"]');
    await row.waitFor();
    expect(await row.locator('.badge').textContent()).toBe('awaitingApproval');
    expect(await row.locator('.sub').textContent()).toMatch(/fetch@1 · timer in 59m 56s/);
    expect(await page.locator('#instances a[data-instance="req-ok"] .badge').textContent()).toBe('done');
    await page.selectOption('#f-status', 'done');
    await page.locator('#instances a[data-instance="req-retry"]').waitFor({ state: 'detached' });
    expect(
      await page.locator('#instances a').evaluateAll((as) => as.map((a) => a.getAttribute('data-instance'))),
    ).toEqual(['req-ok']);
    await page.selectOption('#f-status', '');
    await row.waitFor();
  });

  it('shows an instance: current state, since when, waiting for what, next timer, retries, lanes, events', async () => {
    await page.locator('#instances a[data-instance="req-retry"]').click();
    await page.locator('.title h1', { hasText: 'req-retry' }).waitFor();
    const card = (k: string) => page.locator(`.card[data-card="${k}"] .v`).textContent();
    expect(await card('state')).toBe('awaitingApproval');
    expect(await card('since')).toBe('3.5s');
    expect(await card('waiting for')).toContain('timer');
    expect(await card('next timer')).toBe('in 59m 56s');
    expect(await card('retries')).toBe('2');
    // A history short enough for one page has no pager, and nothing in its place.
    const history = await page.locator('.history').evaluate((node) => Array.from(node.childNodes, (n) => n.nodeName));
    expect(history).toEqual(['H2', 'DIV', 'DIV', 'H2', expect.any(String)]);
    expect(await page.locator('.history').evaluate((node) => node.textContent)).not.toContain('null');
    const states = await page.locator('td[data-field="state"]').evaluateAll((tds) => tds.map((td) => td.textContent));
    expect(states).toEqual([
      '∅→queued',
      'queued→calling',
      'calling→backoffretrying',
      'backoff→callingattempt 2',
      'calling→backoffretryingattempt 2',
      'backoff→callingattempt 3',
      'calling→awaitingApprovalneeds-human',
    ]);
    const bars = await page
      .locator('svg.lanes g[data-state]')
      .evaluateAll((gs) => gs.map((g) => g.getAttribute('data-state')));
    expect(bars).toEqual(['queued', 'calling', 'backoff', 'calling', 'backoff', 'calling', 'awaitingApproval']);
    expect(await page.locator('svg.lanes .retry-label').allTextContents()).toEqual(['↻2', '↻3']);
    // three timers fired (queue delay, two back-offs) and the approval timeout still pending (open)
    const timerSpans = await page
      .locator('svg.lanes g[data-lane="timers"]')
      .evaluateAll((gs) => gs.map((g) => g.getAttribute('data-open')));
    expect(timerSpans).toEqual(['false', 'false', 'false', 'true']);
    expect(await page.locator('svg.lanes g[data-lane="commands"]').count()).toBe(3);
    mkdirSync('test-output', { recursive: true });
    await page.screenshot({ path: 'test-output/timeline.png', fullPage: true });
  });

  it('shows event payloads as text and redacts response URLs and declared secrets', async () => {
    await page.locator('tr[data-seq="1"] details summary').click();
    const payload = await page.locator('tr[data-seq="1"] pre[data-field="payload"]').textContent();
    expect(payload).toContain('"note": "<script>alert(\\"x\\")</script>"');
    expect(payload).toContain(
      '"ResponseURL": "https://cfn-responses.s3.amazonaws.com/arn%3Aaws%3Acloudformat…redacted…"',
    );
    expect(payload).toContain('"apiKey": "****"');
    expect(await page.locator('script').count()).toBe(1);
    expect(dialogs).toEqual([]);
    const html = await page.content();
    expect(html).not.toContain('SECRETSIG');
    expect(html).not.toContain('sk-live-123');
    expect(html).toContain('&lt;script&gt;alert');
  });

  it('updates live when the instance moves on', async () => {
    await ctx.env.runtime.send('req-retry', { type: 'APPROVE' });
    await page.locator('.card[data-card="state"] .v', { hasText: /^done$/ }).waitFor({ timeout: 10_000 });
    expect(await page.locator('.card[data-card="waiting for"] .v').textContent()).toBe('nothing — done');
    expect(await page.locator('#live').getAttribute('data-state')).toBe('live');
  });

  it('opens linked instances in one click', async () => {
    await page.locator('#instances a[data-instance="batch-1"]').click();
    await page.locator('.title h1', { hasText: /^batch-1$/ }).waitFor();
    await page.locator('.links a[data-instance="batch-1/child"]').click();
    await page.locator('.title h1', { hasText: 'batch-1/child' }).waitFor();
    await page.locator('.links a[data-instance="batch-1"]').click();
    await page.locator('.title h1', { hasText: /^batch-1$/ }).waitFor();
    await page.locator('details.graph > summary').click();
    await page.locator('#graph-text', { hasText: 'stateDiagram-v2' }).waitFor({ state: 'attached' });
    expect(await page.locator('#graph-text').textContent()).toContain('class s_watching current');
  });
});
