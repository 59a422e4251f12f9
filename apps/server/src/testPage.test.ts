/**
 * The test page in real Chromium against the real server: pick a simulation, connect, watch
 * messages, ping, apply a shock and answer a pending decision.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumFlags, chromiumPath } from '../../../scripts/chromium.mjs';
import {
  type TestServer,
  createManualSimulation,
  startTestServer,
  waitFor,
} from './serverTestkit.js';

const wait = { timeout: 15_000, interval: 100 };

let t: TestServer;
let browser: Browser;

describe.skipIf(!existsSync(chromiumPath))('WebSocket test page in Chromium', () => {
  beforeAll(async () => {
    t = await startTestServer();
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', ...chromiumFlags],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('connects, shows live messages, pings, applies a shock and answers a decision', async () => {
    createManualSimulation(t, { id: 'sim-other' });
    const sim = createManualSimulation(t, {
      id: 'sim-page',
      decisionPolicy: { npaThreshold: 0, pauseOnDecision: false, deadlineSteps: 1_000 },
    });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${t.url}/api/v1/ws/test`);

    await expect.poll(() => page.locator('#sim option').count(), wait).toBe(2);
    await page.locator('#sim').selectOption('sim-page');
    await page.locator('#connect').click();
    await expect.poll(() => page.locator('#status').getAttribute('data-state'), wait).toBe('open');
    await waitFor(() => t.server.core.fanout.viewerCount('sim-page') === 1);

    sim.stepNow();
    await expect
      .poll(() => page.locator('#log .t-simulation_step').count(), wait)
      .toBeGreaterThan(0);
    await page.locator('#ping').click();
    await expect.poll(() => page.locator('#log .t-pong').count(), wait).toBe(1);
    expect(await page.locator('#log .t-pong').textContent()).toMatch(/pong at \d{4}-\d\d-\d\dT/);

    await page.locator('#shockType').selectOption('asset_price_crash');
    await page.locator('#shockForm button[type=submit]').click();
    await expect
      .poll(() => page.locator('#log .t-info', { hasText: 'Shock queued' }).count(), wait)
      .toBe(1);
    sim.stepNow();
    await expect.poll(() => page.locator('#log .t-shock_applied').count(), wait).toBe(1);

    for (let i = 0; i < 50 && !sim.decisions().some((d) => d.status === 'pending'); i++)
      sim.stepNow();
    const pending = sim.decisions().find((d) => d.status === 'pending');
    expect(pending).toBeDefined();
    await page.locator('#reloadDecisions').click();
    await page.locator('#decisions button', { hasText: '(recommended)' }).click();
    await expect
      .poll(() => page.locator('#log .t-decision_resolved').count(), wait)
      .toBeGreaterThan(0);
    expect(sim.decisions().find((d) => d.decision_id === pending!.decision_id)?.status).toBe(
      'resolved',
    );
    expect(errors).toEqual([]);
    await page.close();
  });
});
