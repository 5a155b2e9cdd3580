import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqliteEventStore.js';
import { composeApp, type ComposedApp } from '../../src/cli/compose.js';
import { operatorActionModule } from '../../src/web/operatorActionApi.js';
import { appModule } from '../cli/support/operatorApp.js';
import { seedOperatorStore } from '../cli/support/operatorSeed.js';
import { launchChromium } from './support/chromium.js';

const SCREENS = '/work/screens';
let seed: Awaited<ReturnType<typeof seedOperatorStore>>;
let env: ComposedApp;
let browser: Browser;
let page: Page;
let baseUrl: string;
let promptAnswer = '';

beforeAll(async () => {
  seed = await seedOperatorStore();
  env = composeApp({ store: new SqliteEventStore({ path: seed.db }), log: () => undefined });
  appModule.install(env);
  operatorActionModule.install(env);
  baseUrl = await env.http.listen(0);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  page.on('dialog', (d) => void (d.type() === 'prompt' ? d.accept(promptAnswer) : d.accept()));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await env?.http.close();
  await env?.runtime.close();
  delete process.env['RESIZE_FIXED'];
});

const row = (id: string) => page.locator(`#instances a[data-instance="${id}"]`);
const broken = () => seed.crIds.find((id) => id.endsWith('22222222-2222-4222-8222-222222222222'))!;

describe('outcomes on the page', { timeout: 120_000 }, () => {
  it('names each instance, colours its outcome and filters the failed ones', async () => {
    await page.goto(`${baseUrl}/`);
    await row(seed.failedInvocation).waitFor();
    expect(await row(seed.failedInvocation).locator('.name').textContent()).toBe(
      'demo-resize (RetriesExhausted after 2 attempts)',
    );
    expect(await row(seed.failedInvocation).locator('.outcome.failed').textContent()).toBe('RetriesExhausted');
    expect(await row(broken()).locator('.outcome.failed').textContent()).toBe('FAILED');
    expect(await row(broken()).locator('.sub').textContent()).toContain('answered · takes duplicates');
    await page.selectOption('#f-outcome', 'failed');
    await row('req-waiting').waitFor({ state: 'detached' });
    const ids = await page.locator('#instances a').evaluateAll((as) => as.map((a) => a.getAttribute('data-instance')));
    expect(ids.sort()).toEqual([seed.failedInvocation, broken()].sort());
  });

  it('shows a failed invocation and a failed custom resource with their reasons, ids on one line', async () => {
    mkdirSync(SCREENS, { recursive: true });
    await row(seed.failedInvocation).click();
    await page.locator('.title h1', { hasText: 'demo-resize (RetriesExhausted after 2 attempts)' }).waitFor();
    expect(await page.locator('.outcome-detail.failed').textContent()).toContain(
      'last error: image too large: 9000x9000',
    );
    await page.locator('table.events').waitFor();
    await page.screenshot({ path: `${SCREENS}/failed-invocation.png`, fullPage: false });

    await row(broken()).click();
    await page.locator('.title h1', { hasText: 'Create Custom::Thing Broken (stack demo-stack)' }).waitFor();
    expect(await page.locator('.outcome-detail.failed').textContent()).toBe('quota exceeded for Thing');
    expect(await page.locator('.answered-note').textContent()).toContain('a duplicate of its request is answered');
    const id = page.locator('.subtitle .id-short');
    expect(await id.textContent()).toContain('…');
    expect(await id.getAttribute('title')).toBe(broken());
    expect(await page.locator('.subtitle .copy').getAttribute('data-copy')).toBe(broken());
    // One line each: a 160-character id does not wrap.
    const lineHeight = async (selector: string) => (await page.locator(selector).boundingBox())!.height;
    expect(await lineHeight('.subtitle .id-line')).toBeLessThan(30);
    expect(await lineHeight('.title h1')).toBeLessThan(30);
    await page.screenshot({ path: `${SCREENS}/failed-custom-resource.png`, fullPage: false });
  });
});

describe('operator actions on the page', { timeout: 120_000 }, () => {
  it('cancels, sends and retries after confirmation, showing the step each wrote', async () => {
    await page.selectOption('#f-outcome', '');
    await page.goto(`${baseUrl}/#/i/req-cancel`);
    await page.locator('button[data-action="cancel"]').click();
    await page.locator('.action-result.done').waitFor();
    expect(await page.locator('.action-result').textContent()).toMatch(
      /wrote #\d+ statebridge\.cancel: awaitingApproval → awaitingApproval \(done, Cancelled\)/,
    );
    const cancelled = await env.store.readHead('req-cancel');
    expect(cancelled?.links.causationId).toMatch(/^page/);

    await page.goto(`${baseUrl}/#/i/req-waiting`);
    promptAnswer = '{"type":"APPROVE"}';
    await page.locator('button[data-action="send"]').click();
    await page.locator('.action-result.done').waitFor();
    expect(await page.locator('.action-result').textContent()).toMatch(/APPROVE: awaitingApproval → done \(done\)/);
    await page.locator('table.events', { hasText: 'sent by page' }).waitFor();

    process.env['RESIZE_FIXED'] = '1';
    await page.goto(`${baseUrl}/#/i/${encodeURIComponent(seed.failedInvocation)}`);
    await page.locator('button[data-action="retry"]').click();
    await page.locator('.action-result.done').waitFor();
    const text = (await page.locator('.action-result').textContent())!;
    expect(text).toMatch(/^started \S+: #1 xstate\.init: ∅ → active\.queued \(active\)/);
    const newId = /^started (\S+):/.exec(text)![1]!;
    await env.runtime.idle();
    expect((await env.store.readHead(newId))?.about?.outcome).toMatchObject({ label: 'Success' });
  });

  it('refuses an action on a finished instance and an action without the token', async () => {
    await page.goto(`${baseUrl}/#/i/req-cancel`);
    await page.locator('.title h1', { hasText: 'req-cancel' }).waitFor();
    expect(await page.locator('button[data-action="cancel"]').count()).toBe(0);
    const refused = await fetch(`${baseUrl}/api/instances/req-cancel/actions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-statebridge-token': env.http.token },
      body: '{"action":"cancel"}',
    });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: string }).error).toBe('INSTANCE_FINISHED');
    const noToken = await fetch(`${baseUrl}/api/instances/req-waiting/actions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"action":"cancel"}',
    });
    expect(noToken.status).toBe(401);
  });
});
