import type { SimulationHub } from '@simstream/hub';
import {
  type DecisionAnswerAck,
  type EventType,
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

function unknownSimulation(simulationId: string) {
  return errorAck(
    'unknown_simulation',
    `No simulation "${simulationId}"; list the running ones with GET /api/v1/simulations.`,
  );
}

/** Subscribe: validate, join the view's room, replay from `sinceSeq`, then ack. */
function onSubscribe(deps: SocketDeps): Handler {
  return (socket, payload, ack) => {
    const parsed = parseMessage(subscribeRequestSchema, payload, 'subscribe');
    if (!parsed.ok)
      return reject(
        deps,
        socket,
        ack,
        parsed.error.code,
        parsed.error.message,
        parsed.error.issues,
      );
    const { simulationId, sinceSeq, epoch, types, steps } = parsed.value;
    const runtime = deps.hub.get(simulationId);
    if (!runtime) return rejectWith(deps, socket, ack, unknownSimulation(simulationId));
    const view = { types: types ? new Set<EventType>(types) : null, steps: steps ?? 'full' };
    sendAck(socket, ack, deps.streams.subscribe(socket, runtime, view, sinceSeq, epoch));
  };
}

function onUnsubscribe(deps: SocketDeps): Handler {
  return (socket, payload, ack) => {
    const parsed = parseMessage(unsubscribeRequestSchema, payload, 'unsubscribe');
    if (!parsed.ok)
      return reject(
        deps,
        socket,
        ack,
        parsed.error.code,
        parsed.error.message,
        parsed.error.issues,
      );
    const { simulationId } = parsed.value;
    if (!deps.streams.unsubscribe(socket, simulationId)) {
      return reject(
        deps,
        socket,
        ack,
        'not_subscribed',
        `This connection is not subscribed to "${simulationId}".`,
      );
    }
    sendAck(socket, ack, { ok: true, simulationId });
  };
}

/** Answer a decision: the hub arbitrates (first valid answer wins, idempotency keys repeat). */
function onDecisionAnswer(deps: SocketDeps): Handler {
  return (socket, payload, ack) => {
    const parsed = parseMessage(decisionAnswerRequestSchema, payload, 'decision:answer');
    if (!parsed.ok)
      return reject(
        deps,
        socket,
        ack,
        parsed.error.code,
        parsed.error.message,
        parsed.error.issues,
      );
    const { simulationId, decisionId, choice, idempotencyKey } = parsed.value;
    const runtime = deps.hub.get(simulationId);
    if (!runtime) return rejectWith(deps, socket, ack, unknownSimulation(simulationId));
    const result: DecisionAnswerAck = runtime.answerDecision({
      decisionId,
      choice,
      idempotencyKey,
      answeredBy: socket.data.viewerId,
    });
    if (!result.ok) deps.metrics.errors.inc({ code: result.error.code });
    sendAck(socket, ack, result);
  };
}

function onPing(deps: SocketDeps): Handler {
  return (socket, payload, ack) => {
    const parsed = parseMessage(pingRequestSchema, payload ?? { type: 'ping' }, 'ping');
    if (!parsed.ok)
      return reject(
        deps,
        socket,
        ack,
        parsed.error.code,
        parsed.error.message,
        parsed.error.issues,
      );
    const pong: Pong = { type: 'pong', timestamp: new Date().toISOString() };
    sendAck(socket, ack, pong);
  };
}

function reject(
  deps: SocketDeps,
  socket: IoSocket,
  ack: unknown,
  code: Parameters<typeof errorAck>[0],
  message: string,
  issues?: Parameters<typeof errorAck>[2],
): void {
  rejectWith(deps, socket, ack, errorAck(code, message, issues));
}

function rejectWith(
  deps: SocketDeps,
  socket: IoSocket,
  ack: unknown,
  error: ReturnType<typeof errorAck>,
): void {
  deps.metrics.errors.inc({ code: error.error.code });
  sendAck(socket, ack, error);
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
      rejectWith(
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
