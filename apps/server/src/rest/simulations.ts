import type { Grant, RestRoute, CoreHub, ServerCore } from '@simstream/hub';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Authenticator } from '../auth.js';
import type { ServerMetrics } from '../metrics.js';
import { sendError } from './errors.js';

export interface SimulationRoutesDeps {
  core: ServerCore<CoreHub>;
  metrics: ServerMetrics;
  auth: Authenticator;
  /** Creates per minute per IP on `POST /simulations`. */
  createRateLimit: number;
  /**
   * `Retry-After` (s) on a 503 `unavailable` — about one lease, the time a cluster takes to
   * give a simulation its next owner.
   */
  retryAfterSeconds: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** JWT subject of the call, when auth is on. */
    principal?: string | null;
    /** What the call's token allows (role, simulations), when auth is on. */
    grant?: Grant;
  }
}

/** `Authorization: Bearer <jwt>` on every call when auth is on; the core checks its grant. */
function requireAuth(deps: SimulationRoutesDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!deps.auth.required) return;
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : null;
    const principal = await deps.auth.verify(token);
    if (!principal) {
      return sendError(reply, deps.metrics, {
        code: 'unauthorized',
        message: 'A valid token is required: send Authorization: Bearer <token>.',
      });
    }
    request.principal = principal.subject;
    if (principal.grant) request.grant = principal.grant;
  };
}

/** Run one row of the core's table on a Fastify request and send its answer. */
function handler(route: RestRoute, { metrics, retryAfterSeconds }: SimulationRoutesDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { status, body } = await route.handle({
      params: request.params as Record<string, string>,
      query: { ...(request.query as object) },
      body: request.body,
      principal: request.principal ?? null,
      ...(request.grant ? { grant: request.grant } : {}),
      viewerId: request.headers['x-viewer-id'],
      remote: `rest:${request.ip}`,
    });
    const failed = body as { error?: { code?: string } } | undefined;
    if (status >= 400 && failed?.error?.code) metrics.errors.inc({ code: failed.error.code });
    if (failed?.error?.code === 'unavailable') reply.header('retry-after', retryAfterSeconds);
    return body === undefined ? reply.code(status).send() : reply.code(status).send(body);
  };
}

/**
 * The Fastify adapter of the core's REST table (`/api/v1/simulations…`): registers each row,
 * requires a token on every row when auth is on (the core checks its role and simulations), and gives creating — the expensive call —
 * a stricter per-IP rate limit than the global one. Routes, validation and errors are the core's.
 *
 * @example
 * await app.register(simulationRoutes({ core, metrics, auth, createRateLimit: 10, retryAfterSeconds: 2 }), { prefix: '/api/v1' });
 */
export function simulationRoutes(deps: SimulationRoutesDeps) {
  return async (app: FastifyInstance) => {
    const authenticated = requireAuth(deps);
    const createLimit = { rateLimit: { max: deps.createRateLimit, timeWindow: 60_000 } };
    for (const route of deps.core.routes) {
      app.route({
        method: route.method,
        url: route.path,
        preHandler: authenticated,
        ...(route.name === 'createSimulation' ? { config: createLimit } : {}),
        handler: handler(route, deps),
      });
    }
  };
}
