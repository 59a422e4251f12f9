import {
  type CoreHub,
  type HubOptions,
  type ServerCore,
  REPLAY_PAGE_BYTES,
  type SimulationHub,
  createHub,
  createServerCore,
  systemClock,
} from '@simstream/hub';
import type { FastifyBaseLogger } from 'fastify';
import type { ServerConfig } from './config.js';
import type { ServerMetrics } from './metrics.js';
import { fanoutMetrics } from './socket/fanoutMetrics.js';
import type { IoServer } from './socket/types.js';
import { createWorkBudget } from './workBudget.js';

/**
 * The embedded hub: every simulation in this process's memory. Runtime errors are logged and
 * counted.
 *
 * @example
 * const hub = createEmbeddedHub({ config, metrics, log, hubOptions: { clock } });
 */
export function createEmbeddedHub(deps: {
  config: ServerConfig;
  metrics: ServerMetrics;
  log: FastifyBaseLogger;
  hubOptions?: Partial<HubOptions> | undefined;
}): SimulationHub {
  const { config, metrics, log } = deps;
  return createHub({
    logCapacity: config.replayLogSize,
    // Backstop for direct hub use; the REST budget refuses earlier with a clearer 429.
    maxSimulations: config.maxSimulations,
    // The runtime survives a throwing listener or engine step; the log says it happened.
    onError: (err, context) => {
      metrics.errors.inc({ code: 'internal' });
      log.error({ err, ...context }, 'simulation runtime error');
    },
    ...deps.hubOptions,
    defaults: { stepIntervalMs: config.stepIntervalMs, ...deps.hubOptions?.defaults },
  });
}

/**
 * The server core of this server around a hub (the embedded one or a cluster node's): frames
 * broadcast to this node's Socket.IO rooms (encoded once per room), the work budget and the
 * demo's protection as REST policy.
 *
 * @example
 * const core = createCore({ config, io, metrics, log, hub: createEmbeddedHub({ config, metrics, log }) });
 */
export function createCore<H extends CoreHub>(deps: {
  config: ServerConfig;
  io: IoServer;
  metrics: ServerMetrics;
  log: FastifyBaseLogger;
  hub: H;
  clock?: HubOptions['clock'];
}): ServerCore<H> {
  const { config, io, metrics, log, hub } = deps;
  const budget = createWorkBudget(
    hub,
    { maxSimulations: config.maxSimulations, maxWork: config.maxWork },
    config.stepIntervalMs,
  );
  const demoId = config.demoSimulation ? config.demoSimulationId : null;
  return createServerCore({
    hub,
    clock: deps.clock ?? systemClock,
    fanout: {
      // Node-local: with Socket.IO's Redis adapter every node feeds its own viewers from the
      // log, so a cluster-wide broadcast would deliver each frame once per node.
      broadcast: (room, batch) => io.local.to(room).emit('events', batch),
      observer: fanoutMetrics(metrics, log),
      // A replay page is at most half the connection's budget of unsent bytes, so a replay
      // going out page by page (one page in flight) is never cut as a slow consumer.
      replayPageBytes: Math.min(REPLAY_PAGE_BYTES, Math.floor(config.maxUnsentBytes / 2)),
    },
    policy: {
      admitCreate: (request) => budget.admitCreate(request),
      admitResume: (runtime) => budget.admitResume(runtime),
      // With auth on, only an authenticated caller reaches a mutating route at all.
      admitDelete: (runtime) =>
        runtime.id === demoId && config.authJwtSecret === null && config.authJwksUrl === null
          ? {
              code: 'conflict',
              message: `Simulation "${runtime.id}" is the demo every visitor sees and cannot be deleted; create your own with POST /api/v1/simulations.`,
            }
          : null,
    },
    onCommandError: (err, { event, connectionId }) =>
      log.error({ err, event, socketId: connectionId }, 'socket handler failed'),
  });
}
