import type { ServerNotice } from '@simstream/protocol';
import type { IoSocket } from './types.js';

/**
 * Backpressure for Socket.IO, which has none of its own (socket.io#3158: `emit` never says
 * "slow down"). What we read and why:
 *
 * - engine.io's public events: the socket's `packetCreate` (a packet joins the write buffer,
 *   with its encoded data) and the server's `flush` (a socket's buffer goes to its transport),
 *   so the bytes waiting are counted as they come and go — nothing private is read to size
 *   the backlog;
 * - `upgrade` (public): the transport changes when a long-polling client upgrades to
 *   WebSocket, so waiting on the old transport would wait forever;
 * - the transport's `writable` flag and its `drain`/`ready` events: the only signal that the
 *   network took what was handed over. `writable` is what Socket.IO's own volatile emits read
 *   (`conn.transport.writable`); `drain`/`ready` are what engine.io's socket itself listens to
 *   (there is no public "sent" event on the engine socket: its `drain` fires when the buffer is
 *   handed over, not when it is gone).
 *
 * Cutting still touches two internals, because no public call does it: emptying engine.io's
 * write buffer (`conn.close()` waits for it to drain, which a peer that stopped reading never
 * lets happen) and terminating the WebSocket (`close(true)` closes gracefully, so the bytes
 * `ws` holds stay until its 30 s close timeout).
 */
interface Transport {
  name: string;
  writable: boolean;
  on(event: 'drain' | 'ready', listener: () => void): void;
  off(event: 'drain' | 'ready', listener: () => void): void;
}

/** engine.io's and ws's private parts `cutSocket` uses (see above). */
interface CutInternals {
  writeBuffer?: unknown[];
  transport?: { socket?: { bufferedAmount?: number; terminate?(): void } };
}

type Packet = { data?: unknown };

const sizeOf = (data: unknown): number =>
  typeof data === 'string'
    ? data.length
    : data instanceof ArrayBuffer || ArrayBuffer.isView(data)
      ? data.byteLength
      : 0;

/** The engine.io socket under a Socket.IO socket, as the meter reads it (public members). */
interface EngineSocket {
  transport: Transport;
  readyState: string;
  on(event: 'packetCreate' | 'upgrade', listener: (arg: never) => void): void;
}

/**
 * Bytes one socket holds that the network has not taken, and who waits for it to drain.
 * Its listeners are shared by every socket (module functions that find the meter from the
 * emitter, `this`), not closures per socket: a server holds thousands of idle connections,
 * and each closure, its context and its `_events` slot add up (BENCHMARKS.md, memory).
 */
class SendMeter {
  /** In engine.io's write buffer (created, not flushed). */
  queued = 0;
  /** Handed to the transport, which has not reported them sent. */
  inTransport = 0;
  /** Who waits for the socket to drain (made on the first wait: most sockets never do). */
  waiting: Array<() => void> | null = null;

  constructor(
    readonly socket: IoSocket,
    public transport: Transport,
  ) {}

  get drained(): boolean {
    return this.queued === 0 && this.transport.writable;
  }

  /** One waiter per drained moment: its page makes the socket busy again. */
  wake(): void {
    const waiting = this.waiting;
    while (waiting && waiting.length > 0 && this.drained && this.socket.connected) {
      waiting.shift()!();
    }
  }
}

/** Meters by engine.io socket and by its current transport (the listeners' `this`). */
const meters = new WeakMap<object, SendMeter>();
/** engine.io servers whose `flush` event feeds the meters (one listener per server). */
const fedEngines = new WeakSet<object>();

function onPacketCreate(this: EngineSocket, packet: Packet): void {
  const meter = meters.get(this);
  if (meter) meter.queued += sizeOf(packet.data);
}

/** engine.io's server-wide `flush`: one socket's write buffer goes to its transport. */
function onFlush(conn: EngineSocket, buffer: Packet[]): void {
  const meter = meters.get(conn);
  if (!meter) return;
  let bytes = 0;
  for (const packet of buffer) bytes += sizeOf(packet.data);
  meter.queued = Math.max(0, meter.queued - bytes);
  meter.inTransport += bytes;
}

function onTransportDrain(this: Transport): void {
  const meter = meters.get(this);
  if (meter) meter.inTransport = 0;
}

