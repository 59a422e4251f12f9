/**
 * The shock form in Chromium against the real server: it sends the target it shows when the
 * chosen bank has defaulted meanwhile.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { dashboardUrl, indicatorState, openPage } from './browser.js';
import { setupServerAndBrowser } from './serverAndBrowser.js';

// Outcome waits, generous: on a loaded 2-core box (load ~16-23) the page takes tens of seconds
// per keyboard/filter step; the same run at 5567d2e and at 1e1d8d6 both took 88-96 s for the
// credit-loss test side by side, so 120 s per test was load, not a regression.
const wait = { timeout: 60_000, interval: 200 };

const e2e = setupServerAndBrowser({ STEP_INTERVAL_MS: '400' });

let page: Page;

describe('shock controls', { timeout: 300_000 }, () => {
  it('after the chosen bank defaults, Apply sends the "Whole system" the form shows', async () => {
    // Its own small run without decisions (a paused run would hold the shocks).
    const response = await fetch(`${e2e.server.url}/api/v1/simulations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        seed: 7,
        banks: 6,
        stepIntervalMs: 300,
        decisionPolicy: { npaThreshold: 1, pauseOnDecision: false },
      }),
    });
    expect(response.ok).toBe(true);
    const { id } = (await response.json()) as { id: string };
    page = await openPage(e2e.browser, dashboardUrl(e2e.server.url, id));
    await expect.poll(() => indicatorState(page), wait).toBe('live');
    await expect.poll(() => page.locator('[data-entity-id^="BANK_"]').count(), wait).toBe(6);
    const bank = 'BANK_003';
    const tile = page.locator(`[data-entity-id="${bank}"]`);
    await page.getByLabel('Shock type').selectOption('credit_loss');
    const target = page.getByLabel('Target entity');
    await target.selectOption(bank);
    await page.getByLabel(/^Magnitude/).fill('100');
    // Write off its loans until it fails (the engine decides when).
    for (let i = 0; i < 5 && (await tile.getAttribute('data-state')) !== 'defaulted'; i++) {
      await page.getByRole('button', { name: 'Apply credit loss' }).click();
      await expect
        .poll(() => page.getByRole('button', { name: 'Apply credit loss' }).isEnabled(), wait)
        .toBe(true);
      await page.waitForTimeout(1_000);
    }
    await expect.poll(() => tile.getAttribute('data-state'), wait).toBe('defaulted');
    await expect.poll(() => target.locator(`option[value="${bank}"]`).count(), wait).toBe(0);
    await expect(
      target.evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.text),
    ).resolves.toBe('Whole system');

    const sent = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/shocks'));
    await page.getByRole('button', { name: 'Apply credit loss' }).click();
    expect((await sent).postDataJSON()).toMatchObject({
      shock_type: 'credit_loss',
      target: 'system',
    });
  });
});
