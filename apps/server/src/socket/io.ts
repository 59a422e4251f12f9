import type { Server as HttpServer } from 'node:http';
import { SOCKET_IO_PATH } from '@simstream/protocol';
import type { FastifyBaseLogger } from 'fastify';
import { Server } from 'socket.io';
import * as msgpackParser from 'socket.io-msgpack-parser';
import type { ServerConfig } from '../config.js';
import type { ServerMetrics } from '../metrics.js';
import { isOriginAllowed } from '../origin.js';
import type { IoServer } from './types.js';

/**
 * Socket.IO on the server's HTTP server, with the transport options of the config (parser,
 * deflate, size limit) and the Origin allowlist checked on every handshake and upgrade.
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
  return new Server(httpServer, {
    path: SOCKET_IO_PATH,
    serveClient: false,
    maxHttpBufferSize: config.maxHttpBufferSize,
    perMessageDeflate:
      config.deflateThreshold === null ? false : { threshold: config.deflateThreshold },
    httpCompression:
      config.deflateThreshold === null ? false : { threshold: config.deflateThreshold },
    ...(config.parser === 'msgpack' ? { parser: msgpackParser } : {}),
    // The Origin check runs on every handshake and upgrade, not only as CORS headers.
    allowRequest: (req, callback) => {
      if (deps.isShuttingDown()) return callback('server shutting down', false);
      if (!isOriginAllowed(req.headers, config.allowedOrigins)) {
        metrics.errors.inc({ code: 'forbidden_origin' });
        log.warn(
          { origin: req.headers.origin ?? null },
          'socket.io handshake refused: origin not allowed',
        );
        return callback('origin not allowed', false);
      }
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
}
