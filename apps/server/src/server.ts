import type { AddressInfo } from 'node:net';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import { type HubOptions, type SimulationHub, createHub } from '@simstream/hub';
import { API_PREFIX, LIMITS, SOCKET_IO_PATH } from '@simstream/protocol';
import Fastify, { type FastifyInstance } from 'fastify';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { Server } from 'socket.io';
import * as msgpackParser from 'socket.io-msgpack-parser';
import { createAuthenticator } from './auth.js';
import { startDemoSimulation } from './demo.js';
import type { ServerConfig } from './config.js';
import { type ServerMetrics, createMetrics } from './metrics.js';
import { isOriginAllowed } from './origin.js';
import { attachRawWsEndpoint } from './rawWs.js';
import { refusePreflights } from './preflight.js';
import {
  createClientErrorHandler,
  createErrorHandler,
  createFrameworkErrorHandler,
  sendError,
} from './rest/errors.js';
import { simulationRoutes } from './rest/simulations.js';
import { systemRoutes } from './rest/system.js';
import { registerSocketHandlers } from './socket/handlers.js';
import { watchSlowConsumers } from './socket/slowConsumers.js';
import { type IoServer, SimulationStreams } from './socket/streams.js';
import { createWorkBudget } from './workBudget.js';

/** A created (not yet listening) server. */
export interface SimstreamServer {
  app: FastifyInstance;
  io: IoServer;
  hub: SimulationHub;
  streams: SimulationStreams;
  metrics: ServerMetrics;
  /** Id of the demo simulation, when one was started. */
  demoSimulationId: string | null;
  /** Start listening on `config.port` (0: any free port); resolves to the base HTTP URL. */
  listen(): Promise<string>;
  /** Graceful shutdown: refuse new work, notify clients, close within `shutdownTimeoutMs`. */
  close(): Promise<void>;
}

export interface CreateServerOptions {
  /** Extra hub options (tests pass a fake clock or a small log). */
  hub?: Partial<HubOptions>;
  /** Frames a socket may fall behind before it is dropped (default 2,000). */
  slowConsumerFrames?: number;
  /** How often sockets are checked for falling behind (default 1 s). */
  slowConsumerCheckMs?: number;
}

/** A socket this many frames behind is dropped (it reconnects and replays). */
const SLOW_CONSUMER_FRAMES = 2_000;

/** Suggested wait before clients reconnect after a shutdown notice. */
const RECONNECT_AFTER_MS = 1_000;

/**
 * Build the server: Fastify (REST, CORS, rate limits, metrics, test page) and Socket.IO on
 * one HTTP server, the seed's raw WebSocket endpoint beside them, and a hub of simulations
 * (with the demo simulation running when `config.demoSimulation`).
 *
 * @example
 * const server = await createServer(loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }));
 * const url = await server.listen();
 * await server.close();
 */
