/**
 * A fan-out server in its own process, so its CPU (`process.cpuUsage`) and memory are its
 * own. `argv[2]`: `simstream` (the real server: createServer, Socket.IO, view-grouped
 * broadcast of one EventBatch per tick) or `bare` (a `ws` server broadcasting the same
 * envelopes, one frame per event), or `simstream-msgpack` / `simstream-deflate` (the real
 * server with that setting). All drive the same simulation with the same ticks.
 * Driven over IPC by bench/fanout/fanout.ts.
 */
import type { AddressInfo } from 'node:net';
import { type SimulationRuntime, createHub } from '@simstream/hub';
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
  connections(): number;
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
    connections: () => server.io.engine.clientsCount,
    queuedBytes: () => {
      let total = 0;
      for (const id in clients) {
        const c = clients[id];
        total += (c?.transport?.socket?.bufferedAmount ?? 0) + (c?.writeBuffer?.length ?? 0) * 512;
      }
      return total;
    },
  };
}

/** The engine.io internals read to apply the same back-pressure as the bare server. */
interface EngineSocketLike {
  transport?: { socket?: { bufferedAmount?: number } };
  writeBuffer?: unknown[];
}

async function startBare(): Promise<Harness> {
  const hub = createHub({ logCapacity: 20_000 });
  const created = hub.create({ id: SIMULATION_ID, ...FANOUT_SIMULATION });
  if (!created.ok) throw new Error(created.error.message);
  const runtime = created.value;
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const sockets = new Set<WebSocket>();
  wss.on('connection', (ws) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('error', () => sockets.delete(ws));
  });
  // The baseline: the same envelopes, one frame per event, serialized once per event.
  runtime.onEvents((events) => {
    for (const envelope of runtime.viewFor(events, FANOUT_VIEW)) {
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

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  collect?.();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

const harness = kind === 'bare' ? await startBare() : await startSimstream();
let cpuAt = process.cpuUsage();

process.on('message', async (raw: ServerRequest) => {
  switch (raw.cmd) {
    case 'memory': {
      gc();
      await sleep(200);
      gc();
      const m = process.memoryUsage();
      send({ cmd: 'memory', rss: m.rss, heapUsed: m.heapUsed, connections: harness.connections() });
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
