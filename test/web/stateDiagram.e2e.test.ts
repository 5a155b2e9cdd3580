import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededApp, startFetch } from '../cli/support/seed.js';
import { launchChromium } from './support/chromium.js';

let ctx: ReturnType<typeof seededApp>;
let browser: Browser;
let page: Page;
let baseUrl: string;
const requests: string[] = [];

beforeAll(async () => {
  ctx = seededApp();
  // Two failed calls, then a wait for approval: queued, calling and backoff visited, awaitingApproval current.
  await startFetch(ctx.env, 'req-retry', 2);
  await ctx.clock.advance(10_000);
  baseUrl = await ctx.env.http.listen(0);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  page.on('request', (r) => requests.push(r.url()));
});

afterAll(async () => {
  await browser?.close();
  await ctx?.env.http.close();
  await ctx?.env.runtime.close();
});

/** The Mermaid node ids (`s_calling`) that carry `className` in the drawn diagram. */
const nodesWith = (className: string) =>
  page
    .locator(`#graph-picture svg g.node.${className}`)
    .evaluateAll((gs) => gs.map((g) => /state-(s_[A-Za-z]+)-/.exec(g.id)?.[1] ?? g.id).sort());

describe('the state diagram on the timeline page', () => {
  it('draws the machine as an SVG with visited and current states highlighted, from this server only', async () => {
    await page.goto(`${baseUrl}/#/i/req-retry`);
    await page.locator('details.graph > summary').click();
    await page.locator('#graph-picture svg').waitFor({ timeout: 60_000 });
    expect(await nodesWith('current')).toEqual(['s_awaitingApproval']);
    expect(await nodesWith('visited')).toEqual(['s_backoff', 's_calling', 's_queued']);
    // The states never entered are drawn without a highlight.
    expect(await page.locator('#graph-picture svg g.node', { hasText: /^done$/ }).getAttribute('class')).not.toMatch(
      /visited|current/,
    );
    // The page's stylesheet colours the current state, since inline styles are kept out by the policy.
    const fill = await page
      .locator('#graph-picture svg g.node.current rect')
      .first()
      .evaluate((r) => getComputedStyle(r).fill);
    expect(fill).toBe('rgb(254, 243, 199)');
    expect(requests.some((u) => u === `${baseUrl}/assets/mermaid.min.js`)).toBe(true);
    expect(requests.filter((u) => !u.startsWith(baseUrl))).toEqual([]);
    mkdirSync('test-output', { recursive: true });
    await page.locator('#graph-picture').screenshot({ path: 'test-output/state-diagram.png' });
    expect(await page.locator('#graph-text').textContent()).toContain('class s_awaitingApproval current');
  });
});
