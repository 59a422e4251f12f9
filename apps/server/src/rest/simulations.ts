import type { SimulationHub, SimulationRuntime } from '@simstream/hub';
import {
  type EntityResponse,
  type ProtocolError,
  createSimulationRequestSchema,
  decisionAnswerBodySchema,
  eventsQuerySchema,
  idSchema,
  parseMessage,
  shockInputSchema,
} from '@simstream/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Authenticator } from '../auth.js';
import type { ServerMetrics } from '../metrics.js';
import type { SimulationStreams } from '../socket/streams.js';
import type { WorkBudget } from '../workBudget.js';
import { sendError } from './errors.js';

export interface SimulationRoutesDeps {
  hub: SimulationHub;
  streams: SimulationStreams;
  metrics: ServerMetrics;
  auth: Authenticator;
  budget: WorkBudget;
  /** Creates per minute per IP on `POST /simulations`. */
  createRateLimit: number;
  /** The demo simulation: only an authenticated caller (auth on) may delete it. */
  demoSimulationId: string | null;
}

type IdParams = { id: string };

/** `Authorization: Bearer <jwt>` on mutating calls when auth is on. */
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
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** JWT subject of a mutating call, when auth is on. */
    principal?: string | null;
  }
}

/**
 * REST routes under `/api/v1/simulations`. Every parameter and body is validated with the
 * protocol schemas; errors are `{ error: { code, message, issues? } }`.
 *
 * @example
 * await app.register(simulationRoutes(deps), { prefix: '/api/v1' });
 */
