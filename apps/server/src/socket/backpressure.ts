import type { ServerNotice } from '@simstream/protocol';
import type { IoSocket } from './types.js';

/** engine.io's and ws's private parts this module reads: what a socket has not sent yet. */
interface EngineInternals {
  writeBuffer?: Array<{ data?: unknown }>;
  transport?: {
    writable?: boolean;
    once?(event: string, listener: () => void): void;
    socket?: { bufferedAmount?: number; terminate?(): void };
  };
}

const internals = (socket: IoSocket) => socket.conn as unknown as EngineInternals;

const sizeOf = (data: unknown): number =>
  typeof data === 'string'
    ? data.length
    : data instanceof ArrayBuffer || ArrayBuffer.isView(data)
      ? data.byteLength
      : 0;

/**
 * Bytes a socket holds that the network has not taken yet: packets engine.io queued while
 * its transport was busy, plus what the WebSocket (ws) has buffered in user land. This is
 * what a client that stops reading costs the server, whatever the frames' sizes.
 *
 * @example
 * if (unsentBytes(socket) > config.maxUnsentBytes) cutSocket(socket, notice);
 */
export function unsentBytes(socket: IoSocket): number {
  const conn = internals(socket);
  let bytes = conn.transport?.socket?.bufferedAmount ?? 0;
  for (const packet of conn.writeBuffer ?? []) bytes += sizeOf(packet.data);
  return bytes;
}

/**
 * Call `resume` once the socket drained: engine.io's queue is empty and its transport is
 * writable again (ws hands data to the kernel only as the peer reads). A replay paged on this
 * never holds more than a page in memory for a client that stops reading.
 */
export function whenDrained(socket: IoSocket, resume: () => void): void {
  const check = () => {
    if (!socket.connected) return;
    const conn = internals(socket);
    if (conn.transport?.writable !== false && (conn.writeBuffer?.length ?? 0) === 0) {
      setImmediate(resume);
      return;
    }
    if (conn.transport?.once) conn.transport.once('drain', () => setImmediate(check));
    else setTimeout(check, 50);
  };
  check();
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
  const conn = internals(socket);
  if (conn.writeBuffer) conn.writeBuffer.length = 0;
  socket.emit('notice', notice);
  const ws = conn.transport?.socket;
  const end = () => {
    if (ws?.terminate) ws.terminate();
    else socket.conn.close();
  };
  // A little time for the notice to go out when the link is merely slow; none when the
  // WebSocket itself holds a lot (a peer that stopped reading would never take it).
  if ((ws?.bufferedAmount ?? 0) > 64 * 1024) end();
  else setTimeout(end, graceMs).unref();
}
