/**
 * examples/vite — a fresh Vite + React + TypeScript app with the kit's prebuilt CSS, installed
 * from the packed tarballs and built — in Chromium against the real server.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { setupServerAndBrowser } from '../../apps/dashboard/e2e/serverAndBrowser.js';
import { freePort } from '../../apps/dashboard/e2e/serverProcess.js';
import { type AppServer, serveStatic } from './appServers.js';
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
// The same app on two origins: the server allows one of them only.
const allowed = `http://127.0.0.1:${appPort}`;
const refused = `http://localhost:${appPort}`;
const e2e = setupServerAndBrowser(
  { DEMO_SIMULATION: 'off', ALLOWED_ORIGINS: allowed },
  createExampleSimulations,
);

let app: AppServer | undefined;
beforeAll(async () => {
  app = await serveStatic(join(inject('exampleDirs').vite, 'dist'), appPort);
});
afterAll(() => app?.close());

describe('examples/vite (prebuilt CSS, no Tailwind)', () => {
  it('goes Live and fills a bounded, virtualized feed although the app has no h-80 rule', async () => {
    const { page, consoleErrors } = await openExample(
      e2e.browser,
      exampleUrl(allowed, e2e.server, FEED_SIM),
    );
    // `className="h-80"` matches nothing in this app's CSS: the kit's default box (24rem) holds.
    expect(await expectLiveVirtualizedFeed(page)).toBeCloseTo(24, 1);
    // The spec's useWebSocket (DefaultAlerts) is connected too.
    await expect.poll(() => page.getByText(/^Connected · event #\d+$/).count()).toBe(1);
    expect(consoleErrors).toEqual([]);
    await page.context().close();
  });

  it('keeps host and kit styles apart: #root centers text, the kit does not; kit classes skip host elements', async () => {
    const { page } = await openExample(e2e.browser, exampleUrl(allowed, e2e.server, FEED_SIM));
    await page.locator('[data-slot="live-indicator"]').waitFor();
    const align = await page.evaluate(() => ({
      host: getComputedStyle(document.getElementById('root') as HTMLElement).textAlign,
      kit: [...document.querySelectorAll('[data-simstream]')].map(
        (el) => getComputedStyle(el).textAlign,
      ),
    }));
    expect(align.host).toBe('center');
    expect(new Set(align.kit)).toEqual(new Set(['start']));

    // The prebuilt utilities style the kit only: a host element that happens to use the same
    // class names (Bootstrap's `.border`, a `.flex` of its own) keeps the browser's styles,
    // while the kit's own roots get them (LiveIndicator's root is `inline-flex items-center
    // border`).
    const styles = await page.evaluate(() => {
      document.body.insertAdjacentHTML('beforeend', '<div id="host-probe" class="border flex">');
      const read = (el: Element | null) => {
        const style = getComputedStyle(el as Element);
        return { display: style.display, align: style.alignItems, border: style.borderTopWidth };
      };
      return {
        host: read(document.getElementById('host-probe')),
        kit: read(document.querySelector('[data-slot="live-indicator"]')),
      };
    });
    expect(styles.host).toEqual({ display: 'block', align: 'normal', border: '0px' });
    // (`inline-flex` computes to `flex` there: the template makes #root a flex column.)
    expect(styles.kit).toEqual({ display: 'flex', align: 'center', border: '1px' });
    await page.context().close();
  });

  it('follows the OS dark theme with the same tokens as .dark', async () => {
    const tokens = async (colorScheme: 'light' | 'dark', darkClass: boolean) => {
      const { page } = await openExample(
        e2e.browser,
        exampleUrl(allowed, e2e.server, FEED_SIM),
        colorScheme,
      );
      await page.locator('[data-slot="live-indicator"]').waitFor();
      const values = await page.evaluate((dark) => {
        document.documentElement.classList.toggle('dark', dark);
        const style = getComputedStyle(document.documentElement);
        return [...style]
          .filter((name) => name.startsWith('--ss-') && !name.startsWith('--ss-font'))
          .map((name) => `${name}: ${style.getPropertyValue(name).trim()}`)
          .sort();
      }, darkClass);
      await page.context().close();
      return values;
    };
    const light = await tokens('light', false);
    const osDark = await tokens('dark', false);
    expect(osDark).not.toEqual(light);
    expect(osDark).toEqual(await tokens('light', true));
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
