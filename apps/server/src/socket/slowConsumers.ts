import type { FastifyBaseLogger } from 'fastify';
import type { ServerMetrics } from '../metrics.js';
import { cutSocket, unsentBytes } from './backpressure.js';
import type { IoServer } from './types.js';

/**
 * Cut sockets holding more than `maxUnsentBytes` the network has not taken (a client that
 * stopped reading, or reads slower than the simulation writes), so one reader cannot grow
 * the server's memory without bound. Bytes, not frames: one frame of a 500-bank simulation
 * weighs what a hundred of a small one do. The client reconnects by itself and catches up
 * with `sinceSeq` (replay, or resync when it fell out of the log).
 *
 * @example
 * const stop = watchSlowConsumers(io, { maxUnsentBytes: 8 << 20, intervalMs: 1_000, metrics, log });
 */
export function watchSlowConsumers(
  io: IoServer,
  options: {
    maxUnsentBytes: number;
    intervalMs: number;
    metrics: ServerMetrics;
    log: FastifyBaseLogger;
  },
): () => void {
  const timer = setInterval(() => {
    for (const socket of io.sockets.sockets.values()) {
      const unsent = unsentBytes(socket);
      if (unsent <= options.maxUnsentBytes) continue;
      options.log.warn({ socketId: socket.id, unsent }, 'cutting slow consumer');
      options.metrics.slowConsumersDropped.inc();
      cutSocket(socket, {
        kind: 'error',
        error: {
          code: 'rate_limited',
          message: `This connection fell ${Math.round(unsent / 1024)} KB behind (the limit is ${Math.round(options.maxUnsentBytes / 1024)} KB); reconnect to catch up.`,
        },
      });
    }
  }, options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
