/**
 * The kit in real Chromium: build the bench page (production React) with Vite, serve it on
 * loopback, and step the in-page feed through increasing rates for the kit and for a naive
 * hook, recording frame intervals; then push 100,000 events through the kit's EventFeed
 * and compare the heap (after GC) at 10k and 100k events.
 */
import { existsSync, readFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page, chromium } from 'playwright-core';
import { build } from 'vite';
import { chromiumFlags, chromiumPath, ensureChromium } from '../../scripts/chromium.mjs';

/**
 * Headless Chromium paces frames at 60 Hz (a rAF interval is ≥ 16.7 ms however idle the
 * page is), so "frame time p95 ≤ 16 ms" is read as "p95 rAF interval within one 60 Hz
 * frame plus 1.3 ms of timer jitter": at most 5 % of frames late or dropped.
 */
export const FRAME_BUDGET_MS = 18;

export interface LevelResult {
  rate: number;
  fedPerSec: number;
  frames: number;
  p50: number;
  p95: number;
  p99: number;
  lag: number;
  /** Main-thread busy time (Chromium's TaskDuration) per 1,000 events fed, in ms. */
  busyMsPer1k: number;
  /** Share of wall time the main thread was busy during the level. */
  busyShare: number;
}

export interface BrowserResult {
  levels: Record<'kit' | 'naive', LevelResult[]>;
  /** Highest fed events/s whose p95 frame interval stayed within budget (0: none). */
  absorbed: Record<'kit' | 'naive', number>;
  /** Kept frames at the highest rate tried: its absorbed figure is a lower bound. */
  passedTop: Record<'kit' | 'naive', boolean>;
  idleP95: number;
  heap: { at10k: number; at100k: number } | null;
}

interface BenchWindow {
  __bench: {
    ready(): Promise<boolean>;
    runLevel(
      rate: number,
      ms: number,
      warmupMs: number,
    ): Promise<Omit<LevelResult, 'busyMsPer1k' | 'busyShare'> & { eventsFed: number }>;
    feed(events: number): Promise<{ seq: number; applied: number; rows: number }>;
  };
}

const DIST = fileURLToPath(new URL('./dist/', import.meta.url));
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
};

/**
 * What a browser bench section opens its pages in: Chromium (installed when missing), the
 * bench pages (the feed page and, at `?page=network`, the network page) built into dist/ and
 * served on loopback, one headless browser. `close()` stops the browser and the server.
 *
 * @example
 * const { browser, url, close } = await startBenchBrowser(console.error);
 */
export async function startBenchBrowser(log: (line: string) => void) {
  ensureChromium((line) => log(`  ${line}`));
  await build({ configFile: fileURLToPath(new URL('./vite.config.ts', import.meta.url)) });
  const { server, url } = await serve();
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [...chromiumFlags],
  });
  const close = async () => {
    await browser.close();
    server.close();
  };
  return { browser, url, close };
}

/**
 * Open a bench page and wait for its `window.__bench`: entry.ts imports the page's module
 * dynamically, which the load event `goto` waits for does not always cover.
 */
export async function gotoBenchPage(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => '__bench' in window, undefined, { timeout: 120_000 });
}

/** Serves the built bench pages (`dir`, default dist/) on an ephemeral loopback port. */
function serve(dir = DIST): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = normalize(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '');
    const file = join(dir, path === '' ? 'index.html' : path);
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ server, url: `http://127.0.0.1:${port}/` });
    }),
  );
}

async function openPage(
  browser: Browser,
  url: string,
  mode: 'kit' | 'naive',
  query = '',
): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (err) => console.error(`[page ${mode}] ${err.message}`));
  await gotoBenchPage(page, `${url}?mode=${mode}${query}`);
  const ready = await page.evaluate(() => (window as unknown as BenchWindow).__bench.ready());
  if (!ready) throw new Error(`bench page (${mode}) never showed the snapshot`);
  return page;
}

/** Chromium's cumulative main-thread task time of a page, in seconds. */
async function taskClock(page: Page): Promise<() => Promise<number>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return async () => {
    const { metrics } = (await cdp.send('Performance.getMetrics')) as {
      metrics: Array<{ name: string; value: number }>;
    };
    return metrics.find((m) => m.name === 'TaskDuration')?.value ?? Number.NaN;
  };
}

async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.detach();
  return usage.usedSize;
}

/**
 * Run the browser benchmark.
 *
 * @example
 * const result = await measureBrowser({ rates: [500, 1000, 2000], levelMs: 1500, heap: true, log: console.error });
 */
