/**
 * Hostile input against the real server while a normal viewer streams: malformed Socket.IO
 * commands, raw engine.io frames, raw WebSocket junk and malformed REST requests (20,000+ in
 * all), plus the replay-amplification attack (a client that stopped reading subscribes far
 * back again and again). The server runs in its own process (tests/faults/hostileServer.ts):
 * it must not crash or leak rejections, the viewer must see every seq once and in order,
 * every bad REST request must get a JSON 4xx in the protocol's error shape, and the server's
 * RSS (after a full collection) must come back within +50 MB of before the attack.
 *
 * `SIMSTREAM_SOAK=1` multiplies the volume by 5.
 */
import type { Socket as NetSocket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type ClientSocket, connectSocket, waitFor } from '../../apps/server/src/serverTestkit.js';
import { Child } from '../../bench/lib/child.js';
import type { HostileReply, HostileRequest } from './hostileServer.js';

const SCALE = process.env.SIMSTREAM_SOAK === '1' ? 5 : 1;

let server: Child<HostileRequest, HostileReply>;
let url: string;
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);
const victimSeq = async () => (await server.request({ cmd: 'seq' })).seq;

beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  const started = await Child.start<HostileRequest, HostileReply>(
    new URL('./hostileServer.ts', import.meta.url),
    [],
  );
  if (started.ready.cmd !== 'ready') throw new Error('hostile server did not start');
  server = started.child;
  url = started.ready.url;
}, 120_000);

afterAll(async () => {
  process.off('unhandledRejection', onRejection);
  await server?.stop({ cmd: 'exit' });
});

/** A pseudo-random junk value: wrong types, huge strings, deep nesting, prototype keys. */
function junk(i: number): unknown {
  const pick = i % 12;
  if (pick === 0) return null;
  if (pick === 1) return 'x'.repeat(1 + (i % 5_000));
  if (pick === 2) return { simulationId: 'victim', sinceSeq: -i };
  if (pick === 3) return { simulationId: 'x'.repeat(200) };
  if (pick === 4) return JSON.parse('{"__proto__": {"polluted": true}, "simulationId": "victim"}');
  if (pick === 5) return { simulationId: 'victim', types: ['nope', 42] };
  if (pick === 6) {
    let deep: unknown = 'bottom';
    for (let d = 0; d < 60; d++) deep = { deep };
    return deep;
  }
  if (pick === 7) return { decisionId: 'DEC', choice: 'both', idempotencyKey: '' };
  if (pick === 8) return [1, 2, 3];
  if (pick === 9) return { simulationId: 'victim', steps: 'sideways' };
  if (pick === 10) return Number.NaN;
  return { simulationId: 'victim', sinceSeq: 1e308, epoch: {} };
}

const COMMANDS = ['subscribe', 'unsubscribe', 'decision:answer', 'ping', 'nope', 'constructor'];

