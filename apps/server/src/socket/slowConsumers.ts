import type { FastifyBaseLogger } from 'fastify';
import type { ServerMetrics } from '../metrics.js';
import type { IoServer, IoSocket } from './types.js';

/** What a socket has queued but not yet handed to the network. */
export function queuedFrames(socket: IoSocket): number {
  // engine.io keeps packets in a private writeBuffer while the transport is busy sending.
  const conn = socket.conn as unknown as { writeBuffer?: unknown[] };
  return Array.isArray(conn.writeBuffer) ? conn.writeBuffer.length : 0;
}

/**
 * Disconnect sockets that fall further behind than `maxQueuedFrames` frames, so one slow
 * reader cannot grow the server's memory without bound. The client reconnects and catches
 * up with `sinceSeq` (replay, or resync when it fell out of the log).
 *
 * @example
 * const stop = watchSlowConsumers(io, { maxQueuedFrames: 1_000, intervalMs: 1_000, metrics, log });
 */
export function watchSlowConsumers(
  io: IoServer,
  options: {
    maxQueuedFrames: number;
    intervalMs: number;
    metrics: ServerMetrics;
    log: FastifyBaseLogger;
  },
): () => void {
  const timer = setInterval(() => {
    for (const socket of io.sockets.sockets.values()) {
      const queued = queuedFrames(socket);
      if (queued <= options.maxQueuedFrames) continue;
      options.log.warn({ socketId: socket.id, queued }, 'disconnecting slow consumer');
      options.metrics.slowConsumersDropped.inc();
      socket.disconnect(true);
    }
  }, options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
