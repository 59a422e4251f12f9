/**
 * The built dashboard in Chromium against the real server: it goes Live, steps and events
 * stream in, and a crash applied from the shock controls shows up as `shock_applied` and as
 * defaults in both the feed and the entity grid.
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { dashboardUrl, indicatorState, openPage, saveScreenshot } from './browser.js';
import { setupServerAndBrowser } from './serverAndBrowser.js';

const SIM = 'test-sim-123';
// Outcome waits, generous: on a loaded 2-core box (load ~16-23) the page takes tens of seconds
// per keyboard/filter step; the same run at 5567d2e and at 1e1d8d6 both took 88-96 s for the
// credit-loss test side by side, so 120 s per test was load, not a regression.
const wait = { timeout: 60_000, interval: 200 };

const e2e = setupServerAndBrowser({ STEP_INTERVAL_MS: '400' });

let page: Page;

/** Whether `check` turns true within `timeoutMs` (for branching, not for asserting). */
async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

/** Set the feed's type filter (toggle buttons with `aria-pressed`) to exactly these categories. */
async function showOnlyInFeed(page: Page, categories: string[]): Promise<void> {
  const toggles = page.locator('[data-slot="event-feed-filter-toggle"]');
  for (let i = 0; i < (await toggles.count()); i++) {
    const toggle = toggles.nth(i);
    const wanted = categories.includes((await toggle.textContent()) ?? '');
    if ((await toggle.getAttribute('aria-pressed')) !== String(wanted)) await toggle.click();
  }
}

const timestep = async () => Number(await page.locator('[data-stat="timestep"] dd').textContent());
const rows = (type: string) => page.locator(`[data-slot="event-feed-row"][data-type="${type}"]`);

