/**
 * A decision answered in one dashboard resolves in a second one: both viewers see the
 * pending decision, the first answers, the first sees `accepted`, and the second sees the
 * prompt resolved by someone else and `decision_resolved` in its feed.
 */
import type { DecisionRecord } from '@simstream/protocol';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { dashboardUrl, indicatorState, openPage, saveScreenshot } from './browser.js';
import { setupServerAndBrowser } from './serverAndBrowser.js';

const SIM = 'e2e-decision';
const wait = { timeout: 30_000, interval: 200 };

const e2e = setupServerAndBrowser({ DEMO_SIMULATION: 'off' }, async (server) => {
  // A 4 % NPA threshold raises a decision for the player's bank (seed 7) within the first steps;
  // the run waits for the answer, and the deadline is far enough never to decide for us.
  await server.api('/simulations', {
    method: 'POST',
    body: {
      id: SIM,
      seed: 7,
      banks: 20,
      stepIntervalMs: 300,
      decisionPolicy: { npaThreshold: 0.04, pauseOnDecision: true, deadlineSteps: 10_000 },
    },
  });
});

const prompt = (page: Page) => page.locator('[data-slot="decision-prompt"]').first();
const promptState = (page: Page) => prompt(page).getAttribute('data-state');
const feedRows = (page: Page, type: string) =>
  page.locator(`[data-slot="event-feed-row"][data-type="${type}"]`);

describe('decisions across two viewers', () => {
  it('an answer given in one page resolves the decision in the other', async () => {
    const first = await openPage(e2e.browser, dashboardUrl(e2e.server.url, SIM));
    const second = await openPage(e2e.browser, dashboardUrl(e2e.server.url, SIM));
    for (const page of [first, second]) {
      await expect.poll(() => indicatorState(page), wait).toBe('live');
      await expect.poll(() => promptState(page), wait).toBe('pending');
    }
    const decisions = await e2e.server.api<DecisionRecord[] | { decisions: DecisionRecord[] }>(
      `/simulations/${SIM}/decisions`,
    );
    const pending = (Array.isArray(decisions) ? decisions : decisions.decisions).find(
      (d) => d.status === 'pending',
    );
    expect(pending).toBeDefined();
    await expect(prompt(second).textContent()).resolves.toContain(pending?.title ?? '?');
    await saveScreenshot(first, 'decision-pending');

    // The feed's pending_decision row leads to the prompt (focus moves to it).
    await first.locator('[data-slot="event-feed-open-decision"]').first().click();
    await expect
      .poll(() => first.evaluate(() => document.activeElement?.id))
      .toBe('decision-panel');

    await second.getByRole('button', { name: 'Steps', pressed: true }).click();
    await first
      .locator(
        '[data-slot="decision-action"][data-choice="recommended"] [data-slot="decision-action-button"]',
      )
      .click();
    await expect.poll(() => promptState(first), wait).toBe('accepted');

    // The other viewer learns it from the stream: no longer pending, and the resolution in its feed.
    await expect.poll(() => promptState(second), wait).not.toBe('pending');
    expect(['already_decided', 'none']).toContain(await promptState(second));
    await expect.poll(() => feedRows(second, 'decision_resolved').count(), wait).toBeGreaterThan(0);
    const resolved = await e2e.server.api<DecisionRecord[] | { decisions: DecisionRecord[] }>(
      `/simulations/${SIM}/decisions`,
    );
    const record = (Array.isArray(resolved) ? resolved : resolved.decisions).find(
      (d) => d.decision_id === pending?.decision_id,
    );
    expect(record?.status).toBe('resolved');
    expect(record?.resolution?.choice).toBe('recommended');
  });
});
