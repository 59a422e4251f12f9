/**
 * The exposure network in real Chromium: build the network bench page (production React),
 * draw a real engine's network of N banks (~10 claims each) with `ExposureNetworkView`, and
 * record the view's own paint times (`onFrame`, the JavaScript of a paint), the page's frame
 * intervals (requestAnimationFrame: what a viewer sees, rasterising and compositing included)
 * and the main thread's busy share — first while the layout comes to rest with nothing
 * streaming, then while a step arrives every 6 animation frames (100 ms at 60 Hz) after a crash (defaults animating). The
 * steps are run ahead in the page, so the engine's cost (a server's in production) is not in
 * the frames. The baseline, in the same browser and run: the same page drawing nothing.
 */
import type { Browser, Page } from 'playwright-core';
import { gotoBenchPage, startBenchBrowser } from './browser.js';
import { withFrameCpu } from './networkTrace.js';

/** Percentiles (ms) of a list of samples and how many there were. */
export interface Spread {
  p50: number;
  p95: number;
  count: number;
}

export interface NetworkFrames {
  nodes: number;
  claims: number;
  /** The layout coming to rest after the first paint (nothing streaming). */
  settling: { ms: number; settled: boolean; paints: Spread; intervals: Spread };
  /** Steps arriving every 100 ms after a crash (defaults animating). */
  streaming: {
    paints: Spread;
    intervals: Spread;
    /** Main-thread CPU per frame (thread time: robust to the machine's load). */
    cpu: Spread;
    busyShare: number;
    defaulted: number;
  };
}

/** The same run's baseline: an idle page's frame intervals and main-thread share. */
export interface IdleFrames {
  intervals: Spread;
  busyShare: number;
}

interface Frames {
  paints: number[];
  intervals: number[];
}

interface NetworkBenchWindow {
  __bench: {
    ready(): Promise<boolean>;
    settle(maxMs: number): Promise<Frames & { ms: number; settled: boolean }>;
    record(count: number): number;
    run(ms: number, stepEveryFrames: number | null): Promise<Frames>;
  };
}

/** How long a large network may take to come to rest on a loaded machine. */
const SETTLE_MAX_MS = 60_000;

function spread(samples: number[]): Spread {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5) ?? Number.NaN, p95: at(0.95) ?? Number.NaN, count: sorted.length };
}

/** Chromium's main-thread task time of a page over a call, as a share of the wall time. */
async function busyShare<T>(page: Page, work: () => Promise<T>): Promise<[T, number]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const clock = async () => {
    const { metrics } = (await cdp.send('Performance.getMetrics')) as {
      metrics: Array<{ name: string; value: number }>;
    };
    return metrics.find((m) => m.name === 'TaskDuration')?.value ?? Number.NaN;
  };
  const [t0, w0] = [await clock(), performance.now()];
  const result = await work();
  const share = ((await clock()) - t0) / ((performance.now() - w0) / 1000);
  await cdp.detach();
  return [result, share];
}

async function openPage(browser: Browser, url: string, nodes: number, log: (l: string) => void) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (err) => log(`  [network page] ${err.message}`));
  await gotoBenchPage(page, `${url}?page=network&nodes=${nodes}`);
  await page.evaluate(() => (window as unknown as NetworkBenchWindow).__bench.ready());
  return page;
}

const runFrames = (page: Page, ms: number, stepEveryFrames: number | null) =>
  page.evaluate(([ms, every]) => (window as unknown as NetworkBenchWindow).__bench.run(ms, every), [
    ms,
    stepEveryFrames,
  ] as const);

/** A step every 6 animation frames: every 100 ms at 60 Hz. */
const STEP_EVERY_FRAMES = 6;
/** How long the streaming window may take on a loaded machine (frames come late there). */
const STREAM_MAX_MS = 120_000;

/** The baseline: the same page with no network, its frames while nothing happens. */
async function measureIdle(browser: Browser, url: string, ms: number, log: (l: string) => void) {
  const page = await openPage(browser, url, 0, log);
  const [frames, share] = await busyShare(page, () => runFrames(page, ms, null));
  await page.close();
  const idle: IdleFrames = { intervals: spread(frames.intervals), busyShare: share };
  log(
    `  idle page: frame interval p50 ${idle.intervals.p50.toFixed(1)} p95 ${idle.intervals.p95.toFixed(1)} ms, main thread busy ${(share * 100).toFixed(0)} %`,
  );
  return idle;
}

async function measureOne(
  browser: Browser,
  url: string,
  nodes: number,
  options: { ms: number; log: (line: string) => void },
): Promise<NetworkFrames> {
  const page = await openPage(browser, url, nodes, options.log);
  const settled = await page.evaluate(
    (max) => (window as unknown as NetworkBenchWindow).__bench.settle(max),
    SETTLE_MAX_MS,
  );
  // As many steps as 100 ms apart fill the window at 60 Hz, after a crash (defaults animate).
  const defaulted = await page.evaluate(
    (n) => (window as unknown as NetworkBenchWindow).__bench.record(n),
    Math.ceil(options.ms / 100),
  );
  const claims = await page.evaluate(() => document.querySelector('section')?.textContent ?? '');
  const [[frames, cpu], share] = await busyShare(page, () =>
    withFrameCpu(browser, page, () => runFrames(page, STREAM_MAX_MS, STEP_EVERY_FRAMES)),
  );
  await page.close();
  const result: NetworkFrames = {
    nodes,
    claims: Number(/(\d+) open claims/.exec(claims)?.[1] ?? Number.NaN),
    settling: {
      ms: settled.ms,
      settled: settled.settled,
      paints: spread(settled.paints),
      intervals: spread(settled.intervals),
    },
    streaming: {
      paints: spread(frames.paints),
      intervals: spread(frames.intervals),
      cpu: spread(cpu),
      busyShare: share,
      defaulted,
    },
  };
  const { streaming: st, settling: se } = result;
  options.log(
    `  ${nodes} nodes, ${result.claims} open claims: settled in ${(se.ms / 1000).toFixed(1)} s${se.settled ? '' : ' (not yet)'}; streaming (${defaulted} defaulted by the end) paint p50 ${st.paints.p50.toFixed(1)} p95 ${st.paints.p95.toFixed(1)} ms (${st.paints.count} paints), frame interval p50 ${st.intervals.p50.toFixed(1)} p95 ${st.intervals.p95.toFixed(1)} ms, main-thread CPU per frame p50 ${st.cpu.p50.toFixed(1)} p95 ${st.cpu.p95.toFixed(1)} ms, main thread busy ${(share * 100).toFixed(0)} %`,
  );
  return result;
}

/**
 * Frames of the network view at each node count, and of an idle page in the same browser
 * (the baseline the frame intervals are held against: the machine's own pace right now).
 *
 * @example
 * const { idle, networks } = await measureNetwork({ nodes: [100], ms: 3000, log: console.error });
 */
export async function measureNetwork(options: {
  nodes: readonly number[];
  ms: number;
  log: (line: string) => void;
}): Promise<{ idle: IdleFrames; networks: NetworkFrames[] }> {
  const { browser, url, close } = await startBenchBrowser(options.log);
  try {
    const idle = await measureIdle(browser, url, options.ms, options.log);
    const networks: NetworkFrames[] = [];
    for (const nodes of options.nodes)
      networks.push(await measureOne(browser, url, nodes, options));
    return { idle, networks };
  } finally {
    await close();
  }
}
