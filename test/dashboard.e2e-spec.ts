import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';
import request from 'supertest';
import { ApiKeys } from '@app/accounts';
import { RunningEngine, startEngine } from './support/engine';

/** Debian's chromium package; CI installs it (.ci/run). playwright never downloads a browser here. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUTPUT = join(__dirname, '..', 'test-output');
const ORDER_DEADLINE_MS = 20_000;

/** What went wrong in the page: console errors, uncaught exceptions, failed or refused requests. */
function watch(page: Page): { problems: string[] } {
  const seen = { problems: [] as string[] };
  page.on('console', (m) => m.type() === 'error' && seen.problems.push(`console: ${m.text()}`));
  page.on('pageerror', (err) => seen.problems.push(`exception: ${err.message}`));
  page.on('requestfailed', (r) => seen.problems.push(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => r.status() >= 400 && seen.problems.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`));
  return seen;
}

/** Fills the form with a market order and places it; resolves with the id the page shows. */
async function placeOrder(page: Page, amountIn: string): Promise<string> {
  await page.selectOption('#type', 'market');
  await page.fill('input[name=tokenIn]', 'SOL');
  await page.fill('input[name=tokenOut]', 'USDC');
  await page.fill('input[name=amountIn]', amountIn);
  await page.click('#place');
  const placed = await page.waitForSelector('#placed', { timeout: ORDER_DEADLINE_MS });
  const text = (await placed.textContent()) ?? '';
  const id = /Order ([0-9a-f-]{36}) accepted/.exec(text)?.[1];
  if (!id) throw new Error(`no order id in "${text}"`);
  return id;
}

/** Waits for the selected order's timeline to reach confirmed, and returns the statuses it shows. */
async function confirmedTimeline(page: Page, orderId: string): Promise<string[]> {
  await page.waitForSelector('#timeline li[data-status=confirmed]', { timeout: ORDER_DEADLINE_MS });
  expect(await page.textContent('#detail-id')).toBe(orderId);
  await page.waitForSelector(`tr[data-order="${orderId}"] [data-status=confirmed]`, { timeout: ORDER_DEADLINE_MS });
  return page.$$eval('#timeline li', (items) => items.map((li) => li.getAttribute('data-status') ?? ''));
}

describe('the dashboard in a real browser (headless Chromium)', () => {
  let browser: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    profile = mkdtempSync(join(tmpdir(), 'dashboard-chromium-'));
    // A fresh profile in a temporary folder (playwright passes it as --user-data-dir).
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 1100 },
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  describe('open mode', () => {
    let engine: RunningEngine;

    beforeAll(async () => {
      engine = await startEngine({ AUTH_MODE: 'open' });
    });

    afterAll(() => engine.close());

    it('places an order from the form and follows it live to confirmed, with its route and the charts, without an error', async () => {
      const page = await browser.newPage();
      const seen = watch(page);
      await page.goto(`${engine.baseUrl}/`);
      await page.waitForSelector('#live.on', { timeout: 10_000 });
      expect(await page.textContent('#live')).toContain('public');
      // The quote first: the route the order would take, in words.
      await page.click('#quote');
      await page.waitForSelector('#quote-result dl', { timeout: 10_000 });
      expect(await page.textContent('#quote-result')).toContain('SOL');
      const orderId = await placeOrder(page, '0.25');
      const statuses = await confirmedTimeline(page, orderId);
      expect(statuses).toEqual(['pending', 'routing', 'building', 'submitted', 'confirmed']);
      // Every stage with its time, and the route decision with the reason it won.
      expect(await page.$$eval('#timeline li .t', (cells) => cells.every((c) => /\d/.test(c.textContent ?? '')))).toBe(true);
      const route = (await page.textContent('#route')) ?? '';
      expect(route).toContain('why it won');
      expect(route).toMatch(/raydium|meteora/);
      // The charts are drawn: prices (a line per venue) and the stream's throughput and latency.
      await page.waitForSelector('#price-chart canvas');
      expect(await page.$$eval('#price-chart .u-legend .u-series', (rows) => rows.length)).toBeGreaterThanOrEqual(3);
      await page.waitForSelector('#latency-chart canvas');
      await page.waitForSelector('#throughput-chart canvas');
      // An order placed by another client appears too: the firehose streams every order of the account.
      const other = await request(engine.baseUrl).post('/api/orders/execute').send({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '0.3' }).expect(202);
      await page.waitForSelector(`tr[data-order="${other.body.orderId}"] [data-status=confirmed]`, { timeout: ORDER_DEADLINE_MS });
      await page.screenshot({ path: join(OUTPUT, 'dashboard.png'), fullPage: true });
      expect(seen.problems).toEqual([]);
      await page.close();
    });

    it('shows an error of the API in words, naming the field', async () => {
      const page = await browser.newPage();
      await page.goto(`${engine.baseUrl}/`);
      await page.waitForSelector('#live.on', { timeout: 10_000 });
      await page.fill('input[name=amountIn]', 'lots');
      await page.click('#place');
      await page.waitForSelector('#problem:not([hidden])');
      const problem = (await page.textContent('#problem')) ?? '';
      expect(problem).toContain('Placing the order failed');
      expect(problem).toContain('amountIn');
      expect(problem).toContain('VALIDATION_FAILED');
      await page.close();
    });

    it('places a limit order with its trigger price and cancels it from the list', async () => {
      const page = await browser.newPage();
      const seen = watch(page);
      await page.goto(`${engine.baseUrl}/`);
      await page.waitForSelector('#live.on', { timeout: 10_000 });
      await page.selectOption('#type', 'limit');
      expect(await page.isVisible('input[name=triggerPrice]')).toBe(true);
      expect(await page.isVisible('input[name=maxPrice]')).toBe(false);
      // Far above the market: it waits.
      await page.fill('input[name=triggerPrice]', '100000');
      await page.fill('input[name=expiresIn]', '600');
      await page.fill('input[name=amountIn]', '0.1');
      await page.click('#place');
      const text = (await (await page.waitForSelector('#placed')).textContent()) ?? '';
      const orderId = /Order ([0-9a-f-]{36})/.exec(text)![1];
      await page.waitForSelector(`tr[data-order="${orderId}"] [data-status=waiting]`, { timeout: ORDER_DEADLINE_MS });
      await page.click(`tr[data-order="${orderId}"] button`);
      await page.waitForSelector(`tr[data-order="${orderId}"] [data-status=cancelled]`, { timeout: ORDER_DEADLINE_MS });
      expect(await page.$$eval('#timeline li', (items) => items.map((li) => li.getAttribute('data-status')))).toEqual(['pending', 'waiting', 'cancelled']);
      expect(seen.problems).toEqual([]);
      await page.close();
    });
  });

  describe('AUTH_MODE=required', () => {
    let engine: RunningEngine;
    let key: string;

    beforeAll(async () => {
      engine = await startEngine({ AUTH_MODE: 'required' });
      key = (await engine.app.get(ApiKeys).create({ account: `dashboard-${Date.now()}` })).key;
    });

    afterAll(() => engine.close());

    it('asks for a key in words, then works with the key typed in (tickets for the sockets)', async () => {
      const page = await browser.newPage();
      const seen = watch(page);
      await page.goto(`${engine.baseUrl}/`);
      await page.waitForSelector('#problem:not([hidden])');
      expect(await page.textContent('#problem')).toContain('Type an API key above');
      expect(await page.textContent('#live')).toContain('not connected');
      // The refused reads before the key was typed were expected; from here on, nothing may fail.
      seen.problems.length = 0;
      await page.fill('#key', key);
      await page.click('#key-form button[type=submit]');
      await page.waitForSelector('#live.on', { timeout: 10_000 });
      expect(await page.isHidden('#problem')).toBe(true);
      const orderId = await placeOrder(page, '0.2');
      expect(await confirmedTimeline(page, orderId)).toEqual(['pending', 'routing', 'building', 'submitted', 'confirmed']);
      // The key stays in this tab's sessionStorage, never in a URL or a cookie.
      expect(await page.evaluate("sessionStorage.getItem('order-engine-key')")).toBe(key);
      expect((await page.context().cookies()).length).toBe(0);
      await page.screenshot({ path: join(OUTPUT, 'dashboard-required.png'), fullPage: true });
      expect(seen.problems).toEqual([]);
      await page.close();
    });
  });
});
