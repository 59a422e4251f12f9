import { FRAME_BUDGET_MS, type LevelResult, measureBrowser } from './browser/browser.js';
import { measureNetwork } from './browser/network.js';
import { measureBytes } from './bytes.js';
import { type ReconnectResult, measureReconnect } from './reconnect/reconnect.js';
import { type FanoutOptions, type FanoutResult, measureFanout } from './fanout/fanout.js';
import { loadSizeChecks, measureCheck, parseLimit } from './size/measure.js';
import { median } from './lib/stats.js';
import { type BenchRow, row } from './lib/table.js';

/** What every section gets from the runner. */
export interface SectionContext {
  quick: boolean;
  /** `ulimit -n` of this shell (children inherit it). */
  fileLimit: number;
  log: (line: string) => void;
}

export interface Section {
  name: string;
  run(ctx: SectionContext): Promise<BenchRow[]>;
}

function fanoutRows(ours: FanoutResult, bare: FanoutResult): BenchRow[] {
  const section = `fan-out ${ours.clients}`;
  const base = { section, baselineLabel: 'bare ws' };
  const rows: BenchRow[] = [
    row(
      {
        ...base,
        metric: 'server CPU per delivered event (max rate, median)',
        unit: 'µs',
        ours: median(ours.cpuUsPerEvent),
        baseline: median(bare.cpuUsPerEvent),
      },
      { max: 1.0 },
    ),
  ];
  for (const l of ours.latency) {
    const b = bare.latency.find((x) => x.eventsPerSec === l.eventsPerSec);
    if (!b) continue;
    rows.push(
      row({
        ...base,
        metric: `p50 emit→receive @${l.eventsPerSec} ev/s`,
        unit: 'ms',
        ours: l.p50,
        baseline: b.p50,
      }),
      row(
        {
          ...base,
          metric: `p99 emit→receive @${l.eventsPerSec} ev/s`,
          unit: 'ms',
          ours: l.p99,
          baseline: b.p99,
        },
        { max: 1.2 },
      ),
      row({
        ...base,
        metric: `server CPU per delivered event @${l.eventsPerSec} ev/s`,
        unit: 'µs',
        ours: l.cpuUsPerEvent,
        baseline: b.cpuUsPerEvent,
      }),
    );
  }
  rows.push(
    row({
      ...base,
      metric: `delivered events/s at max rate (median of ${ours.deliveredPerSec.length})`,
      unit: 'ev/s',
      ours: median(ours.deliveredPerSec),
      baseline: median(bare.deliveredPerSec),
    }),
    row(
      {
        ...base,
        metric: 'server RSS per idle connection',
        unit: 'KB',
        ours: ours.rssPerConnection / 1024,
        baseline: bare.rssPerConnection / 1024,
      },
      { max: 1.5 },
    ),
    row({
      ...base,
      metric: 'server heap per idle connection',
      unit: 'KB',
      ours: ours.heapPerConnection / 1024,
      baseline: bare.heapPerConnection / 1024,
    }),
    row({
      ...base,
      metric: `time to connect all ${ours.clients} clients`,
      unit: 'ms',
      ours: ours.connectMs,
      baseline: bare.connectMs,
    }),
  );
  return rows;
}

const fanout: Section = {
  name: 'fanout',
  async run(ctx) {
    const wanted = ctx.quick ? [200] : [1_000, 5_000];
    const rows: BenchRow[] = [];
    for (const requested of wanted) {
      // Each connection holds a descriptor in the server and one in a client process.
      const clients = Number.isFinite(ctx.fileLimit)
        ? Math.min(requested, ctx.fileLimit - 500)
        : requested;
      if (clients < requested)
        ctx.log(`  ulimit -n ${ctx.fileLimit}: ${requested} clients lowered to ${clients}`);
      const options: FanoutOptions = {
        clients,
        processes: ctx.quick ? 2 : 4,
        latencyRates: [10, 100],
        latencyMs: ctx.quick ? 1_500 : 4_000,
        latencyRepeats: 2,
        maxRuns: 4,
        maxRunMs: ctx.quick ? 1_500 : 3_000,
        log: ctx.log,
      };
      // Parser and deflate variants of our server: max-rate CPU only, at 1,000 clients.
      if (requested === 1_000) options.variants = ['simstream-msgpack', 'simstream-deflate'];
      const results = await measureFanout(options);
      const { bare, simstream } = results;
      rows.push(...fanoutRows(simstream, bare));
      for (const variant of options.variants ?? []) {
        const v = results[variant];
        if (!v) continue;
        const label = variant === 'simstream-msgpack' ? 'MessagePack' : 'deflate ≥ 1 KB';
        rows.push(
          row({
            section: `fan-out ${v.clients}`,
            metric: `server CPU per delivered event, ours with ${label} (max rate)`,
            unit: 'µs',
            ours: median(v.cpuUsPerEvent),
            baselineLabel: 'bare ws',
            baseline: median(bare.cpuUsPerEvent),
          }),
          row({
            section: `fan-out ${v.clients}`,
            metric: `delivered events/s, ours with ${label} (max rate)`,
            unit: 'ev/s',
            ours: median(v.deliveredPerSec),
            baselineLabel: 'bare ws',
            baseline: median(bare.deliveredPerSec),
          }),
        );
      }
    }
    return rows;
  },
};

