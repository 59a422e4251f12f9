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

/**
 * Per-socket message guard, installed with `socket.use`: counts messages, refuses unknown
 * events, answers over-rate messages with a `rate_limited` ack and disconnects clients that
 * keep sending far above the limit.
 *
 * @example
 * socket.use(createMessageGuard(socket, limiter, metrics, log));
 */
export function createMessageGuard(
  socket: IoSocket,
  limiter: RateLimiterMemory,
  metrics: ServerMetrics,
  log: FastifyBaseLogger,
): (packet: unknown[], next: (err?: Error) => void) => void {
  return (packet, next) => {
    const [event, ...args] = packet;
    const ack = args[args.length - 1];
    const known = typeof event === 'string' && CLIENT_EVENTS.has(event);
    metrics.messagesReceived.inc({ event: known ? event : 'unknown' });
    limiter
      .consume(socket.id)
      .then(
        () => {
          if (known) return next();
          metrics.errors.inc({ code: 'invalid_message' });
          sendAck(
            socket,
            ack,
            errorAck(
              'invalid_message',
              `Unknown event; send one of: ${[...CLIENT_EVENTS].join(', ')}.`,
            ),
          );
        },
        (rejection: unknown) => {
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
        },
      )
      .catch((err: unknown) => log.error({ err, socketId: socket.id }, 'message guard failed'));
  };
}
