/**
 * Many subscribed clients in one process (`argv`: kind, url, count, simulationId — several
 * ids separated by commas spread the clients over them, round robin). Clients of
 * our server speak the real protocol (`subscribe` with compact steps, or deltas for
 * `simstream-delta`); bare `ws` and plain Socket.IO clients just listen. Counts every
 * delivered event and, when asked, records arrival times for latency.
 */
import type { EventBatch } from '@simstream/protocol';
import { io, type Socket } from 'socket.io-client';
import * as msgpackParser from 'socket.io-msgpack-parser';
import WebSocket from 'ws';
import { RAW_WS_PREFIX, SOCKET_IO_PATH } from '@simstream/protocol';
import { LatencyHistogram } from '../lib/stats.js';
import type { ClientReply, ClientRequest } from './messages.js';

const [, , kindArg = 'simstream', url = '', countArg = '100', idsArg = ''] = process.argv;
const simulationIds = idsArg.split(',');
const kind = kindArg;
const count = Number(countArg);
/** Handshakes in flight at once (keeps under the server's accept backlog). */
const CONNECT_WAVE = 50;
/** Longest wait for a subscription's ack (a very loaded machine takes seconds). */
const SUBSCRIBE_TIMEOUT_MS = 60_000;

let received = 0;
let lastAt = 0;
let recording = false;
let withLatency = false;
// Arrivals as parallel growable arrays: seq and epoch ms.
let seqs = new Float64Array(1 << 16);
let times = new Float64Array(1 << 16);
let arrivals = 0;

function now(): number {
  return performance.timeOrigin + performance.now();
}

function onEvent(seq: number, t: number): void {
  if (!recording) return;
  received++;
  lastAt = t;
  if (!withLatency) return;
  if (arrivals === seqs.length) {
    const grow = (a: Float64Array) => {
      const b = new Float64Array(a.length * 2);
      b.set(a);
      return b;
    };
    seqs = grow(seqs);
    times = grow(times);
  }
  seqs[arrivals] = seq;
  times[arrivals] = t;
  arrivals++;
}

function send(message: ClientReply): void {
  process.send?.(message);
}

const sockets: Array<Socket | WebSocket> = [];

function connectOne(index: number): Promise<boolean> {
  const simulationId = simulationIds[index % simulationIds.length];
  let timer: NodeJS.Timeout | undefined;
  return new Promise<boolean>((resolve) => {
    if (kind === 'bare' || kind === 'bare-event') {
      const ws = new WebSocket(url, { perMessageDeflate: false });
      sockets.push(ws);
      ws.on('message', (data) => {
        const t = now();
        const parsed = JSON.parse(data.toString()) as { seq: number } | EventBatch;
        if ('events' in parsed) for (const envelope of parsed.events) onEvent(envelope.seq, t);
        else onEvent(parsed.seq, t);
      });
      ws.once('open', () => resolve(true));
      ws.once('error', () => resolve(false));
      return;
    }
    if (kind === 'simstream-raw') {
      // The seed's endpoint: the path names the simulation; its messages carry no seq.
      const ws = new WebSocket(
        `${url.replace(/^http/, 'ws')}${RAW_WS_PREFIX}/${encodeURIComponent(simulationId ?? '')}`,
        { perMessageDeflate: false },
      );
      sockets.push(ws);
      ws.on('message', () => onEvent(Number.NaN, now()));
      ws.once('open', () => resolve(true));
      ws.once('error', () => resolve(false));
      return;
    }
    const socket = io(url, {
      path: SOCKET_IO_PATH,
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      // Same parser as the server; permessage-deflate is negotiated when the server offers it.
      ...(kind === 'simstream-msgpack' ? { parser: msgpackParser } : {}),
    });
    sockets.push(socket);
    if (kind === 'socketio-event') {
      socket.on('event', (envelope: { seq: number }) => onEvent(envelope.seq, now()));
      socket.once('connect', () => resolve(true));
      socket.once('connect_error', () => resolve(false));
      return;
    }
    socket.on('events', (batch: EventBatch) => {
      const t = now();
      for (const envelope of batch.events) onEvent(envelope.seq, t);
    });
    socket.once('connect', () => {
      const steps = kind === 'simstream-delta' ? 'delta' : 'compact';
      socket.emit('subscribe', { simulationId, steps }, (ack: { ok: boolean }) => resolve(ack.ok));
    });
    // A socket cut before its ack, or an ack that never comes, counts as failed, not as a hang.
    socket.once('disconnect', () => resolve(false));
    timer = setTimeout(() => resolve(false), SUBSCRIBE_TIMEOUT_MS);
    socket.once('connect_error', () => resolve(false));
  }).finally(() => clearTimeout(timer));
}

async function connectAll(): Promise<void> {
  const started = now();
  let connected = 0;
  let failed = 0;
  for (let i = 0; i < count; i += CONNECT_WAVE) {
    const wave = Math.min(CONNECT_WAVE, count - i);
    const results = await Promise.all(Array.from({ length: wave }, (_, j) => connectOne(i + j)));
    for (const ok of results) ok ? connected++ : failed++;
  }
  send({ cmd: 'connect', connected, failed, ms: now() - started });
}

let progressTimer: NodeJS.Timeout | null = null;

process.on('message', (raw: ClientRequest) => {
  switch (raw.cmd) {
    case 'connect':
      void connectAll();
      break;
    case 'record':
      received = 0;
      lastAt = 0;
      arrivals = 0;
      withLatency = raw.latency;
      recording = true;
      progressTimer = setInterval(() => send({ cmd: 'progress', received, lastAt }), 100);
      send({ cmd: 'record' });
      break;
    case 'stop':
      recording = false;
      if (progressTimer) clearInterval(progressTimer);
      send({ cmd: 'stop', received, lastAt });
      break;
    case 'latency': {
      const emitted = new Map(raw.emits);
      const histogram = new LatencyHistogram();
      let missing = 0;
      for (let i = 0; i < arrivals; i++) {
        const at = emitted.get(seqs[i] as number);
        if (at === undefined) missing++;
        else histogram.add((times[i] as number) - at);
      }
      send({ cmd: 'latency', bins: histogram.toSparse(), missing });
      break;
    }
    case 'exit':
      for (const s of sockets) s instanceof WebSocket ? s.terminate() : s.close();
      process.exit(0);
  }
});

send({ cmd: 'ready' });
