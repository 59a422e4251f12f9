/**
 * Fan-out: one simulation, N subscribed clients in separate processes on loopback, against
 * the real server and against baselines in the same run: a bare `ws` server sending the same
 * per-tick frames as ours (the limit), a bare `ws` server sending one frame per event, and a
 * plain Socket.IO server with one emit per event. Each server runs in its own process so its
 * CPU and memory are its own.
 */
import { LatencyHistogram } from '../lib/stats.js';
import { EVENTS_PER_TICK } from '../lib/ticks.js';
import { type Setup, oneRun, setUp, tearDown } from './setup.js';

/**
 * `bare`: a `ws` server sending our per-tick frames (the same `EventBatch` JSON, one frame per
 * tick) — the limit; `bare-event`: a `ws` server, one frame per event; `socketio-event`: a
 * plain Socket.IO server, one `emit` per event to everyone — what one would write by hand;
 * `simstream`: the real server as configured by default (JSON, no deflate, compact steps);
 * the others are the real server with delta steps, `PARSER=msgpack` or
 * `DEFLATE_THRESHOLD=1024` (max-rate runs only: CPU and throughput); `simstream-raw`: the
 * real server's raw WebSocket endpoint (the seed's `/api/v1/ws/simulation/{id}`; memory
 * only — its messages carry no `seq` to time).
 */
export type ServerKind =
  | 'simstream'
  | 'bare'
  | 'bare-event'
  | 'socketio-event'
  | 'simstream-delta'
  | 'simstream-msgpack'
  | 'simstream-deflate'
  | 'simstream-raw';

export interface FanoutOptions {
  clients: number;
  processes: number;
  /** Events/s of the latency runs. */
  latencyRates: readonly number[];
  latencyMs: number;
  /** Latency runs per rate and server (alternating), merged into one histogram. */
  latencyRepeats: number;
  maxRuns: number;
  maxRunMs: number;
  /** Server variants measured in the max-rate runs too. */
  variants?: readonly ServerKind[];
  log: (line: string) => void;
}

export interface LatencyRun {
  eventsPerSec: number;
  p50: number;
  p99: number;
  /** Delivered / expected (all clients, all events). */
  deliveredShare: number;
  cpuUsPerEvent: number;
}

export interface FanoutResult {
  kind: ServerKind;
  clients: number;
  connectMs: number;
  failedConnections: number;
  rssPerConnection: number;
  heapPerConnection: number;
  latency: LatencyRun[];
  /** Per max-rate run. */
  deliveredPerSec: number[];
  cpuUsPerEvent: number[];
}

/**
 * Measure both servers with N clients each. Both stay up (idle between turns) and their
 * runs alternate, so drift in the machine's load hits both alike: connect time, memory per
 * idle connection, latency at fixed rates, max-rate runs (events/s, server CPU per event).
 *
 * @example
 * const { bare, simstream } = await measureFanout({ clients: 200, processes: 2, ... });
 */
export async function measureFanout(
  options: FanoutOptions,
): Promise<Partial<Record<ServerKind, FanoutResult>> & Record<'bare' | 'simstream', FanoutResult>> {
  const setups: Setup[] = [];
  try {
    const kinds: ServerKind[] = ['bare', 'simstream', ...(options.variants ?? [])];
    for (const kind of kinds) setups.push(await setUp(kind, options));
    const core = setups.filter((s) => s.kind === 'bare' || s.kind === 'simstream');
    // Warm-up (JIT, first buffers), not measured.
    for (const s of setups) {
      await oneRun(s, 100 / EVENTS_PER_TICK, 1_000, false);
    }
    const histograms = new Map<string, LatencyHistogram>();
    const latencyTotals = new Map<string, { received: number; expected: number; cpuUs: number }>();
    for (const rate of options.latencyRates) {
      for (let rep = 0; rep < options.latencyRepeats; rep++) {
        const order = rep % 2 === 0 ? core : [...core].reverse();
        for (const s of order) {
          const r = await oneRun(s, rate / EVENTS_PER_TICK, options.latencyMs, true);
          const key = `${s.kind}@${rate}`;
          const h = histograms.get(key) ?? new LatencyHistogram();
          if (r.histogram) h.addSparse(r.histogram.toSparse());
          histograms.set(key, h);
          const t = latencyTotals.get(key) ?? { received: 0, expected: 0, cpuUs: 0 };
          latencyTotals.set(key, {
            received: t.received + r.received,
            expected: t.expected + r.expected,
            cpuUs: t.cpuUs + r.cpuUs,
          });
          options.log(
            `  ${s.kind} @${rate} ev/s: p50 ${r.histogram?.quantile(0.5).toFixed(2)} ms, p99 ${r.histogram?.quantile(0.99).toFixed(2)} ms, delivered ${((100 * r.received) / Math.max(1, r.expected)).toFixed(1)} %`,
          );
        }
      }
    }
    const maxRuns = new Map<ServerKind, { deliveredPerSec: number[]; cpuUsPerEvent: number[] }>();
    for (let i = 0; i < options.maxRuns; i++) {
      const order = i % 2 === 0 ? setups : [...setups].reverse();
      for (const s of order) {
        const r = await oneRun(s, null, options.maxRunMs, false);
        const m = maxRuns.get(s.kind) ?? { deliveredPerSec: [], cpuUsPerEvent: [] };
        m.deliveredPerSec.push(r.received / r.seconds);
        m.cpuUsPerEvent.push(r.cpuUs / Math.max(1, r.received));
        maxRuns.set(s.kind, m);
        options.log(
          `  ${s.kind} max run ${i + 1}: ${(r.received / r.seconds).toFixed(0)} ev/s delivered, ${(r.cpuUs / Math.max(1, r.received)).toFixed(2)} µs CPU/event (${r.received}/${r.expected})`,
        );
      }
    }
    const result = (s: Setup): FanoutResult => ({
      kind: s.kind,
      clients: s.connected,
      connectMs: s.connectMs,
      failedConnections: s.failed,
      rssPerConnection: s.rssPerConnection,
      heapPerConnection: s.heapPerConnection,
      latency: options.latencyRates.map((rate) => {
        const h = histograms.get(`${s.kind}@${rate}`) ?? new LatencyHistogram();
        const t = latencyTotals.get(`${s.kind}@${rate}`) ?? { received: 0, expected: 1, cpuUs: 0 };
        return {
          eventsPerSec: rate,
          p50: h.quantile(0.5),
          p99: h.quantile(0.99),
          deliveredShare: t.received / Math.max(1, t.expected),
          cpuUsPerEvent: t.cpuUs / Math.max(1, t.received),
        };
      }),
      deliveredPerSec: maxRuns.get(s.kind)?.deliveredPerSec ?? [],
      cpuUsPerEvent: maxRuns.get(s.kind)?.cpuUsPerEvent ?? [],
    });
    const [bare, simstream] = core as [Setup, Setup];
    const results: Partial<Record<ServerKind, FanoutResult>> = {};
    for (const s of setups) results[s.kind] = result(s);
    return { ...results, bare: result(bare), simstream: result(simstream) };
  } finally {
    for (const s of setups) await tearDown(s);
  }
}