const bytes: Section = {
  name: 'bytes',
  async run(ctx) {
    const result = await measureBytes(ctx.quick ? 100 : 500);
    const section = 'bytes/step';
    return Object.entries(result.perStep).map(([encoding, perStep]) =>
      row(
        {
          section,
          metric: encoding,
          unit: 'B',
          ours: perStep,
          baselineLabel: 'REST polling',
          baseline: result.polling,
        },
        // The target is on what a kit subscriber gets by default: deltas.
        encoding.startsWith('delta') ? { max: 0.05 } : {},
      ),
    );
  },
};

/** The kit's bundle against the 15 KB target, and what its heaviest dependencies cost. */
const size: Section = {
  name: 'size',
  async run() {
    const [kit] = await loadSizeChecks();
    if (!kit) throw new Error('.size-limit.mjs has no check');
    const target = parseLimit('15 KB');
    const total = await measureCheck(kit);
    const base = {
      section: 'bundle',
      unit: 'KB',
      baselineLabel: 'budget',
      baseline: target / 1000,
    };
    const rows: BenchRow[] = [
      row(
        { ...base, metric: 'react + client, min+gzip, peers excluded', ours: total / 1000 },
        { max: 1.0 },
      ),
    ];
    for (const dependency of ['zod', 'tailwind-merge', '@tanstack/react-virtual', 'lucide-react']) {
      const without = await measureCheck(kit, [dependency]);
      rows.push(
        row({
          ...base,
          metric: `  of which ${dependency}`,
          ours: (total - without) / 1000,
        }),
      );
    }
    return rows;
  },
};

/** Reconnect catch-up; the baseline is a cold start (new client to Live) in the same run. */
const reconnect: Section = {
  name: 'reconnect',
  async run(ctx) {
    const counts = [100, 10_000];
    const repeats = ctx.quick ? 1 : 3;
    const runs: ReconnectResult[] = [];
    for (let i = 0; i < repeats; i++) runs.push(...(await measureReconnect(counts)));
    return counts.map((missed) => {
      const mine = runs.filter((r) => r.missed === missed);
      const reconnectMs = median(mine.map((r) => r.reconnectMs));
      ctx.log(
        `  ${missed} missed: ${mine.map((r) => `${r.reconnectMs.toFixed(0)} ms ${r.recovery}`).join('; ')}`,
      );
      return {
        ...row({
          section: 'reconnect',
          metric: `server back up → Live, ${missed.toLocaleString('en')} missed events applied${repeats > 1 ? ` (median of ${repeats})` : ''}`,
          unit: 'ms',
          ours: reconnectMs,
          baselineLabel: 'cold start to Live',
          baseline: median(mine.map((r) => r.coldMs)),
        }),
        // The target is absolute (≤ 1 s for 10,000), not a ratio.
        target: missed === 10_000 ? '≤ 1000 ms' : '',
        met: missed === 10_000 ? reconnectMs <= 1_000 : null,
        note: mine[0]?.recovery.split(' ')[0] ?? '',
      };
    });
  },
};

/** The level closest to `rate` events/s. */
function levelAt(levels: readonly LevelResult[], rate: number): LevelResult | undefined {
  return levels.find((l) => l.rate === rate) ?? levels[levels.length - 1];
}

/** EventFeed + query caches in Chromium next to a naive hook; heap after 10k vs 100k events. */
const browser: Section = {
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

/** The frame budget of a 60 Hz display: the network's paint p95 target. */
const PAINT_BUDGET_MS = 16.7;

/** ExposureNetworkView's paint times in Chromium while a run streams, against the frame budget. */
const network: Section = {
  name: 'network',
  async run(ctx) {
    const results = await measureNetwork({
      nodes: ctx.quick ? [100] : [100, 1_000],
      ms: ctx.quick ? 2_000 : 5_000,
      log: ctx.log,
    });
    return results.map((r) =>
      row(
        {
          section: 'network',
          metric: `paint p95, ${r.nodes.toLocaleString('en')} nodes while streaming (p50 ${r.streaming.p50.toFixed(1)} ms; settling p95 ${r.settling.p95.toFixed(1)} ms)`,
          unit: 'ms',
          ours: r.streaming.p95,
          baselineLabel: '60 Hz frame',
          baseline: PAINT_BUDGET_MS,
          ...(r.streaming.frames < 10 ? { note: `only ${r.streaming.frames} paints` } : {}),
        },
        { max: 1.0 },
      ),
    );
  },
};

/** Every section, in table order. */
export const SECTIONS: Section[] = [fanout, bytes, reconnect, browser, network, size];