function onTransportReady(this: Transport): void {
  const meter = meters.get(this);
  if (meter?.waiting?.length) setImmediate(() => meter.wake());
}

function listenTo(transport: Transport, meter: SendMeter): void {
  meters.set(transport, meter);
  transport.on('drain', onTransportDrain);
  transport.on('ready', onTransportReady);
}

/** A long-polling socket upgraded to WebSocket: what the old transport held went out on it or is gone with it. */
function onUpgrade(this: EngineSocket, transport: Transport): void {
  const meter = meters.get(this);
  if (!meter) return;
  meter.transport.off('drain', onTransportDrain);
  meter.transport.off('ready', onTransportReady);
  meters.delete(meter.transport);
  meter.transport = transport;
  listenTo(transport, meter);
  meter.inTransport = 0;
  setImmediate(() => meter.wake());
}

/**
 * Start counting what a socket sends (call once, when it connects). Later calls return the
 * same meter.
 */
export function meterSends(socket: IoSocket): SendMeter {
  const conn = socket.conn as unknown as EngineSocket;
  let meter = meters.get(conn);
  if (meter) return meter;
  meter = new SendMeter(socket, conn.transport);
  meters.set(conn, meter);
  const engine = socket.nsp.server.engine;
  if (!fedEngines.has(engine)) {
    fedEngines.add(engine);
    engine.on('flush', onFlush);
  }
  conn.on('packetCreate', onPacketCreate);
  listenTo(conn.transport, meter);
  // A WebSocket transport is final; only long-polling upgrades.
  if (conn.transport.name === 'polling') conn.on('upgrade', onUpgrade);
  return meter;
}

/**
 * Bytes a socket holds that the network has not taken yet: packets engine.io queued while
 * its transport was busy, plus what it handed to the transport and the transport has not
 * reported sent. This is what a client that stops reading costs the server, whatever the
 * frames' sizes.
 *
 * @example
 * if (unsentBytes(socket) > config.maxUnsentBytes) cutSocket(socket, notice);
 */
export function unsentBytes(socket: IoSocket): number {
  const meter = meterSends(socket);
  // A closed transport holds nothing any more, whatever it had not reported sent.
  if ((socket.conn as unknown as EngineSocket).readyState === 'closed') return 0;
  return meter.queued + meter.inTransport;
}

/**
 * Call `resume` once the socket drained: nothing queued and the transport writable again
 * (WebSocket: `ws` handed the last frames to the kernel; long-polling: the client's next poll
 * is waiting). A replay paged on this never holds more than a page in memory for a client
 * that stops reading. Waiters go one per drained moment, so several replays on one socket
 * take turns.
 */
export function whenDrained(socket: IoSocket, resume: () => void): void {
  if (!socket.connected) return;
  const meter = meterSends(socket);
  meter.waiting ??= [];
  meter.waiting.push(resume);
  if (meter.drained) setImmediate(() => meter.wake());
}

/**
 * Cut a socket at once, freeing what it holds: drop engine.io's queue, tell the client why
 * (delivered if it still reads), and end the WebSocket without waiting for buffers to
 * drain. The client sees a transport close — not `io server disconnect` — so stock
 * socket.io-client reconnects by itself, and resumes from its `lastSeq`.
 *
 * @example
 * cutSocket(socket, { kind: 'error', error: { code: 'rate_limited', message: '…' } });
 */
export function cutSocket(socket: IoSocket, notice: ServerNotice, graceMs = 1_000): void {
  const conn = socket.conn as unknown as CutInternals;
  const meter = meterSends(socket);
  if (conn.writeBuffer) conn.writeBuffer.length = 0;
  meter.queued = 0;
  socket.emit('notice', notice);
  const ws = conn.transport?.socket;
  const end = () => {
    if (ws?.terminate) ws.terminate();
    else socket.conn.close(true);
    meter.inTransport = 0; // the transport and what it held are gone
  };
  // A little time for the notice to go out when the link is merely slow; none when the
  // WebSocket itself holds a lot (a peer that stopped reading would never take it).
  if ((ws?.bufferedAmount ?? 0) > 64 * 1024) end();
  else setTimeout(end, graceMs).unref();
}