async function socketIoJunk(count: number): Promise<number> {
  let sent = 0;
  while (sent < count) {
    const socket = await connectSocket(url);
    for (let i = 0; i < 500 && sent < count; i++, sent++) {
      const event = COMMANDS[sent % COMMANDS.length]!;
      const emit = socket.emit as unknown as (...args: unknown[]) => void;
      if (sent % 3 === 0) emit.call(socket, event, junk(sent), () => {});
      else if (sent % 3 === 1) emit.call(socket, event, junk(sent));
      else emit.call(socket, event, junk(sent), junk(sent + 1), 'not-a-callback');
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    socket.close();
  }
  return sent;
}

/** Raw WebSocket frames to `path`: engine.io gibberish or seed-endpoint junk. */
async function rawJunk(path: string, count: number, frame: (i: number) => string | Buffer) {
  let sent = 0;
  while (sent < count) {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}${path}`, {
      headers: { origin: url },
    });
    await new Promise<void>((resolve) => {
      ws.once('open', () => {
        for (let i = 0; i < 500 && sent < count; i++, sent++) ws.send(frame(sent));
        setTimeout(() => {
          ws.terminate();
          resolve();
        }, 20);
      });
      ws.once('error', () => resolve());
      ws.once('close', () => resolve());
    });
  }
  return sent;
}

const ENGINE_FRAMES = ['42[', '4["subscribe",{}', '2probe', '9', '42["__proto__"]', '', '4'];

/** Malformed REST requests; every answer must be a JSON 4xx in the protocol's shape. */
async function restJunk(count: number): Promise<{ sent: number; outOfShape: string[] }> {
  const outOfShape: string[] = [];
  const requests: Array<[string, string, string | undefined, Record<string, string>]> = [
    ['POST', '/api/v1/simulations', '{', { 'content-type': 'application/json' }],
    ['POST', '/api/v1/simulations', 'null', { 'content-type': 'application/json' }],
    ['POST', '/api/v1/simulations', '{"banks":-1}', { 'content-type': 'application/json' }],
    ['POST', '/api/v1/simulations/victim/shocks', '[]', { 'content-type': 'application/json' }],
    ['GET', '/api/v1/simulations/%E0%A4%A/snapshot', undefined, {}],
    ['GET', `/api/v1/simulations/${'y'.repeat(500)}/events`, undefined, {}],
    ['GET', '/api/v1/simulations/victim/events?since=-5&limit=abc', undefined, {}],
    ['GET', '/api/v1/simulations/victim/entities/NOPE', undefined, {}],
    ['PUT', '/api/v1/simulations/victim', '{}', { 'content-type': 'application/json' }],
    [
      'OPTIONS',
      '/api/v1/simulations',
      undefined,
      { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    ],
  ];
  let sent = 0;
  while (sent < count) {
    const batch = requests.map(async ([method, path, body, headers]) => {
      const response = await fetch(`${url}${path}`, { method, body, headers });
      const text = await response.text();
      let shaped = false;
      try {
        const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
        shaped =
          typeof parsed.error?.code === 'string' && typeof parsed.error?.message === 'string';
      } catch {}
      if (response.status < 400 || response.status >= 500 || !shaped)
        outOfShape.push(`${method} ${path.slice(0, 60)} → ${response.status} ${text.slice(0, 80)}`);
    });
    await Promise.all(batch);
    sent += requests.length;
  }
  return { sent, outOfShape };
}

/** The TCP socket under a socket.io-client connection (engine.io-client → ws → net). */
function tcpOf(socket: ClientSocket): NetSocket | undefined {
  const transport = socket.io.engine?.transport as unknown as
    | { ws?: { _socket?: NetSocket } | null }
    | undefined;
  return transport?.ws?._socket;
}

async function amplification(rounds: number) {
  const attacker = await connectSocket(url);
  await attacker.timeout(5_000).emitWithAck('subscribe', { simulationId: 'victim' });
  const tcp = tcpOf(attacker);
  if (!tcp) throw new Error('the attacker has no TCP socket to stop reading');
  tcp.pause();
  for (let i = 0; i < rounds; i++) {
    const seq = await victimSeq();
    attacker.emit(
      'subscribe',
      { simulationId: 'victim', sinceSeq: Math.max(0, seq - 400) },
      () => {},
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // The attacker may be gone by now — cut by the server's budget, or by the heartbeat it
  // stopped reading: the server defending itself, not a failure.
  tcp.resume();
  attacker.close();
}

describe('fault suite: hostile input while a normal viewer streams', () => {
  it('0 crashes, 0 unhandled rejections, 0 gaps, JSON 4xx for every bad request, server RSS within +50 MB', async () => {
    const viewer = await connectSocket(url);
    // Seqs only: holding every frame would grow this process's heap by itself.
    const seen = { seqs: [] as number[], lastToSeq: 0, errors: 0 };
    viewer.on('events', (batch) => {
      seen.lastToSeq = batch.toSeq;
      for (const e of batch.events) seen.seqs.push(e.seq);
    });
    viewer.on('notice', (notice) => {
      if (notice.kind === 'error') seen.errors++;
    });
    await viewer.timeout(5_000).emitWithAck('subscribe', { simulationId: 'victim' });
    await waitFor(() => seen.seqs.length > 5, 10_000);
    const before = await server.request({ cmd: 'memory' });

    const [socketIo, engine, raw, rest] = await Promise.all([
      socketIoJunk(8_000 * SCALE),
      rawJunk('/socket.io/?EIO=4&transport=websocket', 4_000 * SCALE, (i) =>
        i % 5 === 0 ? Buffer.from([0xff, 0x00, i % 256]) : ENGINE_FRAMES[i % ENGINE_FRAMES.length]!,
      ),
      rawJunk('/api/v1/ws/simulation/victim', 4_000 * SCALE, (i) =>
        i % 4 === 0 ? '{"type":"ping"' : i % 4 === 1 ? 'null' : `{"type":"${'z'.repeat(i % 300)}"}`,
      ),
      restJunk(4_000 * SCALE),
      amplification(30),
    ]);
    expect(socketIo + engine + raw + rest.sent).toBeGreaterThanOrEqual(20_000);
    expect(rest.outOfShape).toEqual([]);

    // The viewer is still live and missed nothing: every seq once, in order.
    const health = await fetch(`${url}/api/v1/health`);
    expect(health.status).toBe(200);
    const target = await victimSeq();
    await waitFor(() => seen.lastToSeq >= target, 20_000);
    const first = seen.seqs[0]!;
    expect(seen.seqs).toEqual(Array.from({ length: seen.seqs.length }, (_, i) => first + i));
    expect(seen.errors).toBe(0);
    expect(rejections).toEqual([]);

    // The server's process, after a full collection: alive, no rejection, RSS back.
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // closed sockets let go
    const after = await server.request({ cmd: 'memory' });
    expect(server.process.exitCode).toBeNull();
    expect(after.rejections).toEqual([]);
    const grownMb = (after.rss - before.rss) / 1_048_576;
    console.info(
      `hostile: server RSS ${(before.rss / 1_048_576).toFixed(0)} → ${(after.rss / 1_048_576).toFixed(0)} MB, heap ${(before.heapUsed / 1_048_576).toFixed(0)} → ${(after.heapUsed / 1_048_576).toFixed(0)} MB`,
    );
    expect(grownMb).toBeLessThan(50);
    viewer.close();
  }, 240_000);
});
