/**
 * A fan-out server in its own process, so its CPU (`process.cpuUsage`) and memory are its
 * own. `argv[2]` is a `ServerKind` (see fanout.ts): the real server (`simstream*`), a bare
 * `ws` server sending our per-tick frames (`bare`) or one frame per event (`bare-event`), or
 * a plain Socket.IO server emitting each event (`socketio-event`). All drive the same
 * simulation with the same ticks. Driven over IPC by bench/fanout/fanout.ts.
 */
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeHeapSnapshot } from 'node:v8';
import { type SimulationRuntime, createHub, tickBatch } from '@simstream/hub';
import { SOCKET_IO_PATH } from '@simstream/protocol';
import { Server as SocketIoServer } from 'socket.io';
import { WebSocketServer, type WebSocket } from 'ws';
import { startBenchServer } from '../lib/server.js';
import { FANOUT_SIMULATION, FANOUT_VIEW, realisticTick } from '../lib/ticks.js';
import type { ServerReply, ServerRequest } from './messages.js';

const kind = process.argv[2] ?? 'simstream';
const SIMULATION_ID = 'bench-fanout';
/** Pause emitting while more than this many bytes wait in socket buffers (both servers). */
const HIGH_WATER = 8 * 1024 * 1024;
const LOW_WATER = 2 * 1024 * 1024;

interface Harness {
  url: string;
  runtime: SimulationRuntime;
  connections(): number | Promise<number>;
  queuedBytes(): number;
}

function send(message: ServerReply): void {
  process.send?.(message);
}

function now(): number {
  return performance.timeOrigin + performance.now();
}

async function startSimstream(): Promise<Harness> {
  const { server, url, runtime } = await startBenchServer(SIMULATION_ID, {
    REPLAY_LOG_SIZE: '20000',
    ...(kind === 'simstream-msgpack' ? { PARSER: 'msgpack' } : {}),
    ...(kind === 'simstream-deflate' ? { DEFLATE_THRESHOLD: '1024' } : {}),
  });
  // engine.io keeps its sockets in a protected field; read-only access for back-pressure.
  const clients = (server.io.engine as unknown as { clients: Record<string, EngineSocketLike> })
    .clients;
  return {
    url,
    runtime,
    // The raw endpoint's viewers are counted by the server's own gauge.
    connections:
      kind === 'simstream-raw'
        ? async () =>
            (await server.metrics.connections.get()).values.find(
              (v) => v.labels.transport === 'raw_ws',
            )?.value ?? 0
        : () => server.io.engine.clientsCount,
    queuedBytes: () => engineQueuedBytes(clients),
  };
}

/** The engine.io internals read to apply the same back-pressure as the bare server. */
interface EngineSocketLike {
  transport?: { socket?: { bufferedAmount?: number } };
  writeBuffer?: unknown[];
}

function benchRuntime(): SimulationRuntime {
  const hub = createHub({ logCapacity: 20_000 });
  const created = hub.create({ id: SIMULATION_ID, ...FANOUT_SIMULATION });
  if (!created.ok) throw new Error(created.error.message);
  return created.value;
}

