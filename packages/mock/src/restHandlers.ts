import type { SimulationHub, SimulationRuntime } from '@simstream/hub';
import {
  API_PREFIX,
  ERROR_HTTP_STATUS,
  type EntityResponse,
  type ErrorBody,
  type ProtocolError,
  createSimulationRequestSchema,
  decisionAnswerBodySchema,
  eventsQuerySchema,
  idSchema,
  parseMessage,
  shockInputSchema,
} from '@simstream/protocol';
import { http, HttpResponse, type HttpHandler } from 'msw';
import type { MockServer } from './mockServer.js';

function fail(error: ProtocolError, status: number = ERROR_HTTP_STATUS[error.code]): Response {
  return HttpResponse.json<ErrorBody>({ error }, { status });
}

async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return Symbol.for('invalid-json');
  }
}

/**
 * msw handlers for the REST API under `/api/v1`, with the routes, bodies, statuses and error
 * shapes of apps/server, answered from the same hub runtime the stream comes from.
 * `origin` is the server origin the client is given (e.g. `http://sim.test`); `*` matches any.
 *
 * @example
 * worker.use(...createRestHandlers({ origin: 'http://sim.test', hub, server }));
 */
export function createRestHandlers(options: {
  origin: string;
  hub: SimulationHub;
  server: MockServer;
}): HttpHandler[] {
  const { hub, server } = options;
  const base = `${options.origin.replace(/\/$/, '')}${API_PREFIX}`;

  /** Faults first (down: network error, unauthorized: 401), then the runtime named by `:id`. */
  const guard = (): Response | null => {
    if (server.faults.down) return HttpResponse.error();
    if (server.faults.unauthorized) {
      return fail({
        code: 'unauthorized',
        message: 'A valid token is required: send Authorization: Bearer <token>.',
      });
    }
    return null;
  };
  const find = (id: unknown): SimulationRuntime | Response => {
    const parsed = parseMessage(idSchema, id, 'simulation id');
    if (!parsed.ok) return fail(parsed.error);
    return (
      hub.get(parsed.value) ??
      fail({
        code: 'unknown_simulation',
        message: `No simulation "${parsed.value}"; list the running ones with GET /api/v1/simulations.`,
      })
    );
  };
  const summary = (runtime: SimulationRuntime) => runtime.summary(server.viewers(runtime.id));

  /** A route on one simulation: guard, find, then the body of the route. */
  const onSimulation =
    (
      route: (
        runtime: SimulationRuntime,
        request: Request,
        params: Record<string, unknown>,
      ) => Response | Promise<Response>,
    ) =>
    ({ request, params }: { request: Request; params: Record<string, unknown> }) => {
      const refused = guard();
      if (refused) return refused;
      const runtime = find(params.id);
      return runtime instanceof Response ? runtime : route(runtime, request, params);
    };

  return [
    http.get(`${base}/health`, () => guard() ?? HttpResponse.json({ status: 'ok' })),

    http.get(`${base}/simulations`, () => guard() ?? HttpResponse.json(hub.list().map(summary))),

    http.post(`${base}/simulations`, async ({ request }) => {
      const refused = guard();
      if (refused) return refused;
      const body = await readJson(request);
      const parsed = parseMessage(
        createSimulationRequestSchema,
        // No body at all means defaults; a JSON `null` is a body, and not an object.
        body === undefined ? {} : body,
        'create simulation request',
      );
      if (!parsed.ok) return fail(parsed.error);
      const created = hub.create(parsed.value);
      if (!created.ok) return fail(created.error);
      return HttpResponse.json(summary(created.value), { status: 201 });
    }),

    http.get(
      `${base}/simulations/:id`,
      onSimulation((runtime) => HttpResponse.json(summary(runtime))),
    ),

    http.get(
      `${base}/simulations/:id/snapshot`,
      onSimulation((runtime) => HttpResponse.json(runtime.snapshot())),
    ),

    http.get(
      `${base}/simulations/:id/events`,
      onSimulation((runtime, request) => {
        const url = new URL(request.url);
        const query = parseMessage(
          eventsQuerySchema,
          Object.fromEntries(url.searchParams),
          'events query',
        );
        if (!query.ok) return fail(query.error);
        return HttpResponse.json(
          runtime.eventsSince(query.value.since, query.value.limit, query.value.epoch),
        );
      }),
    ),

    http.get(
      `${base}/simulations/:id/decisions`,
      onSimulation((runtime) => HttpResponse.json(runtime.decisions())),
    ),

    http.get(
      `${base}/simulations/:id/entities/:entityId`,
      onSimulation((runtime, _request, params) => {
        const entityId = parseMessage(idSchema, params.entityId, 'entity id');
        if (!entityId.ok) return fail(entityId.error);
        const { seq, snapshot } = runtime.snapshot();
        const entity = snapshot.entities.find((e) => e.id === entityId.value);
        if (!entity) {
          return fail(
            {
              code: 'unknown_entity',
              message: `No entity "${entityId.value}" in simulation "${runtime.id}".`,
            },
            404,
          );
        }
        const body: EntityResponse = { seq, entity };
        return HttpResponse.json(body);
      }),
    ),

    http.post(
      `${base}/simulations/:id/shocks`,
      onSimulation(async (runtime, request) => {
        const shock = parseMessage(shockInputSchema, await readJson(request), 'shock');
        if (!shock.ok) return fail(shock.error);
        const result = runtime.applyShock(shock.value);
        return result.ok ? HttpResponse.json(result.value, { status: 202 }) : fail(result.error);
      }),
    ),

    ...(['pause', 'resume', 'reset'] as const).map((action) =>
      http.post(
        `${base}/simulations/:id/${action}`,
        onSimulation((runtime) => {
          runtime[action]();
          return HttpResponse.json(summary(runtime));
        }),
      ),
    ),

    http.post(
      `${base}/simulations/:id/decisions/:decisionId`,
      onSimulation(async (runtime, request, params) => {
        const decisionId = parseMessage(idSchema, params.decisionId, 'decision id');
        if (!decisionId.ok) return fail(decisionId.error);
        const body = parseMessage(
          decisionAnswerBodySchema,
          await readJson(request),
          'decision answer',
        );
        if (!body.ok) return fail(body.error);
        const viewer = parseMessage(idSchema, request.headers.get('x-viewer-id'), 'viewer id');
        const ack = runtime.answerDecision({
          decisionId: decisionId.value,
          choice: body.value.choice,
          idempotencyKey: body.value.idempotencyKey,
          answeredBy: viewer.ok ? viewer.value : 'rest:mock',
        });
        return ack.ok ? HttpResponse.json(ack) : fail(ack.error);
      }),
    ),

    http.delete(
      `${base}/simulations/:id`,
      onSimulation((runtime) => {
        hub.remove(runtime.id);
        return new HttpResponse(null, { status: 204 });
      }),
    ),
  ];
}