export function simulationRoutes(deps: SimulationRoutesDeps) {
  const { hub, streams, metrics } = deps;
  const fail = (reply: FastifyReply, error: ProtocolError, status?: number) =>
    sendError(reply, metrics, error, status);

  /** The runtime named by `:id`, or an error reply (400 bad id, 404 unknown). */
  const find = (
    request: FastifyRequest<{ Params: IdParams }>,
    reply: FastifyReply,
  ): SimulationRuntime | null => {
    const id = parseMessage(idSchema, request.params.id, 'simulation id');
    if (!id.ok) {
      fail(reply, id.error);
      return null;
    }
    const runtime = hub.get(id.value);
    if (!runtime) {
      fail(reply, {
        code: 'unknown_simulation',
        message: `No simulation "${id.value}"; list the running ones with GET /api/v1/simulations.`,
      });
      return null;
    }
    return runtime;
  };
  const summary = (runtime: SimulationRuntime) => runtime.summary(streams.viewerCount(runtime.id));

  return async (app: FastifyInstance) => {
    const mutating = { preHandler: requireAuth(deps) };

    app.get('/simulations', async () => hub.list().map(summary));

    // Creating is the expensive call: a stricter per-IP limit than the global one.
    const createLimit = { rateLimit: { max: deps.createRateLimit, timeWindow: 60_000 } };
    app.post('/simulations', { ...mutating, config: createLimit }, async (request, reply) => {
      const parsed = parseMessage(
        createSimulationRequestSchema,
        // No body at all means defaults; a JSON `null` is a body, and not an object.
        request.body === undefined ? {} : request.body,
        'create simulation request',
      );
      if (!parsed.ok) return fail(reply, parsed.error);
      const refused = deps.budget.admitCreate(parsed.value);
      if (refused) return fail(reply, refused);
      const created = hub.create(parsed.value);
      if (!created.ok) return fail(reply, created.error);
      return reply.code(201).send(summary(created.value));
    });

    app.get<{ Params: IdParams }>('/simulations/:id', async (request, reply) => {
      const runtime = find(request, reply);
      return runtime ? summary(runtime) : reply;
    });

    app.get<{ Params: IdParams }>('/simulations/:id/snapshot', async (request, reply) => {
      const runtime = find(request, reply);
      return runtime ? runtime.snapshot() : reply;
    });

    app.get<{ Params: IdParams }>('/simulations/:id/events', async (request, reply) => {
      const runtime = find(request, reply);
      if (!runtime) return reply;
      const query = parseMessage(
        eventsQuerySchema,
        { ...(request.query as object) },
        'events query',
      );
      if (!query.ok) return fail(reply, query.error);
      return runtime.eventsSince(query.value.since, query.value.limit, query.value.epoch);
    });

    app.get<{ Params: IdParams }>('/simulations/:id/decisions', async (request, reply) => {
      const runtime = find(request, reply);
      return runtime ? runtime.decisions() : reply;
    });

    app.get<{ Params: IdParams & { entityId: string } }>(
      '/simulations/:id/entities/:entityId',
      async (request, reply) => {
        const runtime = find(request, reply);
        if (!runtime) return reply;
        const entityId = parseMessage(idSchema, request.params.entityId, 'entity id');
        if (!entityId.ok) return fail(reply, entityId.error);
        const { seq, snapshot } = runtime.snapshot();
        const entity = snapshot.entities.find((e) => e.id === entityId.value);
        if (!entity) {
          return fail(
            reply,
            {
              code: 'unknown_entity',
              message: `No entity "${entityId.value}" in simulation "${runtime.id}".`,
            },
            404,
          );
        }
        const body: EntityResponse = { seq, entity };
        return body;
      },
    );

    app.post<{ Params: IdParams }>('/simulations/:id/shocks', mutating, async (request, reply) => {
      const runtime = find(request, reply);
      if (!runtime) return reply;
      const shock = parseMessage(shockInputSchema, request.body, 'shock');
      if (!shock.ok) return fail(reply, shock.error);
      const result = runtime.applyShock(shock.value);
      if (!result.ok) return fail(reply, result.error);
      return reply.code(202).send(result.value);
    });

    for (const action of ['pause', 'resume', 'reset'] as const) {
      app.post<{ Params: IdParams }>(
        `/simulations/:id/${action}`,
        mutating,
        async (request, reply) => {
          const runtime = find(request, reply);
          if (!runtime) return reply;
          if (action === 'resume') {
            const refused = deps.budget.admitResume(runtime);
            if (refused) return fail(reply, refused);
          }
          runtime[action]();
          return summary(runtime);
        },
      );
    }

    app.post<{ Params: IdParams & { decisionId: string } }>(
      '/simulations/:id/decisions/:decisionId',
      mutating,
      async (request, reply) => {
        const runtime = find(request, reply);
        if (!runtime) return reply;
        const decisionId = parseMessage(idSchema, request.params.decisionId, 'decision id');
        if (!decisionId.ok) return fail(reply, decisionId.error);
        const body = parseMessage(decisionAnswerBodySchema, request.body, 'decision answer');
        if (!body.ok) return fail(reply, body.error);
        const viewer = parseMessage(idSchema, request.headers['x-viewer-id'], 'viewer id');
        const ack = runtime.answerDecision({
          decisionId: decisionId.value,
          choice: body.value.choice,
          idempotencyKey: body.value.idempotencyKey,
          answeredBy: request.principal ?? (viewer.ok ? viewer.value : `rest:${request.ip}`),
        });
        if (!ack.ok) return fail(reply, ack.error);
        return ack;
      },
    );

    app.delete<{ Params: IdParams }>('/simulations/:id', mutating, async (request, reply) => {
      const runtime = find(request, reply);
      if (!runtime) return reply;
      // With auth on, requireAuth already let only an authenticated caller get here.
      if (runtime.id === deps.demoSimulationId && !deps.auth.required) {
        return fail(reply, {
          code: 'conflict',
          message: `Simulation "${runtime.id}" is the demo every visitor sees and cannot be deleted; create your own with POST /api/v1/simulations.`,
        });
      }
      hub.remove(runtime.id);
      streams.removeSimulation(runtime.id, `Simulation "${runtime.id}" was deleted.`);
      return reply.code(204).send();
    });
  };
}
