import { hubRuntimeDefaults } from '@simstream/hub';
import { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';
import { Counter } from 'prom-client';
import type { ServerConfig } from './config.js';
import { DEMO_SETTINGS } from './demo.js';
import type { ServerMetrics } from './metrics.js';
import { RedisHub } from './redis/redisHub.js';
import { type CreateServerOptions, type SimstreamServer, buildServer } from './server.js';

/**
 * ioredis settings of a node: a command waits through an outage (it is sent once the
 * connection is back) instead of failing after a few retries, so an owner's pending write
 * simply lands late — its simulation holds meanwhile — and nothing throws unhandled.
 */
export const NODE_REDIS_OPTIONS = {
  maxRetriesPerRequest: null,
  enableOfflineQueue: true,
  retryStrategy: (attempt: number) => Math.min(50 * attempt, 1_000),
} as const;

/**
 * Every takeover in the log and in `simstream_rebuilds_total{from}`: where its rebuild started
 * (`rebuild.fromTimestep`, a checkpoint's or 0) and, as a warning, every checkpoint it had to
 * pass over and why (it then rebuilt from an older one or from the start).
 */
function logRebuilds(hub: RedisHub, log: FastifyBaseLogger, metrics: ServerMetrics): void {
  const rebuilds = new Counter({
    name: 'simstream_rebuilds_total',
    help: 'Takeovers rebuilt here, by where the replay started: checkpoint or start',
    labelNames: ['from'],
    registers: [metrics.registry],
  });
  hub.onRebuild((simulationId, rebuild) => {
    if (!rebuild) return log.info({ simulationId }, 'taking over: rebuild started');
    if (rebuild.problems.length > 0) {
      log.warn(
        { simulationId, problems: rebuild.problems, from: rebuild.from },
        `checkpoint unusable; rebuilt from ${rebuild.from === 'start' ? 'the start of the input log' : 'an older checkpoint'}`,
      );
    }
    rebuilds.inc({ from: rebuild.from });
    log.info({ simulationId, rebuild }, 'taken over');
  });
}

/**
 * A cluster node (`REDIS_URL` set): the same server, whose simulations live in Redis —
 * event-sourced, each stepped by one node under a lease, served by every node from its event
 * log. It connects to Redis, loads every simulation there, takes over those without a live
 * owner, and creates the demo unless another node already did. Closing hands its simulations
 * over (leases released) before it stops.
 *
 * @example
 * const node = await createClusterServer(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', PORT: '0' }));
 * await node.listen();
 */
export function createClusterServer(
  config: ServerConfig,
  options: CreateServerOptions & {
    nodeId?: string;
    /** Longest wait for another node's owner to answer a command, ms (default 10,000). */
    commandTimeoutMs?: number;
  } = {},
): Promise<SimstreamServer<RedisHub>> {
  if (!config.redisUrl) throw new Error('createClusterServer needs config.redisUrl (REDIS_URL).');
  const redisUrl = config.redisUrl;
  let redis: Redis | null = null;
  let onRemoved: (id: string) => void = () => {};
  return buildServer(config, options, {
    make: ({ metrics, log }) => {
      redis = new Redis(redisUrl, NODE_REDIS_OPTIONS);
      // ioredis reports a lost connection as an 'error' event: logged, and retried by itself.
      redis.on('error', (err: unknown) => log.debug({ err }, 'redis connection error'));
      const hub = new RedisHub({
        redis,
        defaults: hubRuntimeDefaults({
          stepIntervalMs: config.stepIntervalMs,
          ...options.hub?.defaults,
        }),
        logCapacity: config.replayLogSize,
        maxSimulations: config.maxSimulations,
        leaseMs: config.redisLeaseMs,
        ...(options.commandTimeoutMs ? { commandTimeoutMs: options.commandTimeoutMs } : {}),
        checkpointSteps: config.redisCheckpointSteps,
        ...((options.nodeId ?? config.nodeId) ? { nodeId: options.nodeId ?? config.nodeId! } : {}),
        onError: (err, context) => {
          metrics.errors.inc({ code: 'internal' });
          log.error({ err, ...context }, 'cluster node error');
        },
        onRemoved: (id) => onRemoved(id),
      });
      logRebuilds(hub, log, metrics);
      return hub;
    },
    start: async ({ hub, core, log }) => {
      onRemoved = (id) => core.fanout.removeSimulation(id, `Simulation "${id}" was deleted.`);
      await hub.start();
      log.info({ nodeId: hub.nodeId, simulations: hub.list().length }, 'cluster node started');
      if (!config.demoSimulation) return null;
      if (!hub.get(config.demoSimulationId)) {
        await hub.create({
          id: config.demoSimulationId,
          seed: DEMO_SETTINGS.seed,
          stepIntervalMs: config.stepIntervalMs,
          maxTimesteps: DEMO_SETTINGS.maxTimesteps,
          decisionPolicy: { deadlineSteps: DEMO_SETTINGS.deadlineSteps },
        });
      }
      return config.demoSimulationId;
    },
    stop: async (hub) => {
      await hub.close();
      redis?.disconnect();
    },
    degradedReason: (hub) => hub.degradedReason(),
  });
}
