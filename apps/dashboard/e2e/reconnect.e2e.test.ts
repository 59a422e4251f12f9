/**
 * Stopping and restarting the real server under two open dashboards: one with a short retry
 * budget goes Reconnecting then Offline, the other keeps retrying; after the restart (same
 * port) both are Live again, and each event feed holds every seq once, with no gap.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  dashboardUrl,
  indicatorState,
  openPage,
  saveScreenshot,
  scanFeed,
  visibleFeedSeqs,
} from './browser.js';
import { setupServerAndBrowser } from './serverAndBrowser.js';

const SIM = 'test-sim-123';
// Chromium and the server share 2 loaded cores: a page can take 30 s just to connect. The
// polls wait for outcomes (a state, a seq), so they get time; the tests get room for them.
const wait = { timeout: 60_000, interval: 100 };

const e2e = setupServerAndBrowser({ STEP_INTERVAL_MS: '300' });

/** A viewer that gives up after 3 quick attempts, and one that keeps trying. */
let shortRetry: Page;
let longRetry: Page;

const newestSeq = async (page: Page) => Math.max(0, ...(await visibleFeedSeqs(page)));

/** Every seq in the feed appears once and together they form one unbroken range. */
function expectGaplessUnique(seqs: number[]): void {
  expect(seqs.length).toBeGreaterThan(0);
  expect(new Set(seqs).size).toBe(seqs.length);
  const sorted = [...seqs].sort((a, b) => b - a);
  expect(seqs).toEqual(sorted);
  const newest = sorted[0] ?? 0;
  expect(sorted).toEqual(sorted.map((_, i) => newest - i));
}

describe('server restart under open dashboards', { timeout: 300_000 }, () => {
  it('shows Reconnecting then Offline, returns to Live, and the feed has no gap and no duplicate', async () => {
    shortRetry = await openPage(
      e2e.browser,
      dashboardUrl(e2e.server.url, SIM, { attempts: 3, delayMs: 300 }),
    );
    longRetry = await openPage(
      e2e.browser,
      dashboardUrl(e2e.server.url, SIM, { attempts: 100, delayMs: 500 }),
    );
    for (const page of [shortRetry, longRetry]) {
      await expect.poll(() => indicatorState(page), wait).toBe('live');
      await expect.poll(() => newestSeq(page), wait).toBeGreaterThan(5);
    }

    await e2e.server.stop();
    await expect.poll(() => indicatorState(shortRetry), wait).toBe('reconnecting');
    await saveScreenshot(shortRetry, 'reconnecting');
    await expect.poll(() => indicatorState(shortRetry), wait).toBe('offline');
    await saveScreenshot(shortRetry, 'offline');
    await expect.poll(() => indicatorState(longRetry), wait).toBe('reconnecting');

    await e2e.server.start();
    // The one still retrying comes back by itself; the offline one through its Reconnect button.
    await expect.poll(() => indicatorState(longRetry), wait).toBe('live');
    expect(await indicatorState(shortRetry)).toBe('offline');
    await shortRetry.getByRole('button', { name: /reconnect/i }).click();
    await expect.poll(() => indicatorState(shortRetry), wait).toBe('live');

    // Memory only: the restarted server's demo run is a new life with its own seqs.
    await expectFeedsComplete();
  });

  it('after a crash (SIGKILL, no shutdown notice) both come back Live with complete feeds', async () => {
    await e2e.server.api(`/simulations/${SIM}/resume`, { method: 'POST', body: {} });
    const before = await newestSeq(longRetry);
    await expect.poll(() => newestSeq(longRetry), wait).toBeGreaterThan(before + 3);

    await e2e.server.stop('SIGKILL');
    await expect.poll(() => indicatorState(longRetry), wait).toBe('reconnecting');
    await e2e.server.start();
    await expect.poll(() => indicatorState(longRetry), wait).toBe('live');
    if ((await indicatorState(shortRetry)) === 'offline') {
      await shortRetry.getByRole('button', { name: /reconnect/i }).click();
    }
    await expect.poll(() => indicatorState(shortRetry), wait).toBe('live');
    await expectFeedsComplete();
  });
});

/**
 * Freeze the run, let both feeds catch up to the server's last seq, then read each feed
 * whole: every seq of this server life from 1 to the last, once each.
 */
async function expectFeedsComplete(): Promise<void> {
  await e2e.server.api(`/simulations/${SIM}/pause`, { method: 'POST', body: {} });
  const { currentSeq } = await e2e.server.api<{ currentSeq: number }>(
    `/simulations/${SIM}/events?since=0&limit=1`,
  );
  for (const page of [shortRetry, longRetry]) {
    await expect.poll(() => newestSeq(page), wait).toBe(currentSeq);
    const { seqs, setSize, changed } = await scanFeed(page);
    expect(changed).toEqual([]);
    expect(seqs).toHaveLength(setSize);
    expectGaplessUnique(seqs);
    expect(seqs[0]).toBe(currentSeq);
    expect(seqs.at(-1)).toBe(1);
  }
}
