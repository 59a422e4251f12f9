import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { chromiumFlags, chromiumPath } from '../../../scripts/chromium.mjs';
import { screenshotDir } from './paths.js';

/**
 * Debian's Chromium, headless. Playwright gives every launch a fresh temporary profile (it
 * refuses `--user-data-dir` in `launch()`), and every `newPage()` from {@link openPage} gets
 * its own context, so two viewers share no storage (the decision outbox lives there).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', ...chromiumFlags],
  });
}

/** A page in its own browser context, sized like a laptop screen. */
export async function openPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
  await page.goto(url);
  return page;
}

/** The dashboard URL of a simulation, with a short reconnect policy unless told otherwise. */
export function dashboardUrl(
  baseUrl: string,
  simulationId: string,
  reconnect: { attempts: number; delayMs: number } = { attempts: 3, delayMs: 300 },
): string {
  const params = new URLSearchParams({
    sim: simulationId,
    reconnectAttempts: String(reconnect.attempts),
    reconnectDelayMs: String(reconnect.delayMs),
  });
  return `${baseUrl}/?${params}`;
}

/** `data-state` of the live indicator in the header (live, reconnecting, offline, …). */
export function indicatorState(page: Page): Promise<string | null> {
  return page.locator('[data-slot="live-indicator"]').first().getAttribute('data-state');
}

/** Seqs of the feed rows currently rendered (the feed is virtualized: only visible rows). */
export function visibleFeedSeqs(page: Page): Promise<number[]> {
  return page
    .locator('[data-slot="event-feed-row"]')
    .evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-seq'))));
}

/**
 * Every row of the (virtualized) event feed, read by scrolling its viewport from top to
 * bottom: `rows` maps each rendered position to its seq, so a duplicate shows up as two
 * positions with one seq. Only meaningful while no events arrive (pause the run first).
 */
export async function scanFeed(page: Page): Promise<{ seqs: number[]; positions: number }> {
  return page.locator('[data-slot="event-feed-viewport"]').evaluate(async (viewport) => {
    const frame = () =>
      new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const byPosition = new Map<number, number>();
    const list = viewport.querySelector('[role="list"]') as HTMLElement | null;
    const collect = () => {
      const listTop = list?.getBoundingClientRect().top ?? 0;
      for (const row of viewport.querySelectorAll('[data-slot="event-feed-row"]')) {
        // Rows are absolutely positioned at index × height: the offset identifies the row.
        const offset = Math.round(row.getBoundingClientRect().top - listTop);
        byPosition.set(offset, Number(row.getAttribute('data-seq')));
      }
    };
    viewport.scrollTop = 0;
    await frame();
    for (;;) {
      collect();
      if (viewport.scrollTop + viewport.clientHeight >= viewport.scrollHeight - 1) break;
      viewport.scrollTop += Math.max(1, viewport.clientHeight - 60);
      await frame();
    }
    viewport.scrollTop = 0;
    const seqs = [...byPosition.entries()].sort((a, b) => a[0] - b[0]).map(([, seq]) => seq);
    return { seqs, positions: byPosition.size };
  });
}

/** Save a screenshot of the page under `screenshotDir` (docs/screenshots/ only on request). */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  // The header is sticky: from the top, a full-page shot shows it where it belongs.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}
