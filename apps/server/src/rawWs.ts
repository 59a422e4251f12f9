import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import type { SimulationHub } from '@simstream/hub';
import {
  type ErrorCode,
  RAW_WS_PREFIX,
  SOCKET_IO_PATH,
  idSchema,
  parseJsonMessage,
  parseMessage,
  pingRequestSchema,
} from '@simstream/protocol';
import type { FastifyBaseLogger } from 'fastify';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Authenticator } from './auth.js';
import type { ServerConfig } from './config.js';
import type { ServerMetrics } from './metrics.js';
import { isOriginAllowed } from './origin.js';
import type { SimulationStreams } from './socket/streams.js';

/** Close codes of the raw endpoint (4000–4999 are application codes). */
export const RAW_CLOSE = {
  /** Server shutting down (standard "going away"). */
  shutdown: 1001,
  /** Kept sending far above the message rate. */
  policy: 1008,
  /** Not reading fast enough; reconnect. */
  tooSlow: 1013,
  /** No such simulation (or it was removed). */
  unknownSimulation: 4404,
} as const;

/** A viewer whose unsent data exceeds this is cut rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
const HEARTBEAT_MS = 30_000;

export interface RawWsDeps {
  config: ServerConfig;
  hub: SimulationHub;
  streams: SimulationStreams;
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

function errorMessage(code: ErrorCode, message: string): string {
  return JSON.stringify({
    type: 'error',
    timestamp: new Date().toISOString(),
    data: { code, message },
  });
}

function refuse(socket: Duplex, status: number, reason: string, body = ''): void {
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/**
 * Serve `ws://host/api/v1/ws/simulation/{simulation_id}`: every event of the simulation as
 * the seed's `{ type, timestamp, data }` JSON (full steps), `{"type":"ping"}` answered with
 * `{"type":"pong","timestamp":…}`, malformed input answered with an `error` message while
 * the connection stays open, an unknown simulation answered with an `error` message and
 * close code 4404. Upgrades for Socket.IO's path are left to Socket.IO.
 *
 * @example
 * const raw = attachRawWsEndpoint(app.server, { config, hub, streams, metrics, log, auth, isShuttingDown });
 */
export function attachRawWsEndpoint(server: HttpServer, deps: RawWsDeps): RawWsEndpoint {
  const { config, metrics, log } = deps;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.maxHttpBufferSize,
    perMessageDeflate:
      config.deflateThreshold === null ? false : { threshold: config.deflateThreshold },
  });
  const limiter = new RateLimiterMemory({ points: config.maxMessageRate, duration: 1 });
  const alive = new WeakSet<WebSocket>();

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === SOCKET_IO_PATH || path.startsWith(`${SOCKET_IO_PATH}/`)) return;
    socket.on('error', (err) => log.debug({ err }, 'raw ws upgrade socket error'));
    if (!path.startsWith(`${RAW_WS_PREFIX}/`)) return refuse(socket, 404, 'Not Found');
    if (deps.isShuttingDown()) return refuse(socket, 503, 'Service Unavailable');
    if (!isOriginAllowed(req.headers, config.allowedOrigins)) {
      metrics.errors.inc({ code: 'forbidden_origin' });
      log.warn(
        { origin: req.headers.origin ?? null, path },
        'raw ws upgrade refused: origin not allowed',
      );
      return refuse(
        socket,
        403,
        'Forbidden',
        `Origin ${req.headers.origin ?? '(none)'} is not allowed; open the page from an allowed origin (ALLOWED_ORIGINS).`,
      );
    }
    const token = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token');
    deps.auth.verify(token).then(
      (principal) => {
        if (!principal) {
          metrics.errors.inc({ code: 'unauthorized' });
          return refuse(socket, 401, 'Unauthorized');
        }
        wss.handleUpgrade(req, socket, head, (ws) => {
          try {
            onConnection(ws, path);
          } catch (err) {
            log.error({ err }, 'raw ws connection setup failed');
            ws.close(1011, 'internal error');
          }
        });
      },
      () => refuse(socket, 500, 'Internal Server Error'),
    );
  };

  const onConnection = (ws: WebSocket, path: string) => {
    metrics.connections.inc({ transport: 'raw_ws' });
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
    ws.on('error', (err) => log.debug({ err }, 'raw ws error'));

    let rawId = path.slice(RAW_WS_PREFIX.length + 1);
    try {
      rawId = decodeURIComponent(rawId);
    } catch {
      // Keep the undecoded text; the id check below rejects it.
    }
    const id = parseMessage(idSchema, rawId, 'simulation id');
    const runtime = id.ok ? deps.hub.get(id.value) : undefined;
    if (!runtime) {
      metrics.errors.inc({ code: 'unknown_simulation' });
      ws.send(
        errorMessage(
          'unknown_simulation',
          `No simulation "${rawId}"; list the running ones with GET /api/v1/simulations.`,
        ),
      );
      ws.close(RAW_CLOSE.unknownSimulation, 'unknown simulation');
      ws.on('close', () => metrics.connections.dec({ transport: 'raw_ws' }));
      return;
    }

    const stop = deps.streams.addRawViewer(runtime, {
      send(text) {
        if (ws.readyState !== ws.OPEN) return;
        if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
          ws.close(RAW_CLOSE.tooSlow, 'not reading fast enough');
          return;
        }
        ws.send(text);
      },
      end(message) {
        ws.send(errorMessage('unknown_simulation', message));
        ws.close(RAW_CLOSE.unknownSimulation, 'simulation removed');
      },
    });
    const key = randomUUID();

    ws.on('message', (data, isBinary) => {
      limiter
        .consume(key)
        .then(
          () => {
            const text = isBinary
              ? ''
              : Buffer.isBuffer(data)
                ? data.toString('utf8')
                : String(data);
            const parsed = parseJsonMessage(
              pingRequestSchema,
              text,
              'message',
              config.maxHttpBufferSize,
            );
            if (!parsed.ok) {
              metrics.errors.inc({ code: parsed.error.code });
              const hint = ' Send {"type":"ping"}.';
              return ws.send(errorMessage(parsed.error.code, parsed.error.message + hint));
            }
            ws.send(JSON.stringify({ type: 'pong', timestamp: new Date().toISOString() }));
          },
          (rejection: unknown) => {
            metrics.errors.inc({ code: 'rate_limited' });
            const res = rejection instanceof RateLimiterRes ? rejection : null;
            if (res && res.consumedPoints > limiter.points * 3) {
              ws.close(RAW_CLOSE.policy, 'message rate limit');
              return;
            }
            ws.send(
              errorMessage(
                'rate_limited',
                `Too many messages; at most ${limiter.points} per second.`,
              ),
            );
          },
        )
        .catch((err: unknown) => log.error({ err }, 'raw ws message handler failed'));
    });
    ws.on('close', () => {
      stop();
      limiter.delete(key).catch(() => {});
      metrics.connections.dec({ transport: 'raw_ws' });
    });
  };

  // A throwing upgrade handler would surface as an uncaught exception: contain it here.
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    try {
      onUpgrade(req, socket, head);
    } catch (err) {
      log.error({ err }, 'raw ws upgrade failed');
      socket.destroy();
    }
  });
  // Half-open connections never answer the ping: cut them so they stop costing memory.
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    wss,
    close() {
      clearInterval(heartbeat);
      for (const ws of wss.clients) ws.close(RAW_CLOSE.shutdown, 'server shutting down');
      wss.close();
    },
  };
}
