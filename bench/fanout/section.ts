/**
 * The fan-out section of `npm run bench`: our server against the limit of this job in Node
 * (a bare `ws` server sending the same per-tick frames) and against what one would write by
 * hand (bare `ws` or plain Socket.IO, one frame per event), all in the same run.
 */
import { median } from '../lib/stats.js';
import { type BenchRow, row } from '../lib/table.js';
import type { SectionContext } from '../sections.js';
import { type FanoutOptions, type FanoutResult, type ServerKind, measureFanout } from './fanout.js';

const LIMIT_LABEL = 'bare ws, same frames';
/** The hand-written baselines, each one frame per event. */
const BY_HAND: ReadonlyArray<[ServerKind, string]> = [
  ['bare-event', 'bare ws, frame per event'],
  ['socketio-event', 'plain Socket.IO, emit per event'],
];

function latencyRows(section: string, ours: FanoutResult, bare: FanoutResult): BenchRow[] {
  const base = { section, baselineLabel: LIMIT_LABEL };
  const rows: BenchRow[] = [];
  for (const l of ours.latency) {
    const b = bare.latency.find((x) => x.eventsPerSec === l.eventsPerSec);
    if (!b) continue;
    const at = `@${l.eventsPerSec} ev/s`;
    rows.push(
      row({ ...base, metric: `p50 emit→receive ${at}`, unit: 'ms', ours: l.p50, baseline: b.p50 }),
      row(
        { ...base, metric: `p99 emit→receive ${at}`, unit: 'ms', ours: l.p99, baseline: b.p99 },
        { max: 1.2 },
      ),
      row({
        ...base,
        metric: `server CPU per delivered event ${at}`,
        unit: 'µs',
        ours: l.cpuUsPerEvent,
        baseline: b.cpuUsPerEvent,
      }),
    );
  }
  return rows;
}

function memoryRows(section: string, ours: FanoutResult, bare: FanoutResult): BenchRow[] {
  const base = { section, baselineLabel: LIMIT_LABEL };
  return [
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
  ];
}

/** Max-rate CPU and throughput of ours against one baseline kind. */
function maxRateRows(
  section: string,
  ours: FanoutResult,
  other: FanoutResult,
  label: string,
): BenchRow[] {
  const cpu = row({
    section,
    metric: 'server CPU per delivered event (max rate, median)',
    unit: 'µs',
    ours: median(ours.cpuUsPerEvent),
    baselineLabel: label,
    baseline: median(other.cpuUsPerEvent),
  });
  const rate = row({
    section,
    metric: `delivered events/s at max rate (median of ${ours.deliveredPerSec.length})`,
    unit: 'ev/s',
    ours: median(ours.deliveredPerSec),
    baselineLabel: label,
    baseline: median(other.deliveredPerSec),
  });
  return [cpu, rate];
}

/** Our server's settings variants, against our default (compact, JSON, no deflate). */
const VARIANTS: ReadonlyArray<[ServerKind, string, { max?: number }]> = [
  // The compact encoding must not cost more CPU per delivered event than deltas did.
  ['simstream-delta', 'delta steps', { max: 1.0 }],
  ['simstream-msgpack', 'MessagePack', {}],
  ['simstream-deflate', 'deflate ≥ 1 KB', {}],
];

function resultRows(
  results: Partial<Record<ServerKind, FanoutResult>>,
  memoryOnly: boolean,
): BenchRow[] {
  const { bare, simstream: ours } = results;
  if (!bare || !ours) return [];
  const section = `fan-out ${ours.clients}`;
  if (memoryOnly) return memoryRows(section, ours, bare);
  const rows = [
    ...maxRateRows(section, ours, bare, LIMIT_LABEL),
    ...latencyRows(section, ours, bare),
  ];
  for (const [kind, label] of BY_HAND) {
    const other = results[kind];
    if (other) rows.push(...maxRateRows(section, ours, other, label));
  }
  rows.push(...memoryRows(section, ours, bare));
  const plain = results['socketio-event'];
  if (plain) {
    rows.push(
      row({
        section,
        metric: 'server RSS per idle connection, plain Socket.IO',
        unit: 'KB',
        ours: plain.rssPerConnection / 1024,
        baselineLabel: LIMIT_LABEL,
        baseline: bare.rssPerConnection / 1024,
      }),
    );
  }
  for (const [kind, label, bound] of VARIANTS) {
    const v = results[kind];
    if (!v) continue;
    rows.push(
      row(
        {
          section,
          metric: `server CPU per delivered event (max rate), ours against ours with ${label}`,
          unit: 'µs',
          ours: median(ours.cpuUsPerEvent),
          baselineLabel: label,
          baseline: median(v.cpuUsPerEvent),
        },
        bound,
      ),
    );
  }
  return rows;
}

/**
 * Fan-out at 1,000 and 5,000 clients (all baselines and variants), and memory at 10,000
 * (ours and the limit only). `--quick`: 200 clients, ours and the limit only.
 */
export const fanoutSection = {
  name: 'fanout',
  async run(ctx: SectionContext): Promise<BenchRow[]> {
    const wanted = ctx.quick ? [200] : [1_000, 5_000, 10_000];
    const rows: BenchRow[] = [];
    for (const requested of wanted) {
      // Each connection holds a descriptor in the server and one in a client process.
      const clients = Number.isFinite(ctx.fileLimit)
        ? Math.min(requested, ctx.fileLimit - 500)
        : requested;
      if (clients < requested)
        ctx.log(`  ulimit -n ${ctx.fileLimit}: ${requested} clients lowered to ${clients}`);
      const memoryOnly = requested >= 10_000;
      const options: FanoutOptions = {
        clients,
        processes: ctx.quick ? 2 : 4,
        latencyRates: memoryOnly ? [] : [10, 100],
        latencyMs: ctx.quick ? 1_500 : 4_000,
        latencyRepeats: 2,
        maxRuns: memoryOnly ? 0 : 4,
        maxRunMs: ctx.quick ? 1_500 : 3_000,
        log: ctx.log,
      };
      if (ctx.quick) options.variants = [];
      else if (requested === 1_000)
        options.variants = ['bare-event', 'socketio-event', ...VARIANTS.map(([k]) => k)];
      else if (!memoryOnly) options.variants = ['bare-event', 'socketio-event', 'simstream-delta'];
      rows.push(...resultRows(await measureFanout(options), memoryOnly));
    }
    return rows;
  },
};
