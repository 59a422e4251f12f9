/**
 * The fan-out section of `npm run bench`: our server against the limit of this job in Node
 * (a bare `ws` server sending the same per-tick frames) and against what one would write by
 * hand (bare `ws` or plain Socket.IO, one frame per event), all in the same run.
 */
import { median } from '../lib/stats.js';
import { type BenchRow, row } from '../lib/table.js';
import type { SectionContext } from '../lib/section.js';
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

function connectRow(section: string, ours: FanoutResult, bare: FanoutResult): BenchRow {
  return row({
    section,
    metric: `time to connect all ${ours.clients} clients`,
    unit: 'ms',
    ours: ours.connectMs,
    baselineLabel: LIMIT_LABEL,
    baseline: bare.connectMs,
  });
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

function resultRows(results: Partial<Record<ServerKind, FanoutResult>>): BenchRow[] {
  const { bare, simstream: ours } = results;
  if (!bare || !ours) return [];
  const section = `fan-out ${ours.clients}`;
  const rows = [
    ...maxRateRows(section, ours, bare, LIMIT_LABEL),
    ...latencyRows(section, ours, bare),
  ];
  for (const [kind, label] of BY_HAND) {
    const other = results[kind];
    if (other) rows.push(...maxRateRows(section, ours, other, label));
  }
  rows.push(connectRow(section, ours, bare));
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
 * Fan-out at 1,000 and 5,000 clients (all baselines; at 1,000 every variant of ours, at 5,000
 * delta steps). `--quick`: 200 clients, ours, the limit and ours with delta steps (so the
 * compact-against-delta CPU row is printed in CI too). Memory has its own section.
 */
export const fanoutSection = {
  name: 'fanout',
  async run(ctx: SectionContext): Promise<BenchRow[]> {
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
      if (ctx.quick) options.variants = ['simstream-delta'];
      else if (requested === 1_000)
        options.variants = ['bare-event', 'socketio-event', ...VARIANTS.map(([k]) => k)];
      else options.variants = ['bare-event', 'socketio-event', 'simstream-delta'];
      rows.push(...resultRows(await measureFanout(options)));
    }
    return rows;
  },
};
