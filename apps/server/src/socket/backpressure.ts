import type { ServerNotice } from '@simstream/protocol';
import type { IoSocket } from './types.js';

/**
 * Backpressure for Socket.IO, which has none of its own (socket.io#3158: `emit` never says
 * "slow down"). What we read and why:
 *
 * - engine.io's public socket events: `packetCreate` (a packet joins the write buffer, with
 *   its encoded data) and `flush` (the buffer goes to the transport), so the bytes waiting
 *   are counted as they come and go — nothing private is read to size the backlog;
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

/** Bytes one socket holds that the network has not taken, and who waits for it to drain. */
class SendMeter {
  /** In engine.io's write buffer (created, not flushed). */
  queued = 0;
  /** Handed to the transport, which has not reported them sent. */
  inTransport = 0;
  readonly #waiting: Array<() => void> = [];
  #transport: Transport;
  readonly #onDrain = () => {
    this.inTransport = 0;
  };
  readonly #onReady = () => setImmediate(() => this.#wake());

  constructor(readonly socket: IoSocket) {
    const conn = socket.conn;
    conn.on('packetCreate', (packet: Packet) => {
      this.queued += sizeOf(packet.data);
    });
    conn.on('flush', (buffer: Packet[]) => {
      let bytes = 0;
      for (const packet of buffer) bytes += sizeOf(packet.data);
      this.queued = Math.max(0, this.queued - bytes);
      this.inTransport += bytes;
    });
    this.#transport = conn.transport as unknown as Transport;
    this.#listen(this.#transport);
    conn.on('upgrade', (transport: unknown) => {
      // What the old transport held went out on it or is gone with it.
      this.#transport.off('drain', this.#onDrain);
      this.#transport.off('ready', this.#onReady);
      this.#transport = transport as Transport;
      this.#listen(this.#transport);
      this.inTransport = 0;
      this.#onReady();
    });
    conn.once('close', () => {
      this.#waiting.length = 0;
      this.queued = 0;
      this.inTransport = 0;
    });
  }

  get drained(): boolean {
    return this.queued === 0 && this.#transport.writable;
  }

  whenDrained(resume: () => void): void {
    this.#waiting.push(resume);
    if (this.drained) this.#onReady();
  }

  #listen(transport: Transport): void {
    transport.on('drain', this.#onDrain);
    transport.on('ready', this.#onReady);
  }

  /** One waiter per drained moment: its page makes the socket busy again. */
  #wake(): void {
    while (this.drained && this.#waiting.length > 0 && this.socket.connected) {
      this.#waiting.shift()!();
    }
  }
}

const meters = new WeakMap<IoSocket, SendMeter>();

/**
 * Start counting what a socket sends (call once, when it connects). Later calls return the
 * same meter.
 */
export function meterSends(socket: IoSocket): SendMeter {
  let meter = meters.get(socket);
  if (!meter) {
    meter = new SendMeter(socket);
    meters.set(socket, meter);
  }
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
  meterSends(socket).whenDrained(resume);
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
