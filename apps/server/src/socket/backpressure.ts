import type { ServerNotice } from '@simstream/protocol';
import type { IoSocket } from './types.js';

/**
 * Backpressure for Socket.IO, which has none of its own (socket.io#3158: `emit` never says
 * "slow down"). Nothing of it lives on an idle socket: what a socket holds is read when asked
 * (the slow-consumer watch, once a second), and listeners exist only while a replay waits for
 * the socket to drain — a server holds thousands of idle connections, and a listener, a
 * closure or a counter per socket adds up (BENCHMARKS.md, memory). What we read and why:
 *
 * - engine.io's write buffer (`conn.writeBuffer`, private: no public call sizes it): the
 *   packets queued while the transport is busy, each with its encoded data;
 * - the WebSocket's `bufferedAmount` (public on `ws`, reached through engine.io's transport):
 *   what `ws` and the TCP socket hold that the kernel has not taken. A long-polling response
 *   in flight is one response; what comes after it queues in the write buffer;
 * - the transport's `writable` flag and its `ready` event: the transport took the last batch
 *   and can take the next. `writable` is what Socket.IO's own volatile emits read
 *   (`conn.transport.writable`); `ready` is what engine.io's socket itself listens to;
 * - `upgrade` (public): the transport changes when a long-polling client upgrades to
 *   WebSocket, so waiting on the old transport would wait forever.
 *
 * Cutting touches the same internals, because no public call does it: emptying engine.io's
 * write buffer (`conn.close()` waits for it to drain, which a peer that stopped reading never
 * lets happen) and terminating the WebSocket (`close(true)` closes gracefully, so the bytes
 * `ws` holds stay until its 30 s close timeout).
 */
interface Transport {
  name: string;
  writable: boolean;
  /** The `ws` WebSocket under a WebSocket transport (engine.io's, not public). */
  socket?: { bufferedAmount?: number; readyState?: number; terminate?(): void };
  on(event: 'ready', listener: () => void): void;
  off(event: 'ready', listener: () => void): void;
}

/** The engine.io socket under a Socket.IO socket, as read here (see above). */
interface EngineSocket {
  readyState: string;
  transport: Transport;
  writeBuffer?: Packet[];
  on(event: 'upgrade', listener: (transport: Transport) => void): void;
  off(event: 'upgrade', listener: (transport: Transport) => void): void;
}

type Packet = { data?: unknown };

const WS_OPEN = 1;

const sizeOf = (data: unknown): number =>
  typeof data === 'string'
    ? data.length
    : data instanceof ArrayBuffer || ArrayBuffer.isView(data)
      ? data.byteLength
      : 0;

const engineOf = (socket: IoSocket) => socket.conn as unknown as EngineSocket;

/** Nothing queued, and the transport took the last batch. */
const isDrained = (conn: EngineSocket) =>
  (conn.writeBuffer?.length ?? 0) === 0 && conn.transport.writable;

/**
 * Bytes a socket holds that the network has not taken yet: packets engine.io queued while
 * its transport was busy, plus what its WebSocket holds that the kernel has not taken. This
 * is what a client that stops reading costs the server, whatever the frames' sizes. A socket
 * closing holds nothing that will still be sent: 0.
 *
 * @example
 * if (unsentBytes(socket) > config.maxUnsentBytes) cutSocket(socket, notice);
 */
export function unsentBytes(socket: IoSocket): number {
  const conn = engineOf(socket);
  const ws = conn.transport.socket;
  if (conn.readyState !== 'open' || (ws && ws.readyState !== WS_OPEN)) return 0;
  let bytes = ws?.bufferedAmount ?? 0;
  for (const packet of conn.writeBuffer ?? []) bytes += sizeOf(packet.data);
  return bytes;
}

/** The replays waiting for one socket to drain (only while any waits). */
interface Waiting {
  socket: IoSocket;
  transport: Transport;
  resumes: Array<() => void>;
}

/** Waiting by engine.io socket and by its transport (the shared listeners' `this`). */
const waiting = new WeakMap<object, Waiting>();

function onTransportReady(this: Transport): void {
  const w = waiting.get(this);
  if (w) setImmediate(() => wake(w));
}

/** A long-polling socket upgraded to WebSocket: wait on the new transport. */
function onUpgrade(this: EngineSocket, transport: Transport): void {
  const w = waiting.get(this);
  if (!w) return;
  stopListening(w);
  w.transport = transport;
  listen(w);
  setImmediate(() => wake(w));
}

function listen(w: Waiting): void {
  const conn = engineOf(w.socket);
  waiting.set(conn, w);
  waiting.set(w.transport, w);
  w.transport.on('ready', onTransportReady);
  // A WebSocket transport is final; only long-polling upgrades.
  if (w.transport.name === 'polling') conn.on('upgrade', onUpgrade);
}

function stopListening(w: Waiting): void {
  const conn = engineOf(w.socket);
  w.transport.off('ready', onTransportReady);
  conn.off('upgrade', onUpgrade);
  waiting.delete(w.transport);
  waiting.delete(conn);
}

/** One waiter per drained moment: its page makes the socket busy again. */
function wake(w: Waiting): void {
  const conn = engineOf(w.socket);
  while (w.resumes.length > 0 && isDrained(conn) && w.socket.connected) w.resumes.shift()!();
  if (w.resumes.length === 0 || !w.socket.connected) {
    w.resumes.length = 0;
    if (waiting.get(conn) === w) stopListening(w);
  }
}

/**
 * Call `resume` once the socket drained: nothing queued and the transport writable again
 * (WebSocket: `ws` handed the last frames to the kernel; long-polling: the client's next poll
 * is waiting). A replay paged on this never holds more than a page in memory for a client
 * that stops reading. Waiters go one per drained moment, so several replays on one socket
 * take turns.
 *
 * @example
 * whenDrained(socket, () => sendNextPage());
 */
export function whenDrained(socket: IoSocket, resume: () => void): void {
  if (!socket.connected) return;
  const conn = engineOf(socket);
  let w = waiting.get(conn);
  if (!w) {
    w = { socket, transport: conn.transport, resumes: [] };
    listen(w);
  }
  w.resumes.push(resume);
  const ready = w;
  if (isDrained(conn)) setImmediate(() => wake(ready));
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
  const conn = engineOf(socket);
  if (conn.writeBuffer) conn.writeBuffer.length = 0;
  socket.emit('notice', notice);
  const ws = conn.transport.socket;
  const end = () => {
    if (ws?.terminate) ws.terminate();
    else socket.conn.close(true);
  };
  // A little time for the notice to go out when the link is merely slow; none when the
  // WebSocket itself holds a lot (a peer that stopped reading would never take it).
  if ((ws?.bufferedAmount ?? 0) > 64 * 1024) end();
  else setTimeout(end, graceMs).unref();
}
