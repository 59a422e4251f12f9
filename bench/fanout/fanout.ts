/**
 * Fan-out: one simulation, N subscribed clients in separate processes on loopback, against
 * the real server and against a bare `ws` server broadcasting the same events one frame
 * per event. Each server runs in its own process so its CPU and memory are its own.
 */
import { Child, sleep } from '../lib/child.js';
import { LatencyHistogram, median } from '../lib/stats.js';
import { EVENTS_PER_TICK } from '../lib/ticks.js';
import type { ClientReply, ClientRequest, ServerReply, ServerRequest } from './messages.js';

export type ServerKind = 'simstream' | 'bare';

export interface FanoutOptions {
  clients: number;
  processes: number;
  /** Events/s of the latency runs. */
  latencyRates: readonly number[];
  latencyMs: number;
  maxRuns: number;
  maxRunMs: number;
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

/**
 * Measure one server kind with N clients: connect time, memory per idle connection,
 * latency at fixed rates, and max-rate runs (delivered events/s and server CPU per event).
 *
 * @example
 * const result = await measureFanout('bare', { clients: 200, processes: 2, ... });
 */
export async function measureFanout(
  kind: ServerKind,
  options: FanoutOptions,
): Promise<FanoutResult> {
  const { child: server, ready } = await Child.start<ServerRequest, ServerReply>(
    new URL('./serverChild.ts', import.meta.url),
    [kind],
  );
  if (ready.cmd !== 'ready') throw new Error('server child did not start');
  const clients: ClientChild[] = [];
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
    const connectMs = now() - connectStart;
    const connected = connects.reduce((a, c) => a + c.connected, 0);
    const failed = connects.reduce((a, c) => a + c.failed, 0);
    options.log(
      `  ${kind}: ${connected} connected (${failed} failed) in ${connectMs.toFixed(0)} ms`,
    );
    await sleep(300);
    const after = await server.request({ cmd: 'memory' });

    const latency: LatencyRun[] = [];
    for (const rate of options.latencyRates) {
      const r = await oneRun(
        server,
        clients,
        connected,
        rate / EVENTS_PER_TICK,
        options.latencyMs,
        true,
      );
      const h = r.histogram as LatencyHistogram;
      latency.push({
        eventsPerSec: rate,
        p50: h.quantile(0.5),
        p99: h.quantile(0.99),
        deliveredShare: r.received / Math.max(1, r.expected),
        cpuUsPerEvent: r.cpuUs / Math.max(1, r.received),
      });
      options.log(
        `  ${kind} @${rate} ev/s: p50 ${h.quantile(0.5).toFixed(2)} ms, p99 ${h.quantile(0.99).toFixed(2)} ms, delivered ${((100 * r.received) / Math.max(1, r.expected)).toFixed(1)} %`,
      );
    }

    const deliveredPerSec: number[] = [];
    const cpuUsPerEvent: number[] = [];
    for (let i = 0; i < options.maxRuns; i++) {
      const r = await oneRun(server, clients, connected, null, options.maxRunMs, false);
      deliveredPerSec.push(r.received / r.seconds);
      cpuUsPerEvent.push(r.cpuUs / Math.max(1, r.received));
      options.log(
        `  ${kind} max run ${i + 1}: ${(r.received / r.seconds).toFixed(0)} ev/s delivered, ${(r.cpuUs / Math.max(1, r.received)).toFixed(2)} µs CPU/event (${r.received}/${r.expected})`,
      );
    }
    return {
      kind,
      clients: connected,
      connectMs,
      failedConnections: failed,
      rssPerConnection: (after.rss - before.rss) / Math.max(1, connected),
      heapPerConnection: (after.heapUsed - before.heapUsed) / Math.max(1, connected),
      latency,
      deliveredPerSec,
      cpuUsPerEvent,
    };
  } finally {
    await Promise.all(clients.map((c) => c.stop({ cmd: 'exit' })));
    await server.stop({ cmd: 'exit' });
  }
}

/** Median helper re-exported for the table. */
export { median };
