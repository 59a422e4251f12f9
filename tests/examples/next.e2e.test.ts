/**
 * examples/next — a Next.js app-router app with Tailwind 4 using the kit's Tailwind entry,
 * installed from the packed tarballs and built — served by `next start` and driven in
 * Chromium against the real server.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { setupServerAndBrowser } from '../../apps/dashboard/e2e/serverAndBrowser.js';
import { freePort } from '../../apps/dashboard/e2e/serverProcess.js';
import { type AppServer, startNext } from './appServers.js';
import {
  answerDecision,
  createExampleSimulations,
  DECISION_SIM,
  expectLiveVirtualizedFeed,
  expectRefusedOrigin,
  exampleUrl,
  FEED_SIM,
  openExample,
} from './kitChecks.js';

const appPort = await freePort();
const allowed = `http://127.0.0.1:${appPort}`;
const refused = `http://localhost:${appPort}`;
const e2e = setupServerAndBrowser(
  { DEMO_SIMULATION: 'off', ALLOWED_ORIGINS: allowed },
  createExampleSimulations,
);

let app: AppServer | undefined;
beforeAll(async () => {
  app = await startNext(inject('exampleDirs').next, appPort);
}, 60_000);
afterAll(() => app?.close());

describe('examples/next (app router, Tailwind entry)', () => {
  it('renders the kit on the server', async () => {
    const html = await fetch(exampleUrl(allowed, e2e.server, FEED_SIM)).then((r) => r.text());
    expect(html).toContain('data-slot="live-indicator"');
    expect(html).toContain('data-slot="event-feed"');
  });

  it('hydrates without errors, goes Live and fills the feed sized by the app (h-80)', async () => {
    const { page, consoleErrors } = await openExample(
      e2e.browser,
      exampleUrl(allowed, e2e.server, FEED_SIM),
    );
    // The app's own Tailwind build generated the kit's classes and the app's `h-80`.
    expect(await expectLiveVirtualizedFeed(page)).toBeCloseTo(20, 1);
    // The kit's tokens are Tailwind colors of the app: `text-ss-live` is the kit's --ss-live.
    const colors = await page.locator('strong.text-ss-live').evaluate((el) => {
      const probe = document.createElement('span');
      probe.style.color = 'var(--ss-live)';
      document.body.append(probe);
      const expected = getComputedStyle(probe).color;
      probe.remove();
      return { actual: getComputedStyle(el).color, expected };
    });
    expect(colors.actual).toBe(colors.expected);
    expect(consoleErrors).toEqual([]);
    await page.context().close();
  });

  it('answers a decision', async () => {
    const { page } = await openExample(e2e.browser, exampleUrl(allowed, e2e.server, DECISION_SIM));
    await answerDecision(page);
    await page.context().close();
  });

  it('shows Error with the sentence on a refused origin', async () => {
    const { page } = await openExample(e2e.browser, exampleUrl(refused, e2e.server, FEED_SIM));
    await expectRefusedOrigin(page, refused);
    await page.context().close();
  });
});
