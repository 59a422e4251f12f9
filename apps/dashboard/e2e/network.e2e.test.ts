/**
 * The exposure network and time travel in Chromium against the real server: a crash turns
 * nodes defaulted, scrubbing back shows them alive again, and "Live" returns to now.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { dashboardUrl, indicatorState, openPage } from './browser.js';
import { screenshotDir } from './paths.js';
import { setupServerAndBrowser } from './serverAndBrowser.js';

/**
 * A picture of one part of the page for the README, under `npm run screenshots` only: a
 * screenshot of a page that streams and animates waits for a still moment, which on a loaded
 * machine can take most of a minute, and plain `npm test` needs none of these.
 */
async function savePart(part: Locator, name: string): Promise<void> {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return;
  mkdirSync(screenshotDir, { recursive: true });
  // The page header is sticky: out of the way, so it does not cover the part.
  await part.page().addStyleTag({ content: 'header { position: static !important; }' });
  await part.scrollIntoViewIfNeeded();
  await part.screenshot({ path: join(screenshotDir, `${name}.png`), animations: 'disabled' });
}

const wait = { timeout: 30_000, interval: 200 };

const e2e = setupServerAndBrowser({ STEP_INTERVAL_MS: '400' });

let page: Page;

describe('exposure network and run timeline', () => {
  it('a crash turns nodes defaulted, scrubbing back shows them alive, Live returns to now', {
    timeout: 240_000,
  }, async () => {
    const response = await fetch(`${e2e.server.url}/api/v1/simulations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        seed: 7,
        stepIntervalMs: 300,
        decisionPolicy: { npaThreshold: 1, pauseOnDecision: false },
      }),
    });
    expect(response.ok).toBe(true);
    const { id } = (await response.json()) as { id: string };
    page = await openPage(e2e.browser, dashboardUrl(e2e.server.url, id));
    await expect.poll(() => indicatorState(page), wait).toBe('live');
    // The kit's network section (the dashboard's panel around it carries the same name).
    const network = page.locator('section[data-view]');
    await expect.poll(() => network.getAttribute('data-state'), wait).toBe('ready');
    await expect.poll(() => network.getAttribute('data-defaulted'), wait).toBe('0');
    const before = Number(await network.getAttribute('data-timestep'));

    const crash = await fetch(`${e2e.server.url}/api/v1/simulations/${id}/shocks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        shock_type: 'asset_price_crash',
        target: 'real_estate',
        magnitude: -0.6,
      }),
    });
    expect(crash.status).toBe(202);
    await expect
      .poll(async () => Number(await network.getAttribute('data-defaulted')), wait)
      .toBeGreaterThan(0);
    // The picture at rest (its layout settled), for the README.
    await expect
      .poll(() => network.locator('[data-slot="picture"]').getAttribute('data-layout'), wait)
      .toBe('settled');
    await savePart(network, 'network');
    await page.getByRole('button', { name: 'Table' }).click();
    await expect
      .poll(() => network.locator('tr[data-state="defaulted"]').count(), wait)
      .toBeGreaterThan(0);

    // Back to before the crash: every node alive again, while the run goes on.
    const timeline = page.getByRole('group', { name: 'Run timeline' });
    await page.getByRole('slider', { name: 'Timestep' }).fill(String(before));
    await expect.poll(() => timeline.getAttribute('data-state'), wait).toBe('scrubbing');
    await expect.poll(() => network.getAttribute('data-timestep'), wait).toBe(String(before));
    await expect.poll(() => network.getAttribute('data-defaulted'), wait).toBe('0');
    await expect.poll(() => network.locator('tr[data-state="defaulted"]').count(), wait).toBe(0);
    // The timeline scrubbed back under the health chart, which ends at the moment shown.
    const health = page.locator('[data-slot="health-chart"] figcaption');
    await expect
      .poll(() => health.textContent(), wait)
      .toMatch(new RegExp(`at timestep ${before}$`));
    await savePart(page.locator('section[aria-labelledby="overview-heading"]'), 'timeline');

    // Live: now again, the defaults back.
    await page.getByRole('button', { name: 'Live' }).click();
    await expect.poll(() => timeline.getAttribute('data-state'), wait).toBe('live');
    await expect
      .poll(async () => Number(await network.getAttribute('data-defaulted')), wait)
      .toBeGreaterThan(0);
    await expect
      .poll(async () => Number(await network.getAttribute('data-timestep')), wait)
      .toBeGreaterThan(before);
  });
});
