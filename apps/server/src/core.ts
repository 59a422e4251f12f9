import {
  type HubOptions,
  type ServerCore,
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
 * The hub and the server core of this server: runtime errors logged and counted, frames
 * broadcast to Socket.IO rooms (encoded once per room), the work budget and the demo's
 * protection as REST policy.
 *
 * @example
 * const core = createCore({ config, io, metrics, log, hubOptions: { clock } });
 */
export function createCore(deps: {
  config: ServerConfig;
  io: IoServer;
  metrics: ServerMetrics;
  log: FastifyBaseLogger;
  hubOptions?: Partial<HubOptions>;
}): ServerCore {
  const { config, io, metrics, log } = deps;
  const hub = createHub({
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
  const budget = createWorkBudget(
    hub,
    { maxSimulations: config.maxSimulations, maxWork: config.maxWork },
    config.stepIntervalMs,
  );
  const demoId = config.demoSimulation ? config.demoSimulationId : null;
  return createServerCore({
    hub,
    clock: deps.hubOptions?.clock ?? systemClock,
    fanout: {
      // Node-local: with Socket.IO's Redis adapter every node feeds its own viewers from the
      // log, so a cluster-wide broadcast would deliver each frame once per node.
      broadcast: (room, batch) => io.local.to(room).emit('events', batch),
      observer: fanoutMetrics(metrics, log),
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
