import type { CoreHub, ServerCore } from '@simstream/hub';
import type { FastifyInstance } from 'fastify';
import type { RawWsEndpoint } from './rawWs.js';
import type { IoServer } from './socket/types.js';

/** Suggested wait before clients reconnect after a shutdown notice. */
const RECONNECT_AFTER_MS = 1_000;

/**
 * The graceful shutdown, once however often it is called: notify Socket.IO clients, close raw
 * viewers with 1001, stop the simulations, let Fastify finish in-flight requests, and cut
 * what is still open after `timeoutMs`.
 *
 * @example
 * const close = gracefulShutdown({ app, io, core, raw, timeoutMs: 5000, beforeClose: () => (shuttingDown = true) });
 */
export function gracefulShutdown(parts: {
  app: FastifyInstance;
  io: IoServer;
  core: ServerCore<CoreHub>;
  raw: RawWsEndpoint;
  timeoutMs: number;
  /** Runs first: refuse new work from here on. */
  beforeClose: () => void;
  /** Stop the simulations; default `core.hub.dispose()` (a cluster node hands its leases over). */
  stopHub?: () => Promise<void>;
}): () => Promise<void> {
  const { app, io, core, raw } = parts;
  let closing: Promise<void> | null = null;
  const run = async () => {
    parts.beforeClose();
    // This node's clients only: with the Redis adapter, `io.emit` would reach every node's.
    io.local.emit('notice', {
      kind: 'shutdown',
      message: 'The server is shutting down; reconnect shortly.',
      retryAfterMs: RECONNECT_AFTER_MS,
    });
    raw.close();
    await (parts.stopHub ?? (async () => core.hub.dispose()))();
    core.dispose();
    // Engine.io flushes each socket's queued packets (the notice) before closing it. This
    // node's sockets only: through the Redis adapter `io.disconnectSockets` cuts every node's.
    io.local.disconnectSockets(true);
    io.engine.close();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), parts.timeoutMs);
    });
    const outcome = await Promise.race([app.close().then(() => 'closed' as const), timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      app.log.warn('shutdown timed out; cutting remaining connections');
      app.server.closeAllConnections();
      for (const ws of raw.wss.clients) ws.terminate();
    }
  };
  return () => {
    closing ??= run();
    return closing;
  };
}
