/**
 * The operators' console in a real browser (Debian's chromium through playwright-core) on the
 * local hub: the key form, the three platforms with their 24-hour charts, a rejected record
 * found by the person it names, and an incident's failures replayed as one job after the
 * missing year's rules arrive. The page must run under its own CSP without a violation, load
 * nothing from elsewhere, and show hostile payload text as text.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { startHub, type RunningHub } from '../../local/hub.js';
import { devKeys, portalPost } from '../support/hub-client.js';
import { opsGet, opsPost } from '../support/ops-client.js';
import { addRulesFor } from '../support/rule-book.js';
import { chromiumMissingNote, hasChromium, launchChromium } from './support/chromium.js';
import { earlyRecordIds, feedHnu, feedJxnu, feedPeople, hostileTitle, startWangtiExport, type WangtiExport } from './support/console-feed.js';

const resultsDir = '.test-results';
const browserRuns = hasChromium();
if (!browserRuns) console.warn(`console browser test skipped: ${chromiumMissingNote}`);

let hub: RunningHub;
let wangti: WangtiExport;
let browser: Browser;
let page: Page;
let removeRules: (() => void) | undefined;
/** What the page reported that it must not: CSP violations, uncaught errors, requests elsewhere. */
const pageProblems: string[] = [];

const watch = (opened: Page, origin: string): void => {
  opened.on('console', (message) => {
    if (message.type() === 'error') pageProblems.push(`console: ${message.text()}`);
  });
  opened.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`));
  opened.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol !== 'data:' && url.origin !== origin) pageProblems.push(`request outside the hub: ${request.url()}`);
  });
};

const feed = async (): Promise<void> => {
  await feedHnu(hub.baseUrl);
  await feedJxnu(hub.baseUrl);
  expect((await opsPost(hub.baseUrl, '/ops/pollers/wangti/run')).status).toBe(200);
  await hub.idle();
};

beforeAll(async () => {
  if (!browserRuns) return;
  wangti = await startWangtiExport();
  hub = await startHub({ port: 0, dataDir: null, schedules: false, quiet: true, env: { WANGTI_BASE_URL: wangti.baseUrl, WANGTI_TOKEN: wangti.token, HUB_ACTIVITY_FLUSH_SECONDS: '0', LOG_LEVEL: 'ERROR', POWERTOOLS_METRICS_DISABLED: 'true' } });
  await feed();
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })).newPage();
  watch(page, new URL(hub.baseUrl).origin);
}, 180_000);
afterAll(async () => {
  removeRules?.();
  await browser?.close();
  await hub?.stop();
  await wangti?.stop();
});

const needsBrowser = (context: TestContext): void => {
  if (!browserRuns) context.skip(chromiumMissingNote);
};

const screenshot = async (name: string): Promise<void> => {
  mkdirSync(resultsDir, { recursive: true });
  await page.screenshot({ path: `${resultsDir}/${name}.png`, fullPage: true });
};

describe('the operators console in chromium', () => {
  it('is served with a strict CSP and asks for the ops key, keeping it for the tab only', async (context) => {
    needsBrowser(context);
    const response = await page.goto(`${hub.baseUrl}/ops/console`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toMatch(/default-src 'none'.*script-src 'sha256-/);
    expect(await page.locator('#sign-in').isVisible()).toBe(true);
    expect(await page.locator('#console').isVisible()).toBe(false);
    await page.fill('#ops-key', devKeys.ops);
    await page.click('#sign-in button[type=submit]');
    await page.locator('#console').waitFor({ state: 'visible' });
    expect(await page.evaluate('sessionStorage.getItem("hub.opsKey")')).toBe(devKeys.ops);
    expect(await page.evaluate('document.cookie')).toBe('');
    expect(page.url()).not.toContain(devKeys.ops);
  });
});
