/**
 * The "New simulation" pop-up in Chromium against the real server: it folds away after
 * creating (and on Escape) instead of covering the run controls, and it creates a simulation
 * from the Gai & Kapadia preset whose network and cascade the dashboard then shows.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { dashboardUrl, indicatorState, openPage } from './browser.js';
import { setupServerAndBrowser } from './serverAndBrowser.js';

const SIM = 'test-sim-123';
// Outcomes, not speed: under load (~20 on 2 cores) a 1,000-bank page takes tens of seconds to
// show what it will show, so every wait is generous.
const wait = { timeout: 60_000, interval: 250 };

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
  it('the New simulation pop-up closes on Escape and after Create and open', {
    timeout: 300_000,
  }, async () => {
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

  it('creates a Gai & Kapadia simulation: 1,000 banks, mean degree z, its network and cascade on screen', {
    timeout: 300_000,
  }, async () => {
    // The previous test's page would share this one's renderer (same site): close it.
    await page?.close();
    page = await openPage(e2e.browser, dashboardUrl(e2e.server.url, SIM));
    await expect.poll(() => indicatorState(page), wait).toBe('live');
    const form = page.getByRole('form', { name: 'New simulation' });
    await page.getByText('New simulation', { exact: true }).click();
    await expect.poll(popupOpen).toBe(true);

    await form.getByLabel('Model').selectOption('gai-kapadia');
    // The preset brings its own size and its own parameter; the default market's decision
    // settings are gone (the paper's banks take no decisions).
    expect(await form.getByLabel('Banks').inputValue()).toBe('1000');
    expect(await form.getByLabel('NPA threshold (%)').count()).toBe(0);
    await form.getByLabel('Seed').fill('13');
    await form.getByLabel('Mean degree z').fill('4');
    await form.getByRole('button', { name: 'Create and open' }).click();

    await expect.poll(() => new URL(page.url()).searchParams.get('sim'), wait).not.toBe(SIM);
    const id = new URL(page.url()).searchParams.get('sim')!;
    const summary = await (await fetch(`${e2e.server.url}/api/v1/simulations/${id}`)).json();
    expect(summary).toMatchObject({ preset: 'gai-kapadia', meanDegree: 4, banks: 1000, funds: 0 });

    // One random bank fails at timestep 1 and, at z = 4 on this seed, takes most of the system
    // with it: the dashboard's count of alive agents shows what the server's snapshot says.
    const snapshotAlive = async () =>
      (await (await fetch(`${e2e.server.url}/api/v1/simulations/${id}/snapshot`)).json()).snapshot
        .alive_agents as number;
    await expect.poll(snapshotAlive, wait).toBeLessThan(100);
    const alive = await snapshotAlive();
    await expect
      .poll(() => page.getByText(`${alive} / 1000`, { exact: true }).count(), wait)
      .toBe(1);

    // The exposure network draws the preset's 1,000 banks with the failed ones marked defaulted
    // (its table view lists every bank).
    const network = page.locator('section[data-view]');
    await expect.poll(() => network.getAttribute('data-state'), wait).toBe('ready');
    await expect
      .poll(() => network.getAttribute('data-defaulted'), wait)
      .toBe(String(1000 - alive));
    await page.getByRole('button', { name: 'Table', exact: true }).click();
    await expect.poll(() => network.locator('tr[data-state]').count(), wait).toBe(1000);
    await expect
      .poll(() => network.locator('tr[data-state="defaulted"]').count(), wait)
      .toBe(1000 - alive);
    // The cascade chart counts the same failures, all in the trigger's timestep (its caption's
    // id is the kit's generated one: found by the chart's data-slot).
    await expect
      .poll(() => page.locator('[data-slot="cascade-chart"] figcaption').textContent(), wait)
      .toMatch(
        new RegExp(
          `^${1000 - alive} defaults over 1 timesteps: 1 insolvency, ${999 - alive} contagion`,
        ),
      );
  });
});