async function startBare(): Promise<Harness> {
  const runtime = benchRuntime();
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const sockets = new Set<WebSocket>();
  wss.on('connection', (ws) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('error', () => sockets.delete(ws));
  });
  runtime.onEvents((events) => {
    const viewed = runtime.viewFor(events, FANOUT_VIEW);
    if (kind === 'bare') {
      // The limit: our frame of the tick (same EventBatch, same JSON), serialized once.
      const batch = tickBatch(SIMULATION_ID, events, viewed);
      if (!batch) return;
      const text = JSON.stringify(batch);
      for (const ws of sockets) ws.send(text);
      return;
    }
    // One frame per event, serialized once per event.
    for (const envelope of viewed) {
      const text = JSON.stringify(envelope);
      for (const ws of sockets) ws.send(text);
    }
  });
  const port = (wss.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}`,
    runtime,
    connections: () => sockets.size,
    queuedBytes: () => {
      let total = 0;
      for (const ws of sockets) total += ws.bufferedAmount;
      return total;
    },
  };
}

/** Plain Socket.IO as the docs show it: every client in the default room, one emit per event. */
async function startPlainSocketIo(): Promise<Harness> {
  const runtime = benchRuntime();
  const http = createHttpServer();
  const io = new SocketIoServer(http, { path: SOCKET_IO_PATH, transports: ['websocket'] });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  runtime.onEvents((events) => {
    for (const envelope of runtime.viewFor(events, FANOUT_VIEW)) io.emit('event', envelope);
  });
  const clients = (io.engine as unknown as { clients: Record<string, EngineSocketLike> }).clients;
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    runtime,
    connections: () => io.engine.clientsCount,
    queuedBytes: () => engineQueuedBytes(clients),
  };
}

function engineQueuedBytes(clients: Record<string, EngineSocketLike>): number {
  let total = 0;
  for (const id in clients) {
    const c = clients[id];
    total += (c?.transport?.socket?.bufferedAmount ?? 0) + (c?.writeBuffer?.length ?? 0) * 512;
  }
  return total;
}

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  collect?.();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Memory after GC, read again until RSS holds still (freed pages go back to the OS lazily). */
async function settledMemory(): Promise<NodeJS.MemoryUsage> {
  let m = process.memoryUsage();
  for (let i = 0; i < 8; i++) {
    gc();
    await sleep(250);
    const next = process.memoryUsage();
    const still = Math.abs(next.rss - m.rss) < 256 * 1024;
    m = next;
    if (still && i > 0) break;
  }
  return m;
}

async function run(h: Harness, ratePerSec: number | null, durationMs: number) {
  const emits: Array<[number, number]> = [];
  let events = 0;
  let ticks = 0;
  const start = now();
  let tickStart = start;
  // Every event the runtime emits (a reset's keyframe included) is stamped with the start
  // of the tick that produced it: emit→receive includes the engine step, for both servers.
  const stopListening = h.runtime.onEvents((out) => {
    events += out.length;
    for (const e of out) emits.push([e.seq, tickStart]);
  });
  const tick = () => {
    tickStart = now();
    realisticTick(h.runtime);
    ticks++;
  };
  if (ratePerSec === null) {
    while (now() - start < durationMs) {
      tick();
      if (h.queuedBytes() > HIGH_WATER) {
        while (h.queuedBytes() > LOW_WATER && now() - start < durationMs + 5_000) await sleep(1);
      } else {
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  } else {
    // Fixed-rate ticks on an absolute schedule (no drift from slow ticks).
    const tickEvery = 1000 / ratePerSec;
    let next = start;
    while (now() - start < durationMs) {
      tick();
      next += tickEvery;
      await sleep(Math.max(0, next - now()));
    }
  }
  stopListening();
  return { ticks, events, emits };
}

const harness =
  kind === 'bare' || kind === 'bare-event'
    ? await startBare()
    : kind === 'socketio-event'
      ? await startPlainSocketIo()
      : await startSimstream();
let cpuAt = process.cpuUsage();

process.on('message', async (raw: ServerRequest) => {
  switch (raw.cmd) {
    case 'memory': {
      const m = await settledMemory();
      send({
        cmd: 'memory',
        rss: m.rss,
        heapUsed: m.heapUsed,
        connections: await harness.connections(),
      });
      break;
    }
    case 'heapSnapshot': {
      await settledMemory();
      send({ cmd: 'heapSnapshot', path: writeHeapSnapshot(raw.path) });
      break;
    }
    case 'cpuStart':
      cpuAt = process.cpuUsage();
      send({ cmd: 'cpuStart' });
      break;
    case 'cpuEnd': {
      const d = process.cpuUsage(cpuAt);
      send({ cmd: 'cpuEnd', cpuUs: d.user + d.system });
      break;
    }
    case 'run': {
      const result = await run(harness, raw.ticksPerSec, raw.durationMs);
      send({ cmd: 'run', ...result });
      break;
    }
    case 'exit':
      process.exit(0);
  }
});

send({ cmd: 'ready', url: harness.url, simulationId: SIMULATION_ID, pid: process.pid });
