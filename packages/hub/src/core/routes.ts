import {
  type CreateSimulationRequest,
  ERROR_HTTP_STATUS,
  type EntityResponse,
  type ErrorBody,
  type ProtocolError,
  createSimulationRequestSchema,
  decisionAnswerBodySchema,
  eventsQuerySchema,
  timelineQuerySchema,
  idSchema,
  parseMessage,
  shockInputSchema,
} from '@simstream/protocol';
import { type MaybePromise, whenReady } from '../maybePromise.js';
import type { CoreHub, CoreRuntime } from '../types.js';
import { type Access, type Grant, authorize, maySee } from './access.js';
import type { Fanout } from './fanout.js';
import { withRuntime } from './withRuntime.js';

/** One REST call as every adapter hands it to the core: JSON already parsed, params named. */
export interface RestRequest {
  params: Readonly<Record<string, string | undefined>>;
  query: Readonly<Record<string, unknown>>;
  /** The parsed JSON body (undefined when there was none). */
  body: unknown;
  /** The authenticated caller (the token's subject), when the adapter checked one. */
  principal?: string | null;
  /** What the caller's token allows; undefined on an open server (everything allowed). */
  grant?: Grant;
  /** The `x-viewer-id` header: the caller's label for `answered_by`, validated here. */
  viewerId?: unknown;
  /** Label of an anonymous caller without a viewer id, e.g. `rest:127.0.0.1`. */
  remote: string;
}

/** What the core answers: a status and a JSON body (none for 204). */
export interface RestResponse {
  status: number;
  body?: unknown;
}

/** One row of the REST table: adapters register `method path` and call `handle`. */
export interface RestRoute {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path under `/api/v1`, with `:name` parameters (the syntax of Fastify and msw alike). */
  path: string;
  /** The name adapters hang transport options on (e.g. a stricter rate limit on `createSimulation`). */
  name: string;
  /** Changes state (the core checks the caller's grant on every row, mutating or not). */
  mutating: boolean;
  /** Answers at once, or (a cluster node's mutation, logged first) later. */
  handle(request: RestRequest): MaybePromise<RestResponse>;
}

/** Server policy the routes consult; each hook returns the error to answer, or null to go on. */
export interface RestPolicy {
  admitCreate?(request: CreateSimulationRequest): ProtocolError | null;
  admitResume?(runtime: CoreRuntime): ProtocolError | null;
  admitDelete?(runtime: CoreRuntime, request: RestRequest): ProtocolError | null;
}

export interface RestDeps {
  hub: CoreHub;
  fanout: Fanout;
  policy?: RestPolicy;
}

/**
 * The error answer: `{ error: { code, message, issues? } }` with the code's HTTP status.
 *
 * @example
 * return restError({ code: 'unknown_entity', message: 'No entity "BANK_9".' });
 */
export function restError(
  error: ProtocolError,
  status: number = ERROR_HTTP_STATUS[error.code],
): RestResponse {
  const body: ErrorBody = { error };
  return { status, body };
}

const ok = (body: unknown, status = 200): RestResponse => ({ status, body });

type SimulationHandler = (runtime: CoreRuntime, request: RestRequest) => MaybePromise<RestResponse>;

type HandlerName =
  | 'getSimulation'
  | 'getSnapshot'
  | 'getTimeline'
  | 'getEvents'
  | 'getDecisions'
  | 'applyShock'
  | 'pause'
  | 'resume'
  | 'reset'
  | 'deleteSimulation';

/** The handlers of the routes on one simulation, each named for its route. */
function simulationHandlers(
  deps: RestDeps,
): Record<HandlerName, SimulationHandler> & { summary(runtime: CoreRuntime): unknown } {
  const { hub, fanout } = deps;
  const policy = deps.policy ?? {};
  const summary = (runtime: CoreRuntime) => runtime.summary(fanout.viewerCount(runtime.id));
  const control =
    (action: 'pause' | 'resume' | 'reset'): SimulationHandler =>
    (runtime) => {
      const refused = action === 'resume' ? policy.admitResume?.(runtime) : null;
      if (refused) return restError(refused);
      return whenReady(runtime[action](), (refusal) =>
        refusal ? restError(refusal.error) : ok(summary(runtime)),
      );
    };
  return {
    summary,
    getSimulation: (runtime) => ok(summary(runtime)),
    getSnapshot: (runtime) => ok(runtime.snapshot()),
    getTimeline: (runtime, request) => {
      const query = parseMessage(timelineQuerySchema, { ...request.query }, 'timeline query');
      return query.ok ? ok(runtime.timeline(query.value.timestep)) : restError(query.error);
    },
    getEvents: (runtime, request) => {
      const query = parseMessage(eventsQuerySchema, { ...request.query }, 'events query');
      if (!query.ok) return restError(query.error);
      return ok(runtime.eventsSince(query.value.since, query.value.limit, query.value.epoch));
    },
    getDecisions: (runtime) => ok(runtime.decisions()),
    applyShock: (runtime, request) => {
      const shock = parseMessage(shockInputSchema, request.body, 'shock');
      if (!shock.ok) return restError(shock.error);
      return whenReady(runtime.applyShock(shock.value), (result) =>
        result.ok ? ok(result.value, 202) : restError(result.error),
      );
    },
    pause: control('pause'),
    resume: control('resume'),
    reset: control('reset'),
    deleteSimulation: (runtime, request) => {
      const refused = policy.admitDelete?.(runtime, request);
      if (refused) return restError(refused);
      return whenReady(hub.remove(runtime.id), (removed) => {
        if (typeof removed === 'object') return restError(removed.error);
        fanout.removeSimulation(runtime.id, `Simulation "${runtime.id}" was deleted.`);
        return { status: 204 };
      });
    },
  };
}

