/**
 * The "New simulation" pop-up in Chromium against the real server: it folds away after
 * creating (and on Escape) instead of covering the run controls.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { dashboardUrl, indicatorState, openPage } from './browser.js';
import { setupServerAndBrowser } from './serverAndBrowser.js';

const SIM = 'test-sim-123';
const wait = { timeout: 30_000, interval: 200 };

const e2e = setupServerAndBrowser({ STEP_INTERVAL_MS: '400' });

let page: Page;

const popupOpen = () =>
  page
    .locator('details:has(> summary)')
    .first()
    .evaluate((d) => (d as HTMLDetailsElement).open);

/** Whether a click at the centre of the element would reach it (nothing covers it). */
const reachable = (name: string) =>
  page.getByRole('button', { name, exact: true }).evaluate((el) => {
    const box = el.getBoundingClientRect();
    const top = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    return top !== null && el.contains(top);
  });

describe('New simulation form', () => {
  it('the New simulation pop-up closes on Escape and after Create and open', async () => {
    page = await openPage(e2e.browser, dashboardUrl(e2e.server.url, SIM));
    await expect.poll(() => indicatorState(page), wait).toBe('live');
    const summary = page.getByText('New simulation', { exact: true });
    const form = page.getByRole('form', { name: 'New simulation' });

    await summary.click();
    await expect.poll(popupOpen).toBe(true);
    await form.getByLabel('Seed').focus();
    await page.keyboard.press('Escape');
    await expect.poll(popupOpen).toBe(false);

    await summary.click();
    await expect.poll(popupOpen).toBe(true);
    await form.getByLabel('Seed').fill('7');
    await form.getByLabel('Banks').fill('6');
    await form.getByLabel('Step interval (ms)').fill('300');
    await form.getByRole('button', { name: 'Create and open' }).click();

    await expect.poll(() => new URL(page.url()).searchParams.get('sim'), wait).not.toBe(SIM);
    await expect.poll(() => indicatorState(page), wait).toBe('live');
    await expect.poll(popupOpen).toBe(false);
    await expect.poll(() => reachable('Reset'), wait).toBe(true);
  });
});
