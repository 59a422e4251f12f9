import type { Server as HttpServer } from 'node:http';
import { SOCKET_IO_PATH } from '@simstream/protocol';
import type { FastifyBaseLogger } from 'fastify';
import { Server } from 'socket.io';
import * as msgpackParser from 'socket.io-msgpack-parser';
import type { ServerConfig } from '../config.js';
import type { ServerMetrics } from '../metrics.js';
import { isOriginAllowed, refuseDisallowedOrigins } from '../origin.js';
import { rememberUpgradeResponses } from './handshake.js';
import type { IoServer } from './types.js';

/**
 * Socket.IO on the server's HTTP server, with the transport options of the config (parser,
 * deflate, size limit) and the Origin allowlist checked on every connection, as its first
 * middleware (the refused page gets a readable `connect_error`, see origin.ts).
 *
 * @example
 * const io = createIoServer(app.server, { config, metrics, log, isShuttingDown: () => false });
 */
export function createIoServer(
  httpServer: HttpServer,
  deps: {
    config: ServerConfig;
    metrics: ServerMetrics;
    log: FastifyBaseLogger;
    isShuttingDown: () => boolean;
  },
): IoServer {
  const { config, metrics, log } = deps;
  const io: IoServer = new Server(httpServer, {
    path: SOCKET_IO_PATH,
    serveClient: false,
    maxHttpBufferSize: config.maxHttpBufferSize,
    perMessageDeflate:
      config.deflateThreshold === null ? false : { threshold: config.deflateThreshold },
    httpCompression:
      config.deflateThreshold === null ? false : { threshold: config.deflateThreshold },
    ...(config.parser === 'msgpack' ? { parser: msgpackParser } : {}),
    // The Origin check is the first middleware below, where the refusal reaches the browser.
    allowRequest: (_req, callback) => {
      if (deps.isShuttingDown()) return callback('server shutting down', false);
      callback(null, true);
    },
    cors: {
      origin: (origin, callback) =>
        callback(null, isOriginAllowed({ origin }, config.allowedOrigins)),
      credentials: true,
    },
    // Non-Socket.IO upgrades are ours (raw endpoint) or refused by us.
    destroyUpgrade: false,
  });
  rememberUpgradeResponses(io);
  io.use(
    refuseDisallowedOrigins(config.allowedOrigins, (origin) => {
      metrics.errors.inc({ code: 'forbidden_origin' });
      log.warn({ origin }, 'socket.io connection refused: origin not allowed');
    }),
  );
  return io;
}
