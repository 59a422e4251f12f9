/**
 * The exposure network in real Chromium: build the network bench page (production React),
 * draw a real engine's network of N banks with `ExposureNetworkView`, and record the view's
 * own paint times (`onFrame`) first while the layout settles with nothing streaming, then
 * while a step arrives every 100 ms after a crash (defaults animating). The steps are run
 * ahead in the page, so the engine's cost (a server's in production) is not in the frames.
 */
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { chromiumFlags, chromiumPath, ensureChromium } from '../../scripts/chromium.mjs';
import { serve } from './browser.js';

export interface NetworkFrames {
  nodes: number;
  /** Paint-time percentiles (ms) and how many paints were recorded. */
  settling: { p50: number; p95: number; frames: number };
  streaming: { p50: number; p95: number; frames: number };
}

interface NetworkBenchWindow {
  __bench: {
    ready(): Promise<boolean>;
    record(count: number): number;
    run(ms: number, stepEveryMs: number | null): Promise<number[]>;
  };
}

const ROOT = fileURLToPath(new URL('./network/', import.meta.url));
const DIST = fileURLToPath(new URL('./network/dist/', import.meta.url));

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5) ?? Number.NaN, p95: at(0.95) ?? Number.NaN, frames: sorted.length };
}

/**
 * Paint times of the network view at each node count.
 *
 * @example
 * const [hundred] = await measureNetwork({ nodes: [100], ms: 3000, log: console.error });
 */
export async function measureNetwork(options: {
  nodes: readonly number[];
  ms: number;
  log: (line: string) => void;
}): Promise<NetworkFrames[]> {
  ensureChromium((line) => options.log(`  ${line}`));
  await build({
    configFile: fileURLToPath(new URL('./vite.config.ts', import.meta.url)),
    root: ROOT,
    build: { outDir: DIST, emptyOutDir: true },
  });
  const { server, url } = await serve(DIST);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [...chromiumFlags],
  });
  const results: NetworkFrames[] = [];
  try {
    for (const nodes of options.nodes) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      page.on('pageerror', (err) => options.log(`  [network page] ${err.message}`));
      await page.goto(`${url}?nodes=${nodes}`);
      await page.evaluate(() => (window as unknown as NetworkBenchWindow).__bench.ready());
      const run = (stepEveryMs: number | null) =>
        page.evaluate(
          ([ms, every]) => (window as unknown as NetworkBenchWindow).__bench.run(ms, every),
          [options.ms, stepEveryMs] as const,
        );
      const settling = percentiles(await run(null));
      // One recorded step per 100 ms of the streaming window, after a crash (defaults animate).
      const count = Math.ceil(options.ms / 100);
      await page.evaluate(
        (n) => (window as unknown as NetworkBenchWindow).__bench.record(n),
        count,
      );
      const streaming = percentiles(await run(100));
      const result = { nodes, settling, streaming };
      options.log(
        `  ${nodes} nodes: settling p50 ${settling.p50.toFixed(1)} p95 ${settling.p95.toFixed(1)} ms (${settling.frames} paints); streaming p50 ${streaming.p50.toFixed(1)} p95 ${streaming.p95.toFixed(1)} ms (${streaming.frames} paints)`,
      );
      results.push(result);
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  return results;
}
