import { CLIENT_COMMANDS, errorAck } from '@simstream/hub';
import { type ErrorAck, protocolError } from '@simstream/protocol';
import type { FastifyBaseLogger } from 'fastify';
import { type RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { ServerMetrics } from '../metrics.js';
import type { IoSocket } from './types.js';

/** Client → server events the server understands (the core's commands). */
const CLIENT_EVENTS = new Set<string>(CLIENT_COMMANDS);

/** Over this many times the allowed rate within one window, a client is disconnected. */
const ABUSE_FACTOR = 3;

/**
 * Send an ack when the client asked for one. A missing or broken ack function must not
 * throw: without one the error goes out as an `error` notice instead.
 *
 * @example
 * sendAck(socket, ack, errorAck('invalid_message', 'Invalid subscribe: …'));
 */
export function sendAck(socket: IoSocket, ack: unknown, payload: object): void {
  if (typeof ack === 'function') {
    try {
      ack(payload);
    } catch {
      // A client-provided callback cannot fail on the server side; ignore defensively.
    }
    return;
  }
  const failed = payload as Partial<ErrorAck>;
  if (failed.ok === false && failed.error)
    socket.emit('notice', { kind: 'error', error: failed.error });
}

/** What the message dispatcher needs beside the socket (one object, shared by every socket). */
export interface DispatchDeps {
  limiter: RateLimiterMemory;
  metrics: ServerMetrics;
  log: FastifyBaseLogger;
  /** Run one known command of a connected socket; `args` are what the client sent, ack last. */
  command(socket: IoSocket, event: string, args: unknown[]): void;
}

/**
 * Every message of one socket, installed with `socket.use`: counts it, refuses unknown
 * events, answers over-rate messages with a `rate_limited` ack and disconnects clients that
 * keep sending far above the limit, and runs the rest as commands. The middleware is the
 * socket's one dispatcher: no listener per event, so an idle socket's listener table stays
 * small (BENCHMARKS.md, memory), and Socket.IO's own emit of the event (`next()`) is never
 * needed. Socket.IO calls a middleware without its socket, so each socket gets a closure over
 * the socket and the shared deps (a bound function weighs more: V8 gives each its own
 * property dictionary).
 *
 * @example
 * socket.use(createMessageDispatcher(socket, { limiter, metrics, log, command }));
 */
export function createMessageDispatcher(
  socket: IoSocket,
  deps: DispatchDeps,
): (packet: unknown[], next: (err?: Error) => void) => void {
  return (packet) => dispatchMessage(deps, socket, packet);
}

function dispatchMessage(deps: DispatchDeps, socket: IoSocket, packet: unknown[]): void {
  const { limiter, metrics, log } = deps;
  const [event, ...args] = packet;
  const known = typeof event === 'string' && CLIENT_EVENTS.has(event);
  metrics.messagesReceived.inc({ event: known ? event : 'unknown' });
  limiter
    .consume(socket.id)
    .then(
      () => {
        // Like Socket.IO's own dispatch: nothing runs for a socket gone meanwhile.
        if (known) return socket.connected && deps.command(socket, event, args);
        metrics.errors.inc({ code: 'invalid_message' });
        sendAck(
          socket,
          args[args.length - 1],
          errorAck(
            'invalid_message',
            `Unknown event; send one of: ${[...CLIENT_EVENTS].join(', ')}.`,
          ),
        );
      },
      (rejection: unknown) => refuseOverRate(deps, socket, args[args.length - 1], rejection),
    )
    .catch((err: unknown) => log.error({ err, socketId: socket.id }, 'message dispatch failed'));
}

/** Answer an over-rate message `rate_limited`; far above the rate, disconnect the client. */
function refuseOverRate(
  deps: DispatchDeps,
  socket: IoSocket,
  ack: unknown,
  rejection: unknown,
): void {
  const { limiter, metrics, log } = deps;
  metrics.errors.inc({ code: 'rate_limited' });
  const res = rejection instanceof RateLimiterRes ? rejection : null;
  const retryMs = res?.msBeforeNext ?? 1_000;
  sendAck(
    socket,
    ack,
    errorAck(
      'rate_limited',
      `Too many messages; at most ${limiter.points} per second. Retry in ${retryMs} ms.`,
    ),
  );
  if (res && res.consumedPoints > limiter.points * ABUSE_FACTOR && socket.connected) {
    log.warn(
      { socketId: socket.id, address: socket.handshake.address },
      'disconnecting abusive client',
    );
    socket.emit('notice', {
      kind: 'error',
      error: protocolError(
        'rate_limited',
        'Disconnected for sending far above the message rate limit.',
      ),
    });
    socket.disconnect(true);
  }
}
