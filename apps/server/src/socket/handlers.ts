import { type SimulationHub, subscriberView } from '@simstream/hub';
import {
  type Pong,
  decisionAnswerRequestSchema,
  idSchema,
  parseMessage,
  pingRequestSchema,
  subscribeRequestSchema,
  unsubscribeRequestSchema,
} from '@simstream/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { RateLimiterMemory } from 'rate-limiter-flexible';
import type { Authenticator } from '../auth.js';
import type { ServerMetrics } from '../metrics.js';
import { createMessageGuard, errorAck, sendAck } from './guard.js';
import type { IoServer, IoSocket, SimulationStreams } from './streams.js';

/** What the Socket.IO handlers need from the server. */
export interface SocketDeps {
  hub: SimulationHub;
  streams: SimulationStreams;
  metrics: ServerMetrics;
  log: FastifyBaseLogger;
  limiter: RateLimiterMemory;
  auth: Authenticator;
}

type Handler = (socket: IoSocket, payload: unknown, ack: unknown) => void;

/** A schema `parseMessage` accepts, and the value it yields. */
type Schema = Parameters<typeof parseMessage>[0];
type Parsed<S extends Schema> = Extract<ReturnType<typeof parseMessage<S>>, { ok: true }>['value'];

function unknownSimulation(simulationId: string) {
  return errorAck(
    'unknown_simulation',
    `No simulation "${simulationId}"; list the running ones with GET /api/v1/simulations.`,
  );
}

/**
 * A command handler: validate the payload against `schema` (an invalid one is answered with
 * an `invalid_message` ack), run the command, and send what it returns as the ack. Every
 * error ack, whoever made it, is counted in the errors metric.
 */
function command<S extends Schema>(
  deps: SocketDeps,
  schema: S,
  event: string,
  run: (socket: IoSocket, request: Parsed<S>) => object,
): Handler {
  return (socket, payload, ack) => {
    const parsed = parseMessage(schema, payload, event);
    respond(
      deps,
      socket,
      ack,
      parsed.ok
        ? run(socket, parsed.value)
        : errorAck(parsed.error.code, parsed.error.message, parsed.error.issues),
    );
  };
}

/** Subscribe: validate, join the view's room, replay from `sinceSeq`, then ack. */
function onSubscribe(deps: SocketDeps): Handler {
  return command(deps, subscribeRequestSchema, 'subscribe', (socket, request) => {
    const { simulationId, sinceSeq, epoch } = request;
    const runtime = deps.hub.get(simulationId);
    if (!runtime) return unknownSimulation(simulationId);
    return deps.streams.subscribe(socket, runtime, subscriberView(request), sinceSeq, epoch);
  });
}

function onUnsubscribe(deps: SocketDeps): Handler {
  return command(deps, unsubscribeRequestSchema, 'unsubscribe', (socket, { simulationId }) => {
    if (!deps.streams.unsubscribe(socket, simulationId)) {
      return errorAck('not_subscribed', `This connection is not subscribed to "${simulationId}".`);
    }
    return { ok: true, simulationId };
  });
}

/** Answer a decision: the hub arbitrates (first valid answer wins, idempotency keys repeat). */
function onDecisionAnswer(deps: SocketDeps): Handler {
  return command(deps, decisionAnswerRequestSchema, 'decision:answer', (socket, request) => {
    const { simulationId, decisionId, choice, idempotencyKey } = request;
    const runtime = deps.hub.get(simulationId);
    if (!runtime) return unknownSimulation(simulationId);
    return runtime.answerDecision({
      decisionId,
      choice,
      idempotencyKey,
      answeredBy: socket.data.viewerId,
    });
  });
}

function onPing(deps: SocketDeps): Handler {
  const ping = command(
    deps,
    pingRequestSchema,
    'ping',
    (): Pong => ({
      type: 'pong',
      timestamp: new Date().toISOString(),
    }),
  );
  // A bare `ping` (no payload, just an ack) is a ping too.
  return (socket, payload, ack) => ping(socket, payload ?? { type: 'ping' }, ack);
}

/** Send an ack, counting it in the errors metric when it is an error. */
function respond(deps: SocketDeps, socket: IoSocket, ack: unknown, payload: object): void {
  const failed = payload as { ok?: unknown; error?: { code?: unknown } };
  if (failed.ok === false && typeof failed.error?.code === 'string') {
    deps.metrics.errors.inc({ code: failed.error.code });
  }
  sendAck(socket, ack, payload);
}

/**
 * Wrap a handler so that whatever a client sends (no payload, no ack, a non-function ack,
 * a payload that makes a handler throw) ends in an ack or a log line, never in a crash.
 */
function guarded(deps: SocketDeps, socket: IoSocket, event: string, handler: Handler) {
  return (...args: unknown[]): void => {
    const ack =
      args.length > 1 ? args[args.length - 1] : typeof args[0] === 'function' ? args[0] : undefined;
    const payload = typeof args[0] === 'function' ? undefined : args[0];
    try {
      handler(socket, payload, ack);
    } catch (err) {
      deps.log.error({ err, event, socketId: socket.id }, 'socket handler failed');
      respond(
        deps,
        socket,
        ack,
        errorAck('internal', 'The server failed to handle this message; try again.'),
      );
    }
  };
}

/**
 * Authenticate handshakes (when `AUTH_JWT_SECRET` is set) and register the command handlers
 * on every connection.
 *
 * @example
 * registerSocketHandlers(io, { hub, streams, metrics, log, limiter, auth });
 */
export function registerSocketHandlers(io: IoServer, deps: SocketDeps): void {
  io.use((socket, next) => {
    const auth = socket.handshake.auth as Record<string, unknown> | undefined;
    deps.auth.verify(typeof auth?.token === 'string' ? auth.token : null).then(
      (principal) => {
        if (!principal) {
          deps.metrics.errors.inc({ code: 'unauthorized' });
          const err = new Error('unauthorized') as Error & { data?: unknown };
          err.data = { code: 'unauthorized', message: 'A valid token is required in auth.token.' };
          return next(err);
        }
        const label = parseMessage(idSchema, auth?.viewerId, 'viewerId');
        socket.data.viewerId =
          principal.subject ?? (label.ok ? label.value : `viewer-${socket.id.slice(0, 8)}`);
        socket.data.subscriptions = new Map();
        next();
      },
      (err: unknown) => next(err instanceof Error ? err : new Error('unauthorized')),
    );
  });

  io.on('connection', (socket) => {
    deps.metrics.connections.inc({ transport: 'socketio' });
    socket.use(createMessageGuard(socket, deps.limiter, deps.metrics, deps.log));
    socket.on('subscribe', guarded(deps, socket, 'subscribe', onSubscribe(deps)));
    socket.on('unsubscribe', guarded(deps, socket, 'unsubscribe', onUnsubscribe(deps)));
    socket.on('decision:answer', guarded(deps, socket, 'decision:answer', onDecisionAnswer(deps)));
    socket.on('ping', guarded(deps, socket, 'ping', onPing(deps)));
    socket.on('error', (err) => deps.log.debug({ err, socketId: socket.id }, 'socket error'));
    socket.on('disconnect', () => {
      deps.metrics.connections.dec({ transport: 'socketio' });
      deps.limiter.delete(socket.id).catch(() => {});
      try {
        deps.streams.dropSocket(socket);
      } catch (err) {
        deps.log.error({ err, socketId: socket.id }, 'cleanup after disconnect failed');
      }
    });
  });
}