export async function createServer(
  config: ServerConfig,
  options: CreateServerOptions = {},
): Promise<SimstreamServer> {
  const metrics = createMetrics();
  const app = Fastify({
    logger: { level: config.logLevel },
    // Every id the protocol accepts must route (Fastify's default is 100 characters); ids
    // may hold ':' which a client percent-encodes to 3 characters.
    routerOptions: { maxParamLength: LIMITS.idLength * 3 },
    // Errors Fastify and Node answer before any route runs, in the protocol's error shape.
    frameworkErrors: createFrameworkErrorHandler(metrics),
    clientErrorHandler: createClientErrorHandler(metrics),
    bodyLimit: config.bodyLimit,
    // JSON.parse itself never pollutes a prototype; leaving such keys in lets parseMessage
    // refuse them by name ("__proto__ is not an allowed key") instead of "Body is not valid JSON".
    onProtoPoisoning: 'ignore',
    onConstructorPoisoning: 'ignore',
    // Closing waits for in-flight requests; keep-alive sockets with nothing in flight go at once.
    forceCloseConnections: 'idle',
  });
  const log = app.log;
  const auth = createAuthenticator(config.authJwtSecret);
  const hub = createHub({
    logCapacity: config.replayLogSize,
    // Backstop for direct hub use; the REST budget refuses earlier with a clearer 429.
    maxSimulations: config.maxSimulations,
    // The runtime survives a throwing listener or engine step; the log says it happened.
    onError: (err, context) => {
      metrics.errors.inc({ code: 'internal' });
      log.error({ err, ...context }, 'simulation runtime error');
    },
    ...options.hub,
    defaults: { stepIntervalMs: config.stepIntervalMs, ...options.hub?.defaults },
  });
  let shuttingDown = false;

  const io: IoServer = new Server(app.server, {
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
      if (shuttingDown) return callback('server shutting down', false);
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
  const streams = new SimulationStreams(io, metrics, log);
  const limiter = new RateLimiterMemory({ points: config.maxMessageRate, duration: 1 });
  registerSocketHandlers(io, { hub, streams, metrics, log, limiter, auth });
  const stopSlowConsumerWatch = watchSlowConsumers(io, {
    maxQueuedFrames: options.slowConsumerFrames ?? SLOW_CONSUMER_FRAMES,
    intervalMs: options.slowConsumerCheckMs ?? 1_000,
    metrics,
    log,
  });
  const raw = attachRawWsEndpoint(app.server, {
    config,
    hub,
    streams,
    metrics,
    log,
    auth,
    isShuttingDown: () => shuttingDown,
  });

  app.setErrorHandler(createErrorHandler(metrics));
  app.addHook('onRequest', refusePreflights(config, metrics));
  await app.register(cors, {
    // Same rule as the sockets: same origin, localhost, or the configured allowlist.
    origin: (origin, callback) =>
      callback(null, isOriginAllowed({ origin }, config.allowedOrigins)),
  });
  await app.register(rateLimit, {
    max: config.httpRateLimit,
    timeWindow: 60_000,
    allowList: (request) => request.url === '/metrics' || request.url === `${API_PREFIX}/health`,
  });
  app.addHook('onRequest', async (request, reply) => {
    if (shuttingDown && request.url !== `${API_PREFIX}/health`) {
      return sendError(reply, metrics, {
        code: 'shutting_down',
        message: 'The server is shutting down; retry shortly.',
      });
    }
  });
  const budget = createWorkBudget(
    hub,
    { maxSimulations: config.maxSimulations, maxWork: config.maxWork },
    config.stepIntervalMs,
  );
  await app.register(
    simulationRoutes({
      hub,
      streams,
      metrics,
      auth,
      budget,
      createRateLimit: config.createRateLimit,
      demoSimulationId: config.demoSimulation ? config.demoSimulationId : null,
    }),
    { prefix: API_PREFIX },
  );
  await app.register(
    systemRoutes({ config, hub, io, metrics, isShuttingDown: () => shuttingDown }),
  );

  let demoSimulationId: string | null = null;
  if (config.demoSimulation) {
    demoSimulationId = startDemoSimulation(hub, {
      id: config.demoSimulationId,
      stepIntervalMs: config.stepIntervalMs,
      log,
    }).id;
  }

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      shuttingDown = true;
      io.emit('notice', {
        kind: 'shutdown',
        message: 'The server is shutting down; reconnect shortly.',
        retryAfterMs: RECONNECT_AFTER_MS,
      });
      raw.close();
      stopSlowConsumerWatch();
      hub.dispose();
      streams.dispose();
      // Engine.io flushes each socket's queued packets (the notice) before closing it.
      io.disconnectSockets(true);
      io.engine.close();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), config.shutdownTimeoutMs);
      });
      const outcome = await Promise.race([app.close().then(() => 'closed' as const), timeout]);
      clearTimeout(timer);
      if (outcome === 'timeout') {
        log.warn('shutdown timed out; cutting remaining connections');
        app.server.closeAllConnections();
        for (const ws of raw.wss.clients) ws.terminate();
      }
    })();
    return closing;
  };

  return {
    app,
    io,
    hub,
    streams,
    metrics,
    demoSimulationId,
    async listen() {
      await app.listen({ port: config.port, host: config.host });
      const address = app.server.address() as AddressInfo;
      const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
      return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
    },
    close,
  };
}