/** Create a simulation: validate, ask the policy, create in the hub (201 with its summary). */
function createSimulation(deps: RestDeps, summary: (runtime: CoreRuntime) => unknown) {
  return (request: RestRequest): MaybePromise<RestResponse> => {
    const parsed = parseMessage(
      createSimulationRequestSchema,
      // No body at all means defaults; a JSON `null` is a body, and not an object.
      request.body === undefined ? {} : request.body,
      'create simulation request',
    );
    if (!parsed.ok) return restError(parsed.error);
    const denied = authorize(request.grant, 'admin', null);
    if (denied) return restError(denied);
    const refused = deps.policy?.admitCreate?.(parsed.value);
    if (refused) return restError(refused);
    return whenReady(deps.hub.create(parsed.value), (created) =>
      created.ok ? ok(summary(created.value), 201) : restError(created.error),
    );
  };
}

/**
 * A route on the simulation named by `:id` (400 for a bad id, 403 when the caller's grant
 * lacks `access` to it, 404 for an unknown one).
 */
function onSimulation(hub: CoreHub, access: Access, handler: SimulationHandler) {
  return (request: RestRequest): MaybePromise<RestResponse> => {
    const id = parseMessage(idSchema, request.params.id, 'simulation id');
    if (!id.ok) return restError(id.error);
    const denied = authorize(request.grant, access, id.value);
    if (denied) return restError(denied);
    return withRuntime(
      hub,
      id.value,
      (runtime) => handler(runtime, request),
      () =>
        restError({
          code: 'unknown_simulation',
          message: `No simulation "${id.value}"; list the running ones with GET /api/v1/simulations.`,
        }),
      // A read answers with at least what was logged before it (a node may trail the log).
      { current: access === 'read' },
    );
  };
}

/**
 * The REST API under `/api/v1` as a table of handlers `{ params, query, body } → { status,
 * body }`: every parameter and body validated with the protocol schemas, every error a
 * sentence. Fastify and msw register these rows; nothing here knows either.
 *
 * @example
 * for (const route of createRestRoutes({ hub, fanout })) app.route({ method: route.method, url: route.path, handler: … });
 */
export function createRestRoutes(deps: RestDeps): RestRoute[] {
  const { hub } = deps;
  const h = simulationHandlers(deps);
  const row = (
    method: RestRoute['method'],
    path: string,
    name: string,
    handle: RestRoute['handle'],
  ) => ({ method, path, name, mutating: method !== 'GET', handle }) satisfies RestRoute;
  const sim = (
    method: RestRoute['method'],
    path: string,
    name: string,
    handler: SimulationHandler,
  ) => {
    const access: Access = method === 'GET' ? 'read' : method === 'DELETE' ? 'admin' : 'operate';
    return row(method, `/simulations/:id${path}`, name, onSimulation(hub, access, handler));
  };
  // A scoped token lists only the simulations it may see.
  const list = (request: RestRequest) =>
    ok(
      hub
        .list()
        .filter((runtime) => maySee(request.grant, runtime.id))
        .map(h.summary),
    );
  return [
    row('GET', '/simulations', 'listSimulations', list),
    row('POST', '/simulations', 'createSimulation', createSimulation(deps, h.summary)),
    sim('GET', '', 'getSimulation', h.getSimulation),
    sim('GET', '/snapshot', 'getSnapshot', h.getSnapshot),
    sim('GET', '/timeline', 'getTimeline', h.getTimeline),
    sim('GET', '/events', 'getEvents', h.getEvents),
    sim('GET', '/decisions', 'getDecisions', h.getDecisions),
    sim('GET', '/entities/:entityId', 'getEntity', getEntity),
    sim('POST', '/shocks', 'applyShock', h.applyShock),
    sim('POST', '/pause', 'pauseSimulation', h.pause),
    sim('POST', '/resume', 'resumeSimulation', h.resume),
    sim('POST', '/reset', 'resetSimulation', h.reset),
    sim('POST', '/decisions/:decisionId', 'answerDecision', answerDecision),
    sim('DELETE', '', 'deleteSimulation', h.deleteSimulation),
  ];
}

function getEntity(runtime: CoreRuntime, request: RestRequest): RestResponse {
  const entityId = parseMessage(idSchema, request.params.entityId, 'entity id');
  if (!entityId.ok) return restError(entityId.error);
  const { seq, snapshot } = runtime.snapshot();
  const entity = snapshot.entities.find((e) => e.id === entityId.value);
  if (!entity) {
    return restError(
      {
        code: 'unknown_entity',
        message: `No entity "${entityId.value}" in simulation "${runtime.id}".`,
      },
      404,
    );
  }
  const body: EntityResponse = { seq, entity };
  return ok(body);
}

/** The same arbitration as `decision:answer`; the caller is named by token, header or address. */
function answerDecision(runtime: CoreRuntime, request: RestRequest): MaybePromise<RestResponse> {
  const decisionId = parseMessage(idSchema, request.params.decisionId, 'decision id');
  if (!decisionId.ok) return restError(decisionId.error);
  const body = parseMessage(decisionAnswerBodySchema, request.body, 'decision answer');
  if (!body.ok) return restError(body.error);
  const viewer = parseMessage(idSchema, request.viewerId, 'viewer id');
  const ack = runtime.answerDecision({
    decisionId: decisionId.value,
    choice: body.value.choice,
    idempotencyKey: body.value.idempotencyKey,
    answeredBy: request.principal ?? (viewer.ok ? viewer.value : request.remote),
  });
  return whenReady(ack, (answered) => (answered.ok ? ok(answered) : restError(answered.error)));
}
