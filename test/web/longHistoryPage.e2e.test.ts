import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { longHistoryApp } from './support/longHistory.js';

const EVENTS = 20_000;
let app: Awaited<ReturnType<typeof longHistoryApp>>;
let browser: Browser;
let page: Page;

// A real SQLite file; on tmpfs when there is one, since 20,000 fsynced steps on a slow disk take minutes.
const dir = mkdtempSync(existsSync('/dev/shm') ? '/dev/shm/sb-long-' : join(tmpdir(), 'sb-long-'));

beforeAll(async () => {
  app = await longHistoryApp(EVENTS, dir);
  const baseUrl = await app.env.http.listen(0);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  await page.goto(`${baseUrl}/#/i/ticker-1`);
  await page.locator('table.events tbody tr').first().waitFor({ timeout: 120_000 });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await app?.env.http.close();
  await app?.env.runtime.close();
  rmSync(dir, { recursive: true, force: true });
});

const seqs = () =>
  page.locator('table.events tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-seq'))));
const marks = () =>
  page.locator('svg.lanes .mark').evaluateAll((ms) => ms.map((m) => Number(m.getAttribute('data-seq'))));

describe('the timeline page with a 20,000-event instance', () => {
  it('draws only the latest window of rows and lane marks, and counts every event', async () => {
    const shown = await seqs();
    expect(shown).toHaveLength(200);
    expect(shown[shown.length - 1]).toBe(EVENTS);
    expect(shown[0]).toBe(EVENTS - 199);
    expect(await marks()).toEqual(shown);
    expect(await page.locator('h2', { hasText: /^events/ }).textContent()).toBe(`events (${EVENTS})`);
    expect(await page.locator('nav.window .window-range').first().textContent()).toBe(
      `#${EVENTS - 199}–#${EVENTS} of ${EVENTS} events`,
    );
    expect(await page.locator('nav.window button[data-window="later"]').first().isDisabled()).toBe(true);
    // The whole page stays small: far fewer elements than one per event.
    expect(await page.evaluate(() => document.getElementsByTagName('*').length)).toBeLessThan(EVENTS / 2);
  });

  it('reaches the first event, pages forward and backward, and returns to the latest', async () => {
    await page.locator('nav.window button[data-window="first"]').first().click();
    expect((await seqs())[0]).toBe(1);
    expect(await marks()).toEqual(await seqs());
    expect(await page.locator('nav.window button[data-window="earlier"]').first().isDisabled()).toBe(true);
    expect(await page.locator('svg.lanes line.now').count()).toBe(0);

    await page.locator('nav.window button[data-window="later"]').first().click();
    const second = await seqs();
    expect([second[0], second[second.length - 1]]).toEqual([201, 400]);
    await page.locator('nav.window button[data-window="earlier"]').last().click();
    expect((await seqs())[0]).toBe(1);

    await page.locator('nav.window button[data-window="last"]').first().click();
    const latest = await seqs();
    expect(latest).toHaveLength(200);
    expect(latest[latest.length - 1]).toBe(EVENTS);
    expect(await page.locator('svg.lanes line.now').count()).toBe(1);
  });
});
