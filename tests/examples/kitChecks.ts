/**
 * What a product team checks in its app once the kit is in, shared by the example tests:
 * Live, the feed filling (and staying virtualized), a decision answered, and a page from a
 * refused origin showing Error with the sentence that says what to change.
 */
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { indicatorState } from '../../apps/dashboard/e2e/browser.js';
import type { ServerProcess } from '../../apps/dashboard/e2e/serverProcess.js';

export const FEED_SIM = 'example-feed';
export const DECISION_SIM = 'example-decision';
export const wait = { timeout: 30_000, interval: 200 };

/**
 * The simulations the examples open: a fast one (the feed fills within seconds) and one that
 * raises a decision early and waits for it (seed 7, 4 % NPA threshold, as in the dashboard's
 * decision test).
 */
export async function createExampleSimulations(server: ServerProcess): Promise<void> {
  await server.api('/simulations', {
    method: 'POST',
    body: { id: FEED_SIM, seed: 42, stepIntervalMs: 50, decisionPolicy: { npaThreshold: 1 } },
  });
  await server.api('/simulations', {
    method: 'POST',
    body: {
      id: DECISION_SIM,
      seed: 7,
      banks: 20,
      stepIntervalMs: 300,
      decisionPolicy: { npaThreshold: 0.04, pauseOnDecision: true, deadlineSteps: 10_000 },
    },
  });
}

/** The example at `origin`, pointed at the test's server and a simulation. */
export function exampleUrl(origin: string, server: ServerProcess, simulationId: string): string {
  const params = new URLSearchParams({
    server: `http://127.0.0.1:${server.port}`,
    sim: simulationId,
  });
  return `${origin}/?${params}`;
}

/** A fresh page (own context); console errors are collected for the caller to check. */
export async function openExample(
  browser: Browser,
  url: string,
  colorScheme: 'light' | 'dark' = 'light',
): Promise<{ page: Page; consoleErrors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (err) => consoleErrors.push(err.message));
  await page.goto(url);
  return { page, consoleErrors };
}

const feed = (page: Page) => page.locator('[data-slot="event-feed"]').first();

/**
 * Live, then the feed fills: more events arrive than rows are rendered, so it is bounded and
 * virtualized whatever `className` the app gave it. Returns the feed's height in rem.
 */
export async function expectLiveVirtualizedFeed(page: Page): Promise<number> {
  await expect.poll(() => indicatorState(page), wait).toBe('live');
  const newestSeq = () =>
    page
      .locator('[data-slot="event-feed-row"]')
      .evaluateAll((rows) => Math.max(0, ...rows.map((r) => Number(r.getAttribute('data-seq')))));
  await expect.poll(newestSeq, wait).toBeGreaterThan(80);
  const rendered = await page.locator('[data-slot="event-feed-row"]').count();
  expect(rendered).toBeGreaterThan(3);
  expect(rendered).toBeLessThan(30);
  return feed(page).evaluate((el) => {
    const rootFontSize = Number.parseFloat(getComputedStyle(document.documentElement).fontSize);
    return el.getBoundingClientRect().height / rootFontSize;
  });
}

/** The pending decision answered with the recommended action, and accepted. */
export async function answerDecision(page: Page): Promise<void> {
  const prompt = page.locator('[data-slot="decision-prompt"]').first();
  await expect.poll(() => indicatorState(page), wait).toBe('live');
  await expect.poll(() => prompt.getAttribute('data-state'), wait).toBe('pending');
  await prompt
    .locator(
      '[data-slot="decision-action"][data-choice="recommended"] [data-slot="decision-action-button"]',
    )
    .click();
  await expect.poll(() => prompt.getAttribute('data-state'), wait).toBe('accepted');
}

/** A page whose origin the server refuses ends in Error, with the sentence to act on. */
export async function expectRefusedOrigin(page: Page, origin: string): Promise<void> {
  await expect.poll(() => indicatorState(page), wait).toBe('error');
  await expect(
    page.locator('[data-slot="live-indicator"]').first().textContent(),
  ).resolves.toContain(
    `Origin ${origin} is not allowed by this server: add it to the server's ALLOWED_ORIGINS setting.`,
  );
}
