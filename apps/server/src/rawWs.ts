import { type IncomingMessage, type Server as HttpServer, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { type CoreHub, type Grant, type ServerCore, authorize } from '@simstream/hub';
import {
  ERROR_HTTP_STATUS,
  type ProtocolError,
  RAW_WS_PREFIX,
  SOCKET_IO_PATH,
} from '@simstream/protocol';
import type { FastifyBaseLogger } from 'fastify';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Authenticator } from './auth.js';
import type { ServerConfig } from './config.js';
import type { ServerMetrics } from './metrics.js';
import { isOriginAllowed, originRefusal } from './origin.js';
import { RAW_CLOSE, type RawConnectionDeps, acceptRawConnection } from './rawWsConnection.js';

export { RAW_CLOSE } from './rawWsConnection.js';

const HEARTBEAT_MS = 30_000;

export interface RawWsDeps {
  config: ServerConfig;
  core: ServerCore<CoreHub>;
  metrics: ServerMetrics;
  log: FastifyBaseLogger;
  auth: Authenticator;
  isShuttingDown: () => boolean;
}

/** The seed-compatible endpoint, attached to the HTTP server's `upgrade` event. */
export interface RawWsEndpoint {
  readonly wss: WebSocketServer;
  /** Close every raw connection with 1001 and stop the heartbeat. */
  close(): void;
}

/**
 * Answer a refused upgrade in HTTP with the protocol's error body, `{ error: { code, message } }`,
 * and the status of its code: a browser shows nothing of it, but the message reaches
 * non-browser clients, proxies' logs and the network panel.
 */
function refuse(socket: Duplex, error: ProtocolError): void {
  const status = ERROR_HTTP_STATUS[error.code];
  const body = JSON.stringify({ error });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nConnection: close\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

const REFUSALS = {
  notFound: {
    code: 'not_found',
    message: `No WebSocket endpoint here: the raw endpoint is ${RAW_WS_PREFIX}/{simulation_id}, Socket.IO's is ${SOCKET_IO_PATH}.`,
  },
  shuttingDown: { code: 'shutting_down', message: 'The server is shutting down; retry shortly.' },
  unauthorized: {
    code: 'unauthorized',
    message: 'A valid token is required in the token query parameter (?token=…).',
  },
  internal: { code: 'internal', message: 'The token could not be checked; retry shortly.' },
} as const satisfies Record<string, ProtocolError>;

/** Why a token may not watch the simulation of this path (its `sims` claim), or null. */
function deniedRead(grant: Grant | undefined, path: string): string | null {
  let id = path.slice(RAW_WS_PREFIX.length + 1);
  try {
    id = decodeURIComponent(id);
  } catch {
    // An undecodable id names no simulation a token can grant; the connection reports it.
  }
  return authorize(grant, 'read', id)?.message ?? null;
}

/**
 * The `upgrade` handler: Socket.IO's path is left to Socket.IO; other paths than the raw
 * endpoint get 404, a shutting-down server 503, a foreign origin 403 (naming ALLOWED_ORIGINS),
 * a bad token 401, a token without access to the simulation 403 — each with a JSON error
 * body; the rest are accepted and handed to `accept` with the token's expiry.
 */
function upgradeHandler(
  deps: RawWsDeps,
  wss: WebSocketServer,
  accept: (ws: WebSocket, path: string, expiresAt: number | null) => void,
) {
  const { config, metrics, log } = deps;
  // One listener for every upgrading socket: a closure made in the handler below would share
  // its context, and keep the upgrade request, for the connection's whole life.
  const onSocketError = (err: Error) => log.debug({ err }, 'raw ws upgrade socket error');
  return (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === SOCKET_IO_PATH || path.startsWith(`${SOCKET_IO_PATH}/`)) return;
    socket.on('error', onSocketError);
    if (!path.startsWith(`${RAW_WS_PREFIX}/`)) return refuse(socket, REFUSALS.notFound);
    if (deps.isShuttingDown()) return refuse(socket, REFUSALS.shuttingDown);
    if (!isOriginAllowed(req.headers, config.allowedOrigins)) {
      metrics.errors.inc({ code: 'forbidden_origin' });
      log.warn(
        { origin: req.headers.origin ?? null, path },
        'raw ws upgrade refused: origin not allowed',
      );
      return refuse(socket, originRefusal(req.headers.origin));
    }
    const token = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token');
    deps.auth.verify(token).then(
      (principal) => {
        if (!principal) {
          metrics.errors.inc({ code: 'unauthorized' });
          return refuse(socket, REFUSALS.unauthorized);
        }
        const denied = deniedRead(principal.grant, path);
        if (denied) {
          metrics.errors.inc({ code: 'forbidden' });
          return refuse(socket, { code: 'forbidden', message: denied });
        }
        wss.handleUpgrade(req, socket, head, (ws) => accept(ws, path, principal.expiresAt));
      },
      () => refuse(socket, REFUSALS.internal),
    );
  };
}

/** Ping every connection each interval; one that did not answer the last ping is cut. */
function startHeartbeat(wss: WebSocketServer): { watch(ws: WebSocket): void; stop(): void } {
  const alive = new WeakSet<WebSocket>();
  const timer = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, HEARTBEAT_MS);
  timer.unref();
  // One listener for every connection (ws calls it with the socket as `this`).
  function onPong(this: WebSocket): void {
    alive.add(this);
  }
  return {
    watch(ws) {
      alive.add(ws);
      ws.on('pong', onPong);
    },
    stop: () => clearInterval(timer),
  };
}

/**
 * Serve `ws://host/api/v1/ws/simulation/{simulation_id}`: every event of the simulation as
 * the seed's `{ type, timestamp, data }` JSON (full steps), `{"type":"ping"}` answered with
 * `{"type":"pong","timestamp":…}`, malformed input answered with an `error` message while
 * the connection stays open, an unknown simulation answered with an `error` message and
 * close code 4404. Upgrades for Socket.IO's path are left to Socket.IO.
 *
 * @example
 * const raw = attachRawWsEndpoint(app.server, { config, core, metrics, log, auth, isShuttingDown });
 */
export function attachRawWsEndpoint(server: HttpServer, deps: RawWsDeps): RawWsEndpoint {
  const { config, log } = deps;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.maxHttpBufferSize,
    perMessageDeflate:
      config.deflateThreshold === null ? false : { threshold: config.deflateThreshold },
  });
  const connectionDeps: RawConnectionDeps = {
    core: deps.core,
    metrics: deps.metrics,
    log,
    limiter: new RateLimiterMemory({ points: config.maxMessageRate, duration: 1 }),
    maxMessageBytes: config.maxHttpBufferSize,
    maxUnsentBytes: config.maxUnsentBytes,
  };
  const heartbeat = startHeartbeat(wss);
  const onUpgrade = upgradeHandler(deps, wss, (ws, path, expiresAt) => {
    heartbeat.watch(ws);
    try {
      acceptRawConnection(connectionDeps, ws, path, expiresAt);
    } catch (err) {
      log.error({ err }, 'raw ws connection setup failed');
      ws.close(1011, 'internal error');
    }
  });
  // A throwing upgrade handler would surface as an uncaught exception: contain it here.
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    try {
      onUpgrade(req, socket, head);
    } catch (err) {
      log.error({ err }, 'raw ws upgrade failed');
      socket.destroy();
    }
  });

  return {
    wss,
    close() {
      heartbeat.stop();
      for (const ws of wss.clients) ws.close(RAW_CLOSE.shutdown, 'server shutting down');
      wss.close();
    },
  };
}
