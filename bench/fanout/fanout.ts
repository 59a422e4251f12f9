/**
 * Fan-out: one simulation, N subscribed clients in separate processes on loopback, against
 * the real server and against baselines in the same run: a bare `ws` server sending the same
 * per-tick frames as ours (the limit), a bare `ws` server sending one frame per event, and a
 * plain Socket.IO server with one emit per event. Each server runs in its own process so its
 * CPU and memory are its own.
 */
import { Child, sleep } from '../lib/child.js';
import { LatencyHistogram } from '../lib/stats.js';
import { EVENTS_PER_TICK } from '../lib/ticks.js';
import type { ClientReply, ClientRequest, ServerReply, ServerRequest } from './messages.js';

/**
 * `bare`: a `ws` server sending our per-tick frames (the same `EventBatch` JSON, one frame per
 * tick) — the limit; `bare-event`: a `ws` server, one frame per event; `socketio-event`: a
 * plain Socket.IO server, one `emit` per event to everyone — what one would write by hand;
 * `simstream`: the real server as configured by default (JSON, no deflate, compact steps);
 * the others are the real server with delta steps, `PARSER=msgpack` or
 * `DEFLATE_THRESHOLD=1024` (max-rate runs only: CPU and throughput).
 */
export type ServerKind =
  | 'simstream'
  | 'bare'
  | 'bare-event'
  | 'socketio-event'
  | 'simstream-delta'
  | 'simstream-msgpack'
  | 'simstream-deflate';

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

type ServerChild = Child<ServerRequest, ServerReply>;
type ClientChild = Child<ClientRequest, ClientReply>;

const now = () => performance.timeOrigin + performance.now();

/** Wait until every client process has received `expected` events or delivery stalls. */
async function drained(clients: ClientChild[], expected: number, stallMs = 600): Promise<void> {
  const latest = new Map<ClientChild, number>();
  const offs = clients.map((c) =>
    c.onMessage((m) => {
      if (m.cmd === 'progress') latest.set(c, m.received);
    }),
  );
  let last = -1;
  let lastChange = now();
  const deadline = now() + 60_000;
  try {
    while (now() < deadline) {
      await sleep(50);
      const total = [...latest.values()].reduce((a, b) => a + b, 0);
      if (total >= expected) return;
      if (total !== last) {
        last = total;
        lastChange = now();
      } else if (now() - lastChange > stallMs) return;
    }
  } finally {
    for (const off of offs) off();
  }
}

async function oneRun(
  server: ServerChild,
  clients: ClientChild[],
  connected: number,
  ticksPerSec: number | null,
  durationMs: number,
  latency: boolean,
) {
  await Promise.all(clients.map((c) => c.request({ cmd: 'record', latency })));
  await server.request({ cmd: 'cpuStart' });
  const startedAt = now();
  const run = await server.request({ cmd: 'run', ticksPerSec, durationMs });
  await drained(clients, run.events * connected);
  const cpu = await server.request({ cmd: 'cpuEnd' });
  const stops = await Promise.all(clients.map((c) => c.request({ cmd: 'stop' })));
  const received = stops.reduce((a, s) => a + s.received, 0);
  const lastAt = Math.max(...stops.map((s) => s.lastAt));
  let histogram: LatencyHistogram | null = null;
  if (latency) {
    histogram = new LatencyHistogram();
    const replies = await Promise.all(
      clients.map((c) => c.request({ cmd: 'latency', emits: run.emits })),
    );
    for (const r of replies) histogram.addSparse(r.bins);
  }
  return {
    events: run.events,
    received,
    expected: run.events * connected,
    seconds: (lastAt - startedAt) / 1000,
    cpuUs: cpu.cpuUs,
    histogram,
  };
}

interface Setup {
  kind: ServerKind;
  server: ServerChild;
  clients: ClientChild[];
  connected: number;
  failed: number;
  connectMs: number;
  rssPerConnection: number;
  heapPerConnection: number;
}

async function setUp(kind: ServerKind, options: FanoutOptions): Promise<Setup> {
  const { child: server, ready } = await Child.start<ServerRequest, ServerReply>(
    new URL('./serverChild.ts', import.meta.url),
    [kind],
  );
  if (ready.cmd !== 'ready') throw new Error('server child did not start');
  const clients: ClientChild[] = [];
  const setup: Setup = {
    kind,
    server,
    clients,
    connected: 0,
    failed: 0,
    connectMs: 0,
    rssPerConnection: 0,
    heapPerConnection: 0,
  };
  try {
    const before = await server.request({ cmd: 'memory' });
    const per = Math.ceil(options.clients / options.processes);
    for (let i = 0; i < options.processes; i++) {
      const n = Math.min(per, options.clients - i * per);
      if (n <= 0) break;
      const { child } = await Child.start<ClientRequest, ClientReply>(
        new URL('./clientChild.ts', import.meta.url),
        [kind, ready.url, String(n), ready.simulationId],
      );
      clients.push(child);
    }
    const connectStart = now();
    const connects = await Promise.all(clients.map((c) => c.request({ cmd: 'connect' })));
    setup.connectMs = now() - connectStart;
    setup.connected = connects.reduce((a, c) => a + c.connected, 0);
    setup.failed = connects.reduce((a, c) => a + c.failed, 0);
    options.log(
      `  ${kind}: ${setup.connected} connected (${setup.failed} failed) in ${setup.connectMs.toFixed(0)} ms`,
    );
    await sleep(300);
    const after = await server.request({ cmd: 'memory' });
    setup.rssPerConnection = (after.rss - before.rss) / Math.max(1, setup.connected);
    setup.heapPerConnection = (after.heapUsed - before.heapUsed) / Math.max(1, setup.connected);
    return setup;
  } catch (err) {
    await tearDown(setup);
    throw err;
  }
}

async function tearDown(setup: Setup): Promise<void> {
  await Promise.all(setup.clients.map((c) => c.stop({ cmd: 'exit' })));
  await setup.server.stop({ cmd: 'exit' });
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
      await oneRun(s.server, s.clients, s.connected, 100 / EVENTS_PER_TICK, 1_000, false);
    }
    const histograms = new Map<string, LatencyHistogram>();
    const latencyTotals = new Map<string, { received: number; expected: number; cpuUs: number }>();
    for (const rate of options.latencyRates) {
      for (let rep = 0; rep < options.latencyRepeats; rep++) {
        const order = rep % 2 === 0 ? core : [...core].reverse();
        for (const s of order) {
          const r = await oneRun(
            s.server,
            s.clients,
            s.connected,
            rate / EVENTS_PER_TICK,
            options.latencyMs,
            true,
          );
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
        const r = await oneRun(s.server, s.clients, s.connected, null, options.maxRunMs, false);
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