describe('dashboard served by the real server', { timeout: 300_000 }, () => {
  it('goes Live and shows steps, events, the chart and the entity grid', async () => {
    page = await openPage(e2e.browser, dashboardUrl(e2e.server.url, SIM));
    await expect.poll(() => indicatorState(page), wait).toBe('live');
    await expect(
      page.getByRole('status').filter({ hasText: /live/i }).first().isVisible(),
    ).resolves.toBe(true);

    await expect.poll(timestep, wait).toBeGreaterThan(0);
    const seen = await timestep();
    await expect.poll(timestep, wait).toBeGreaterThan(seen);

    await expect.poll(() => rows('simulation_step').count(), wait).toBeGreaterThan(0);
    await expect.poll(() => page.locator('[data-entity-id]').count(), wait).toBeGreaterThan(1);
    await expect.poll(() => page.locator('.recharts-line-curve').count(), wait).toBe(2);
    await saveScreenshot(page, 'live');
  });

  it('pauses and resumes from the run controls', async () => {
    const status = () => page.locator('[data-stat="status"] dd').textContent();
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(status, wait).toBe('paused');
    const pausedAt = await timestep();
    await expect.poll(() => rows('simulation_status').count(), wait).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(status, wait).toBe('running');
    await expect.poll(timestep, wait).toBeGreaterThan(pausedAt);
  });

  it('resets the run after confirmation, back to an early timestep', async () => {
    await expect.poll(timestep, wait).toBeGreaterThan(5);
    const before = await timestep();
    page.once('dialog', (dialog) => dialog.accept());
    await page.getByRole('button', { name: 'Reset' }).click();
    await expect.poll(timestep, wait).toBeLessThan(before);
    await expect.poll(() => indicatorState(page), wait).toBe('live');
    // The feed starts again with the new run: its oldest status row says so, and the pause
    // and resume of the run before are gone (a page loaded now would not show them either).
    await showOnlyInFeed(page, ['Status']);
    await expect
      .poll(() => rows('simulation_status').last().textContent(), wait)
      .toMatch(/Run restarted at/);
    await expect(rows('simulation_status').allTextContents()).resolves.not.toContainEqual(
      expect.stringMatching(/by an operator/),
    );
    await showOnlyInFeed(page, ['Steps', 'Defaults', 'Shocks', 'Decisions', 'Status']);
  });

  it('a credit loss on one bank, chosen by keyboard, shows shock_applied aimed at it', async () => {
    await showOnlyInFeed(page, ['Shocks']);
    const kind = page.getByLabel('Shock type');
    await kind.focus();
    await kind.selectOption('credit_loss');
    await page.keyboard.press('Tab');
    const target = page.getByLabel('Target entity');
    await expect.poll(() => target.evaluate((el) => el === document.activeElement)).toBe(true);
    await target.selectOption('BANK_002');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => rows('shock_applied').count(), wait).toBeGreaterThan(0);
    await expect(rows('shock_applied').first().textContent()).resolves.toMatch(/Bank 002/);
    await showOnlyInFeed(page, ['Steps', 'Defaults', 'Shocks', 'Decisions', 'Status']);
  });

  it('a crash from the shock controls shows shock_applied and defaults in the feed and the grid', async () => {
    // A simulation of its own: the demo starts over 20 steps after the operator's bank fails
    // (8 s at this step interval) and after 300 steps, and a start-over revives every bank in
    // the grid while the feed keeps the earlier run's defaults — on a loaded machine this test
    // read the grid after such a start-over. This one runs on, as the seed the demo uses.
    const { id } = await e2e.server.api<{ id: string }>('/simulations', {
      method: 'POST',
      body: {
        seed: 239,
        stepIntervalMs: 400,
        maxTimesteps: 1_000_000,
        decisionPolicy: { pauseOnDecision: false },
      },
    });
    await page.goto(dashboardUrl(e2e.server.url, id));
    await expect.poll(() => indicatorState(page), wait).toBe('live');
    await expect.poll(timestep, wait).toBeGreaterThan(0);
    await page.getByLabel('Shock type').selectOption('asset_price_crash');
    await page.getByLabel(/^Magnitude/).fill('20');
    // The feed is virtualized and a cascade is long: filter it to the kind being checked.
    await showOnlyInFeed(page, ['Shocks']);

    // Crash asset classes one after another until banks fail (the engine decides how many).
    for (const asset of ['real_estate', 'equities', 'corporate_loans', 'sovereign_bonds']) {
      const before = await rows('shock_applied').count();
      await page.getByLabel('Target asset class').selectOption(asset);
      await page.getByRole('button', { name: 'Apply asset price crash' }).click();
      await expect.poll(() => rows('shock_applied').count(), wait).toBeGreaterThan(before);
      const defaulted = page.locator('[data-entity-id][data-state="defaulted"]');
      if (await eventually(async () => (await defaulted.count()) > 0, 5_000)) break;
    }
    await showOnlyInFeed(page, ['Shocks', 'Defaults']);
    await saveScreenshot(page, 'cascade');
    await showOnlyInFeed(page, ['Shocks']);
    await expect(rows('shock_applied').allTextContents()).resolves.toEqual(
      expect.arrayContaining([expect.stringMatching(/real.estate/i)]),
    );

    // Every default in the feed is a tile marked defaulted (colour and text) in the grid.
    await showOnlyInFeed(page, ['Defaults']);
    await expect.poll(() => rows('entity_default').count(), wait).toBeGreaterThan(0);
    const defaults = await rows('entity_default').allTextContents();
    // The feed names entities as people read them ("Bank 008"); the grid keys them by id.
    const entityIds = defaults.map((text) => {
      const name = /\b(Bank|Fund) (\d+)/.exec(text);
      return name ? `${name[1]!.toUpperCase()}_${name[2]}` : undefined;
    });
    expect(entityIds.every(Boolean), `entity ids in ${JSON.stringify(defaults)}`).toBe(true);
    for (const entityId of entityIds) {
      const tile = page.locator(`[data-entity-id="${entityId}"]`);
      await expect.poll(() => tile.getAttribute('data-state'), wait).toBe('defaulted');
      await expect(tile.textContent()).resolves.toMatch(/Defaulted at t=\d+/);
      await expect(tile.getAttribute('aria-label')).resolves.toMatch(/Defaulted/);
    }
    await showOnlyInFeed(page, ['Steps', 'Defaults', 'Shocks', 'Decisions', 'Status']);
  });

  it('has no serious or critical accessibility violations (axe-core)', async () => {
    const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
    await page.addScriptTag({ path: axePath });
    const violations = await page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: { run: (context: Document, options: object) => Promise<AxeResults> };
        }
      ).axe;
      interface AxeResults {
        violations: {
          id: string;
          impact: string | null;
          help: string;
          nodes: { target: unknown[] }[];
        }[];
      }
      const results = await axe.run(document, { resultTypes: ['violations'] });
      return results.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)),
      }));
    });
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious, JSON.stringify(serious, null, 2)).toEqual([]);
  });

  it('creates a simulation from the header and opens it via ?sim=', async () => {
    const previous = new URL(page.url()).searchParams.get('sim');
    await page.getByText('New simulation', { exact: true }).click();
    const form = page.getByRole('form', { name: 'New simulation' });
    await form.getByLabel('Seed').fill('123');
    await form.getByLabel('Banks').fill('8');
    await form.getByLabel('Step interval (ms)').fill('200');
    await form.getByRole('button', { name: 'Create and open' }).click();

    await expect.poll(() => new URL(page.url()).searchParams.get('sim'), wait).not.toBe(previous);
    const created = new URL(page.url()).searchParams.get('sim') ?? '';
    await expect(page.getByLabel('Simulation', { exact: true }).inputValue()).resolves.toBe(
      created,
    );
    await expect.poll(() => indicatorState(page), wait).toBe('live');
    await expect.poll(() => page.locator('[data-entity-id^="BANK_"]').count(), wait).toBe(8);
    await expect.poll(timestep, wait).toBeGreaterThan(0);

    // Back returns to the previous simulation.
    await page.goBack();
    await expect
      .poll(() => page.getByLabel('Simulation', { exact: true }).inputValue(), wait)
      .toBe(previous);
  });
});