export async function measureBrowser(options: {
  rates: readonly number[];
  levelMs: number;
  heap: boolean;
  log: (line: string) => void;
  /** Extra page query, e.g. `&sharing=off` (lever experiments). */
  query?: string;
}): Promise<BrowserResult> {
  const { browser, url, close } = await startBenchBrowser(options.log);
  const levels: BrowserResult['levels'] = { kit: [], naive: [] };
  let idleP95 = Number.NaN;
  let heap: BrowserResult['heap'] = null;
  try {
    for (const mode of ['naive', 'kit'] as const) {
      const page = await openPage(browser, url, mode, options.query);
      const taskSeconds = await taskClock(page);
      // Warm-up (JIT, first layouts of a full feed), not measured.
      await page.evaluate(
        (ms) => (window as unknown as BenchWindow).__bench.runLevel(1_000, ms, 0),
        options.levelMs,
      );
      if (mode === 'kit') {
        const idle = await page.evaluate(
          (ms) => (window as unknown as BenchWindow).__bench.runLevel(0, ms, 200),
          options.levelMs,
        );
        idleP95 = idle.p95;
      }
      // The page's own cost with nothing fed (frames, the pump): subtracted per level.
      const idleBefore = await taskSeconds();
      const idleWallBefore = performance.now();
      await page.evaluate(
        (ms) => (window as unknown as BenchWindow).__bench.runLevel(0, ms, 0),
        options.levelMs,
      );
      const idleBusyShare =
        ((await taskSeconds()) - idleBefore) / ((performance.now() - idleWallBefore) / 1000);
      // A page busy with nothing fed is broken (e.g. a resync loop against the fake server).
      if (idleBusyShare > 0.5) {
        throw new Error(`bench page (${mode}) is ${Math.round(idleBusyShare * 100)} % busy idle`);
      }
      const measureLevel = async (rate: number): Promise<LevelResult> => {
        const busyBefore = await taskSeconds();
        const wallBefore = performance.now();
        const measured = await page.evaluate(
          ([r, ms]) => (window as unknown as BenchWindow).__bench.runLevel(r, ms, 300),
          [rate, options.levelMs] as const,
        );
        const busy = (await taskSeconds()) - busyBefore;
        const wall = (performance.now() - wallBefore) / 1000;
        return {
          ...measured,
          busyMsPer1k:
            (Math.max(0, busy - idleBusyShare * wall) * 1000) /
            (Math.max(1, measured.eventsFed) / 1000),
          busyShare: busy / wall,
        };
      };
      let failedInARow = 0;
      for (const rate of options.rates) {
        // Best of two when the first attempt misses the budget: on a shared machine a stall
        // elsewhere can spoil one attempt; a page that cannot keep up misses both.
        let level = await measureLevel(rate);
        if (level.p95 > FRAME_BUDGET_MS) {
          const again = await measureLevel(rate);
          if (again.p95 < level.p95) level = again;
        }
        levels[mode].push(level);
        options.log(
          `  ${mode} @${rate} ev/s: fed ${level.fedPerSec.toFixed(0)}/s, frame p50 ${level.p50.toFixed(1)} p95 ${level.p95.toFixed(1)} p99 ${level.p99.toFixed(1)} ms, ${level.frames} frames, lag ${level.lag}, main thread busy ${(100 * level.busyShare).toFixed(0)} % (${level.busyMsPer1k.toFixed(1)} ms per 1k events)`,
        );
        failedInARow = level.p95 > FRAME_BUDGET_MS ? failedInARow + 1 : 0;
        // Two levels in a row past the budget: higher rates only take longer to say the same.
        if (failedInARow >= 2) break;
      }
      await page.close();
    }
    if (options.heap) {
      const page = await openPage(browser, url, 'kit');
      const feed = (n: number) =>
        page.evaluate((count) => (window as unknown as BenchWindow).__bench.feed(count), n);
      await feed(10_000);
      const at10k = await heapAfterGc(page);
      await feed(90_000);
      const at100k = await heapAfterGc(page);
      heap = { at10k, at100k };
      options.log(
        `  heap after GC: 10k events ${(at10k / 1e6).toFixed(1)} MB, 100k ${(at100k / 1e6).toFixed(1)} MB`,
      );
      await page.close();
    }
  } finally {
    await close();
  }
  const absorbed = (mode: 'kit' | 'naive') =>
    Math.max(
      0,
      ...levels[mode]
        .filter((l) => l.p95 <= FRAME_BUDGET_MS && l.lag <= l.rate)
        .map((l) => l.fedPerSec),
    );
  const top = options.rates[options.rates.length - 1] ?? 0;
  const passedTop = (mode: 'kit' | 'naive') =>
    levels[mode].some((l) => l.rate === top && l.p95 <= FRAME_BUDGET_MS);
  return {
    levels,
    absorbed: { kit: absorbed('kit'), naive: absorbed('naive') },
    passedTop: { kit: passedTop('kit'), naive: passedTop('naive') },
    idleP95,
    heap,
  };
}
