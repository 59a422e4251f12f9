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

/** What {@link scanFeed} read: the feed's rows by list position, and how many it says it has. */
export interface FeedScan {
  /** The seq at each list position, top (newest) first; `NaN` for a position never rendered. */
  seqs: number[];
  /** `aria-setsize` of the rows: how many events the feed holds. */
  setSize: number;
  /** Positions that showed two different seqs during the scan (the feed changed under it). */
  changed: number[];
}

/**
 * Every row of the (virtualized) event feed, read by scrolling its viewport from top to
 * bottom. Each row is identified by its list position (`aria-posinset`, the virtualizer's
 * index + 1), never by where it sits on screen: the same row read before and after a scroll
 * step is one row, while a duplicate event shows up as two positions with one seq. Only
 * meaningful while no events arrive (pause the run first); `changed` says if any did.
 */
export async function scanFeed(page: Page): Promise<FeedScan> {
  return page.locator('[data-slot="event-feed-viewport"]').evaluate(async (viewport) => {
    const frame = () =>
      new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const byPosition = new Map<number, number>();
    const changed = new Set<number>();
    let setSize = 0;
    const collect = () => {
      for (const row of viewport.querySelectorAll('[data-slot="event-feed-row"]')) {
        const position = Number(row.getAttribute('aria-posinset'));
        const seq = Number(row.getAttribute('data-seq'));
        setSize = Math.max(setSize, Number(row.getAttribute('aria-setsize')));
        const seen = byPosition.get(position);
        if (seen !== undefined && seen !== seq) changed.add(position);
        byPosition.set(position, seq);
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
    const seqs = Array.from({ length: setSize }, (_, i) => byPosition.get(i + 1) ?? Number.NaN);
    return { seqs, setSize, changed: [...changed] };
  });
}

/** Save a screenshot of the page under `screenshotDir` (docs/screenshots/ only on request). */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  // The header is sticky: from the top, a full-page shot shows it where it belongs.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}
