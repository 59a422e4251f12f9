import type { AddressInfo } from 'node:net';
import cors from '@fastify/cors';
import type { CoreHub, HubOptions, ServerCore, SimulationHub } from '@simstream/hub';
import { API_PREFIX, LIMITS } from '@simstream/protocol';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { type Authenticator, createAuthenticator } from './auth.js';
import type { ServerConfig } from './config.js';
import { createCore, createEmbeddedHub } from './core.js';
import { startDemoSimulation } from './demo.js';
import { type ServerMetrics, createMetrics } from './metrics.js';
import { isOriginAllowed } from './origin.js';
import { refusePreflights } from './preflight.js';
import { attachRawWsEndpoint } from './rawWs.js';
import {
  createClientErrorHandler,
  createErrorHandler,
  createFrameworkErrorHandler,
  sendError,
} from './rest/errors.js';
import { installHttpRateLimits } from './rest/rateLimits.js';
import { simulationRoutes } from './rest/simulations.js';
import { systemRoutes } from './rest/system.js';
import { gracefulShutdown } from './shutdown.js';
import { registerSocketHandlers } from './socket/handlers.js';
import { createIoServer } from './socket/io.js';
import { attachRedisAdapter } from './socket/redisAdapter.js';
import { watchSlowConsumers } from './socket/slowConsumers.js';
import type { IoServer } from './socket/types.js';

/** Connections the kernel queues before the server accepts them (see `listen`). */
const LISTEN_BACKLOG = 4_096;

/** A created (not yet listening) server: embedded (`SimulationHub`) or a cluster node (`RedisHub`). */
export interface SimstreamServer<H extends CoreHub = SimulationHub> {
  app: FastifyInstance;
  io: IoServer;
  hub: H;
  /** The transport-free server core: commands, REST table, fan-out (`core.fanout.viewerCount(id)`). */
  core: ServerCore<H>;
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
  /** How often sockets are checked for falling behind (default 1 s). */
  slowConsumerCheckMs?: number;
}

