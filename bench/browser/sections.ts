import type { Section } from '../lib/section.js';
import { type BenchRow, row } from '../lib/table.js';
import { FRAME_BUDGET_MS, type LevelResult, measureBrowser } from './browser.js';
import { measureNetwork } from './network.js';

/** The level closest to `rate` events/s. */
function levelAt(levels: readonly LevelResult[], rate: number): LevelResult | undefined {
  return levels.find((l) => l.rate === rate) ?? levels[levels.length - 1];
}

/** EventFeed + query caches in Chromium next to a naive hook; heap after 10k vs 100k events. */
export const browserSection: Section = {
  name: 'browser',
  async run(ctx) {
    const result = await measureBrowser({
      rates: ctx.quick
        ? [250, 1_000, 2_000, 4_000]
        : [250, 500, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000],
      levelMs: ctx.quick ? 1_000 : 2_000,
      heap: true,
      log: ctx.log,
    });
    const base = { section: 'browser', baselineLabel: 'naive hook' };
    const rows: BenchRow[] = [
      row(
        {
          ...base,
          metric: `events/s absorbed with frame p95 ≤ ${FRAME_BUDGET_MS} ms (idle p95 ${result.idleP95.toFixed(1)} ms)`,
          unit: 'ev/s',
          ours: result.absorbed.kit,
          baseline: result.absorbed.naive,
          ...(result.passedTop.kit
            ? { note: 'kit kept up at the top rate tried: a lower bound' }
            : {}),
        },
        { min: 10 },
      ),
    ];
    for (const rate of [2_000, 4_000]) {
      const kit = levelAt(result.levels.kit, rate);
      const naive = levelAt(result.levels.naive, rate);
      if (!kit || !naive || kit.rate !== rate || naive.rate !== rate) continue;
      rows.push(
        row({
          ...base,
          metric: `frame p95 @${rate} ev/s`,
          unit: 'ms',
          ours: kit.p95,
          baseline: naive.p95,
        }),
        row({
          ...base,
          metric: `main-thread busy per 1k events @${rate} ev/s`,
          unit: 'ms',
          ours: kit.busyMsPer1k,
          baseline: naive.busyMsPer1k,
        }),
      );
    }
    if (result.heap) {
      rows.push(
        row(
          {
            section: 'memory',
            metric: 'browser heap after 100k events through EventFeed (after GC)',
            unit: 'MB',
            ours: result.heap.at100k / 1e6,
            baselineLabel: 'after 10k',
            baseline: result.heap.at10k / 1e6,
          },
          { max: 1.2 },
        ),
      );
    }
    return rows;
  },
};

/** The frame budget of a 60 Hz display: the network's frame p95 target. */
const PAINT_BUDGET_MS = 16.7;

/** ExposureNetworkView's paints and the page's frames in Chromium while a run streams. */
export const networkSection: Section = {
  name: 'network',
  async run(ctx) {
    const { idle, networks } = await measureNetwork({
      nodes: ctx.quick ? [100] : [100, 1_000],
      ms: ctx.quick ? 2_000 : 5_000,
      log: ctx.log,
    });
    return networks.flatMap((r) => {
      const label = `${r.nodes.toLocaleString('en')} nodes, ${r.claims.toLocaleString('en')} claims`;
      const few = (n: number) => (n < 10 ? { note: `only ${n} samples` } : {});
      return [
        row(
          {
            section: 'network',
            metric: `frame main-thread CPU p95, ${label}, streaming (p50 ${r.streaming.cpu.p50.toFixed(1)} ms; paint JS p95 ${r.streaming.paints.p95.toFixed(1)} ms; layout at rest ${(r.settling.ms / 1000).toFixed(1)} s after the first paint${r.settling.settled ? '' : ', not yet'})`,
            unit: 'ms',
            ours: r.streaming.cpu.p95,
            baselineLabel: '60 Hz frame',
            baseline: PAINT_BUDGET_MS,
            ...few(r.streaming.cpu.count),
          },
          { max: 1.0 },
        ),
        row(
          {
            section: 'network',
            metric: `frame interval p95, ${label}, streaming (main thread ${(r.streaming.busyShare * 100).toFixed(0)} % busy; idle page ${(idle.busyShare * 100).toFixed(0)} %)`,
            unit: 'ms',
            ours: r.streaming.intervals.p95,
            baselineLabel: 'idle page',
            baseline: idle.intervals.p95,
            ...few(r.streaming.intervals.count),
          },
          { max: 1.2 },
        ),
      ];
    });
  },
};
