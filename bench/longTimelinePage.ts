// How long the timeline page takes to show a 20,000-event instance in headless Chromium: from opening
// the instance's address to its event table being on screen. Run: npx tsx bench/longTimelinePage.ts [events]
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { chromium } from 'playwright-core';
import { longHistoryApp } from '../test/web/support/longHistory.js';
import { median } from './measure.js';

const events = Number(process.argv[2] ?? '20000');
const dir = mkdtempSync(existsSync('/dev/shm') ? '/dev/shm/sb-long-' : `${tmpdir()}/sb-long-`);
const app = await longHistoryApp(events, dir);
const baseUrl = await app.env.http.listen(0);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  const times: number[] = [];
  for (let round = 0; round < 5; round += 1) {
    await page.goto('about:blank');
    const start = performance.now();
    await page.goto(`${baseUrl}/#/i/ticker-1`);
    await page.locator('table.events tbody tr').last().waitFor({ timeout: 120_000 });
    await page.locator('svg.lanes').waitFor({ timeout: 120_000 });
    times.push(performance.now() - start);
  }
  // The share of the load that is the server reading and streaming the history, without the page.
  const api: number[] = [];
  for (let round = 0; round < 5; round += 1) {
    const start = performance.now();
    const res = await fetch(`${baseUrl}/api/instances/ticker-1/timeline`, {
      headers: { 'x-statebridge-token': app.env.http.token },
    });
    await res.text();
    api.push(performance.now() - start);
  }
  const rows = await page.locator('table.events tbody tr').count();
  console.log(`timeline page, ${events} events: median ${Math.round(median(times))} ms over 5 loads, ${rows} rows`);
  console.log(`  loads (ms): ${times.map((t) => Math.round(t)).join(', ')}`);
  console.log(`  of which the timeline API stream alone: median ${Math.round(median(api))} ms`);
} finally {
  await browser.close();
  await app.env.http.close();
  await app.env.runtime.close();
  rmSync(dir, { recursive: true, force: true });
}