function createApp(config: ServerConfig, metrics: ServerMetrics): FastifyInstance {
  return Fastify({
    logger: { level: config.logLevel },
    // Behind a load balancer: the client's address from X-Forwarded-For (per-address limits).
    trustProxy: config.trustProxy,
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
}

/** The HTTP side: error shapes, CORS, rate limits, the shutdown refusal, the REST table, system routes. */
async function registerHttp(
  app: FastifyInstance,
  deps: {
    config: ServerConfig;
    core: ServerCore<CoreHub>;
    io: IoServer;
    metrics: ServerMetrics;
    auth: Authenticator;
    isShuttingDown: () => boolean;
    degradedReason?: (() => string | null) | undefined;
  },
): Promise<void> {
  const { config, metrics } = deps;
  app.setErrorHandler(createErrorHandler(metrics));
  app.addHook('onRequest', refusePreflights(config, metrics));
  await app.register(cors, {
    // Same rule as the sockets: same origin, localhost, or the configured allowlist.
    origin: (origin, callback) =>
      callback(null, isOriginAllowed({ origin }, config.allowedOrigins)),
  });
  await installHttpRateLimits(app, {
    max: config.httpRateLimit,
    allowList: ['/metrics', `${API_PREFIX}/health`],
    // A cluster node's budgets live in its Redis, shared by every node.
    redisUrl: config.redisUrl,
    metrics,
  });
  app.addHook('onRequest', async (request, reply) => {
    if (deps.isShuttingDown() && request.url !== `${API_PREFIX}/health`) {
      return sendError(reply, metrics, {
        code: 'shutting_down',
        message: 'The server is shutting down; retry shortly.',
      });
    }
  });
  const { core, auth } = deps;
  await app.register(
    simulationRoutes({
      core,
      metrics,
      auth,
      createRateLimit: config.createRateLimit,
      retryAfterSeconds: Math.max(1, Math.ceil(config.redisLeaseMs / 1_000)),
    }),
    { prefix: API_PREFIX },
  );
  const { hub } = core;
  await app.register(
    systemRoutes({
      config,
      hub,
      io: deps.io,
      metrics,
      isShuttingDown: deps.isShuttingDown,
      ...(deps.degradedReason ? { degradedReason: deps.degradedReason } : {}),
    }),
  );
}

/**
 * Where a server's simulations live: how its hub is made, started (with the demo) and stopped.
 * `createServer` plans the embedded hub; `createClusterServer` a Redis cluster node's.
 */
export interface HubPlan<H extends CoreHub> {
  make(parts: { config: ServerConfig; metrics: ServerMetrics; log: FastifyBaseLogger }): H;
  /** The core exists: load what the hub must, start the demo; resolves to the demo's id. */
  start(parts: { hub: H; core: ServerCore<H>; log: FastifyBaseLogger }): Promise<string | null>;
  /** Stop the simulations (graceful shutdown). */
  stop(hub: H): Promise<void>;
  /** Why the node cannot do its job right now (health says `degraded`), or null. */
  degradedReason?(hub: H): string | null;
}

/**
 * Build the server: the server core (hub, commands, REST table, fan-out) with its adapters —
 * Fastify for REST, Socket.IO on the same HTTP server, the seed's raw WebSocket beside them —
 * and the demo simulation running when `config.demoSimulation`.
 *
 * @example
 * const server = await createServer(loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }));
 * const url = await server.listen();
 * await server.close();
 */
export function createServer(
  config: ServerConfig,
  options: CreateServerOptions = {},
): Promise<SimstreamServer> {
  return buildServer(config, options, {
    make: (parts) => createEmbeddedHub({ ...parts, hubOptions: options.hub }),
    start: async ({ hub, log }) =>
      config.demoSimulation
        ? startDemoSimulation(hub, {
            id: config.demoSimulationId,
            stepIntervalMs: config.stepIntervalMs,
            log,
          }).id
        : null,
    stop: async (hub) => hub.dispose(),
  });
}

/**
 * The server around the hub `plan` makes; `createServer` and `createClusterServer` are its
 * two plans.
 *
 * @example
 * const server = await buildServer(config, {}, plan);
 */
export async function buildServer<H extends CoreHub>(
  config: ServerConfig,
  options: CreateServerOptions,
  plan: HubPlan<H>,
): Promise<SimstreamServer<H>> {
  const metrics = createMetrics();
  const app = createApp(config, metrics);
  const log = app.log;
  const auth = createAuthenticator({ secret: config.authJwtSecret, jwksUrl: config.authJwksUrl });
  let shuttingDown = false;
  const isShuttingDown = () => shuttingDown;
  const io = createIoServer(app.server, { config, metrics, log, isShuttingDown });
  // A cluster node: what Socket.IO itself broadcasts reaches every node (events stay local).
  const adapter = config.redisUrl ? attachRedisAdapter(io, config.redisUrl, log) : null;
  const hub = plan.make({ config, metrics, log });
  const core = createCore({
    config,
    io,
    metrics,
    log,
    hub,
    ...(options.hub?.clock ? { clock: options.hub.clock } : {}),
  });
  const limiter = new RateLimiterMemory({ points: config.maxMessageRate, duration: 1 });
  registerSocketHandlers(io, { core, metrics, log, limiter, auth });
  const stopSlowConsumerWatch = watchSlowConsumers(io, {
    maxUnsentBytes: config.maxUnsentBytes,
    intervalMs: options.slowConsumerCheckMs ?? 1_000,
    metrics,
    log,
  });
  const raw = attachRawWsEndpoint(app.server, { config, core, metrics, log, auth, isShuttingDown });
  const degradedReason = plan.degradedReason && (() => plan.degradedReason?.(hub) ?? null);
  await registerHttp(app, { config, core, io, metrics, auth, isShuttingDown, degradedReason });

  const demoSimulationId = await plan.start({ hub, core, log });
  const shutdown = gracefulShutdown({
    app,
    io,
    core,
    raw,
    timeoutMs: config.shutdownTimeoutMs,
    beforeClose: () => {
      shuttingDown = true;
      stopSlowConsumerWatch();
    },
    stopHub: () => plan.stop(hub),
  });
  const close = async () => {
    await shutdown();
    adapter?.close();
  };

  return {
    app,
    io,
    hub,
    core,
    metrics,
    demoSimulationId,
    async listen() {
      // A reconnect storm brings thousands of handshakes within a second: beyond the accept
      // queue the kernel drops SYNs and those clients retry after 1, 3, 7… s. Node's default
      // queue is 511; the kernel caps this at net.core.somaxconn.
      await app.listen({ port: config.port, host: config.host, backlog: LISTEN_BACKLOG });
      const address = app.server.address() as AddressInfo;
      const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
      return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
    },
    close,
  };
}
