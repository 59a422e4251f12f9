import type { ProtocolError } from '@simstream/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import type { ServerMetrics } from '../metrics.js';
import { sendError } from './errors.js';

/** A route's own per-IP limit, in its Fastify `config`: `{ rateLimit: { max, timeWindow } }`. */
export interface RouteRateLimit {
  max: number;
  /** Window in ms. */
  timeWindow: number;
}

export interface HttpRateLimitOptions {
  /** Requests per minute per client address, over every route but the allowlisted ones. */
  max: number;
  /** Paths never limited (health checks, metrics scrapes). */
  allowList: readonly string[];
  /** Share the budgets through this Redis (every node counts against one); memory when null. */
  redisUrl: string | null;
  metrics: ServerMetrics;
}

/** How long starting waits for the limiters' Redis connection before counting in memory. */
const CONNECT_WAIT_MS = 5_000;

/**
 * The Redis client of the limiters: no offline queue and no retries per command, so while
 * Redis is unreachable a request is not held — the in-memory insurance limiter decides.
 * Resolves once connected (or after {@link CONNECT_WAIT_MS}: it keeps trying by itself).
 */
async function limiterRedis(url: string, log: FastifyInstance['log']): Promise<Redis> {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(100 * attempt, 1_000),
  });
  redis.on('error', (err) => log.debug({ err }, 'rate limit redis connection error'));
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, CONNECT_WAIT_MS);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return redis;
}

/** One limiter: in Redis (with a per-node memory limiter as insurance during outages) or memory. */
function limiter(redis: Redis | null, name: string, points: number, windowMs: number) {
  const duration = Math.max(1, Math.round(windowMs / 1000));
  const memory = new RateLimiterMemory({ points, duration, keyPrefix: name });
  if (!redis) return memory;
  return new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `simstream:ratelimit:${name}`,
    points,
    duration,
    rejectIfRedisNotReady: true,
    insuranceLimiter: memory,
  });
}

/** Consume one point of `key`; on refusal answer 429 `rate_limited` with Retry-After. */
async function consumeOrRefuse(
  target: { limiter: RateLimiterAbstract; what: string },
  request: FastifyRequest,
  reply: FastifyReply,
  metrics: ServerMetrics,
): Promise<FastifyReply | undefined> {
  try {
    const res = await target.limiter.consume(request.ip);
    reply.header('x-ratelimit-limit', target.limiter.points);
    reply.header('x-ratelimit-remaining', res.remainingPoints);
    return undefined;
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    const retrySeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    reply.header('retry-after', retrySeconds);
    reply.header('x-ratelimit-limit', target.limiter.points);
    reply.header('x-ratelimit-remaining', 0);
    const error: ProtocolError = {
      code: 'rate_limited',
      message: `Too many requests; at most ${target.what} from one address. Retry in ${retrySeconds} s.`,
    };
    return sendError(reply, metrics, error);
  }
}

/**
 * Per-address HTTP rate limits (rate-limiter-flexible): `max` requests a minute on every
 * route, and a route's own stricter limit from its `config.rateLimit` (creating simulations).
 * With `redisUrl` every node of a cluster counts against the same budget, so a client gains
 * nothing by being balanced over nodes; while Redis is unreachable each node limits on its own.
 * Await it before the routes are registered.
 *
 * @example
 * await installHttpRateLimits(app, { max: 600, allowList: ['/metrics'], redisUrl: config.redisUrl, metrics });
 * app.post('/simulations', { config: { rateLimit: { max: 10, timeWindow: 60_000 } } }, create);
 */
export async function installHttpRateLimits(
  app: FastifyInstance,
  options: HttpRateLimitOptions,
): Promise<void> {
  const redis = options.redisUrl ? await limiterRedis(options.redisUrl, app.log) : null;
  const global = {
    limiter: limiter(redis, 'http', options.max, 60_000),
    what: `${options.max} a minute`,
  };
  app.addHook('onRoute', (route) => {
    const own = (route.config as { rateLimit?: RouteRateLimit } | undefined)?.rateLimit;
    if (!own) return;
    const name = `route:${route.method}:${route.url}`;
    const target = {
      limiter: limiter(redis, name, own.max, own.timeWindow),
      what: `${own.max} per ${Math.round(own.timeWindow / 1000)} s for this call`,
    };
    // First, before the token is verified: a refused caller costs as little as possible.
    const check = (request: FastifyRequest, reply: FastifyReply) =>
      consumeOrRefuse(target, request, reply, options.metrics);
    route.preHandler = [check, ...[route.preHandler ?? []].flat()];
  });
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (options.allowList.includes(path)) return;
    return consumeOrRefuse(global, request, reply, options.metrics);
  });
  app.addHook('onClose', async () => {
    redis?.disconnect();
  });
}
