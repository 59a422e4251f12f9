/**
 * One server child and its client children, as every fan-out-style section uses them: start
 * a server of a kind, connect N subscribed clients from a few processes, measure the server's
 * memory per idle connection, run ticks and collect what the clients received.
 */
import { Child, sleep } from '../lib/child.js';
import { LatencyHistogram } from '../lib/stats.js';
import type { ServerKind } from './fanout.js';
import type { ClientReply, ClientRequest, ServerReply, ServerRequest } from './messages.js';

export type ServerChild = Child<ServerRequest, ServerReply>;
export type ClientChild = Child<ClientRequest, ClientReply>;

/** Epoch milliseconds with sub-millisecond precision (comparable across processes). */
export const now = (): number => performance.timeOrigin + performance.now();

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

/** What one run of ticks delivered, and (with `latency`) when. */
export interface RunResult {
  events: number;
  received: number;
  expected: number;
  seconds: number;
  cpuUs: number;
  histogram: LatencyHistogram | null;
}

/**
 * Tick the server at `ticksPerSec` (null: as fast as back-pressure allows) for `durationMs`,
 * wait until the clients have it all (or delivery stalls), and collect counts, the server's
 * CPU time and, with `latency`, the emit→receive histogram.
 */
export async function oneRun(
  setup: Setup,
  ticksPerSec: number | null,
  durationMs: number,
  latency: boolean,
): Promise<RunResult> {
  const { server, clients, connected } = setup;
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

/** A server child with its connected client children. */
export interface Setup {
  kind: ServerKind;
  server: ServerChild;
  clients: ClientChild[];
  connected: number;
  failed: number;
  connectMs: number;
  /** Server RSS and V8 heap growth per connection, measured after GC with every client idle. */
  rssPerConnection: number;
  heapPerConnection: number;
}

export interface SetupOptions {
  clients: number;
  processes: number;
  /** Idle time after the last connect before memory is measured (handshake garbage settles). */
  settleMs?: number;
  log: (line: string) => void;
}

/**
 * Start a server of `kind`, connect `clients` subscribed clients from `processes` client
 * processes, and measure the server's memory per idle connection (after GC, against the
 * same server before any client connected).
 *
 * @example
 * const setup = await setUp('bare', { clients: 1_000, processes: 4, log: console.error });
 */
export async function setUp(kind: ServerKind, options: SetupOptions): Promise<Setup> {
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
    // Two waves, memory read after each: the growth from the first to the second is what a
    // connection costs, without the one-time costs (compiled code, first buffers, heap setup).
    // (One client process: the first wave is empty, so the growth is from no connection.)
    const half = Math.floor(clients.length / 2);
    await connectWave(setup, clients.slice(0, half));
    await sleep(options.settleMs ?? 300);
    const before = await server.request({ cmd: 'memory' });
    const second = await connectWave(setup, clients.slice(half));
    await sleep(options.settleMs ?? 300);
    const after = await server.request({ cmd: 'memory' });
    options.log(
      `  ${kind}: ${setup.connected} connected (${setup.failed} failed) in ${setup.connectMs.toFixed(0)} ms`,
    );
    // The server's own count: a client that connected and was dropped since holds nothing.
    const grown = after.connections - before.connections;
    if (grown < second * 0.99)
      options.log(
        `  ${kind}: only ${grown} of ${second} new connections still open at the reading`,
      );
    setup.rssPerConnection = (after.rss - before.rss) / Math.max(1, grown);
    setup.heapPerConnection = (after.heapUsed - before.heapUsed) / Math.max(1, grown);
    return setup;
  } catch (err) {
    await tearDown(setup);
    throw err;
  }
}

/** Connect every client of `clients`; returns how many connected. */
async function connectWave(setup: Setup, clients: ClientChild[]): Promise<number> {
  const started = now();
  const connects = await Promise.all(clients.map((c) => c.request({ cmd: 'connect' })));
  setup.connectMs += now() - started;
  const connected = connects.reduce((a, c) => a + c.connected, 0);
  setup.connected += connected;
  setup.failed += connects.reduce((a, c) => a + c.failed, 0);
  return connected;
}

/** Stop the clients, then the server. */
export async function tearDown(setup: Setup): Promise<void> {
  await Promise.all(setup.clients.map((c) => c.stop({ cmd: 'exit' })));
  await setup.server.stop({ cmd: 'exit' });
}
