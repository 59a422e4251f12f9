import { type CoreHub, type ServerCore, errorCodeOf, whenReady } from '@simstream/hub';
import { idSchema, parseMessage } from '@simstream/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { RateLimiterMemory } from 'rate-limiter-flexible';
import type { Authenticator } from '../auth.js';
import type { ServerMetrics } from '../metrics.js';
import { TOKEN_EXPIRED, atTokenExpiry } from '../tokenExpiry.js';
import { createMessageDispatcher, sendAck } from './guard.js';
import { releaseHandshake } from './handshake.js';
import { SocketSink } from './sink.js';
import type { IoServer, IoSocket } from './types.js';

/** What the Socket.IO adapter needs from the server. */
export interface SocketDeps {
  core: ServerCore<CoreHub>;
  metrics: ServerMetrics;
  log: FastifyBaseLogger;
  limiter: RateLimiterMemory;
  auth: Authenticator;
}

/**
 * Run one command for a socket, shared by every socket: pick the payload and the ack out of
 * whatever the client sent (no payload, no ack, a non-function ack), let the core answer,
 * count an error ack.
 */
function runCommand(deps: SocketDeps) {
  return (socket: IoSocket, event: string, args: unknown[]): void => {
    const ack =
      args.length > 1 ? args[args.length - 1] : typeof args[0] === 'function' ? args[0] : undefined;
    const payload = typeof args[0] === 'function' ? undefined : args[0];
    whenReady(socket.data.connection.handle(event, payload), (response) => {
      const code = errorCodeOf(response);
      if (code) deps.metrics.errors.inc({ code });
      sendAck(socket, ack, response);
    });
  };
}

/**
 * Cut the socket when its token expires: an `unauthorized` notice the client shows as its
 * error, then a server disconnect. The client reconnects with a fresh token from its `auth`
 * callback (a handshake with an expired token is refused). Its cancel function (none without
 * expiry) is kept in `socket.data.cancelExpiry` for the disconnect to call.
 */
function cutAtExpiry(socket: IoSocket, metrics: ServerMetrics): void {
  // A token that never expires (or no auth) needs no timer and no closure.
  if (socket.data.expiresAt === null) return;
  socket.data.cancelExpiry = atTokenExpiry(socket.data.expiresAt, () => {
    metrics.errors.inc({ code: 'unauthorized' });
    socket.emit('notice', { kind: 'error', error: TOKEN_EXPIRED });
    socket.disconnect(true);
  });
}

/** Handshake: verify the token when auth is on, and name the viewer. */
function authenticate(deps: SocketDeps) {
  return (socket: IoSocket, next: (err?: Error) => void): void => {
    const auth = socket.handshake.auth as Record<string, unknown> | undefined;
    deps.auth.verify(typeof auth?.token === 'string' ? auth.token : null).then(
      (principal) => {
        if (!principal) {
          deps.metrics.errors.inc({ code: 'unauthorized' });
          const err = new Error('unauthorized') as Error & { data?: unknown };
          err.data = { code: 'unauthorized', message: 'A valid token is required in auth.token.' };
          return next(err);
        }
        if (principal.grant) socket.data.grant = principal.grant;
        socket.data.expiresAt = principal.expiresAt;
        const label = parseMessage(idSchema, auth?.viewerId, 'viewerId');
        socket.data.viewerId =
          principal.subject ?? (label.ok ? label.value : `viewer-${socket.id.slice(0, 8)}`);
        next();
      },
      (err: unknown) => next(err instanceof Error ? err : new Error('unauthorized')),
    );
  };
}

/**
 * The Socket.IO adapter of the server core: authenticate handshakes (when `AUTH_JWT_SECRET`
 * is set), give each socket a core connection whose frames go to its socket and rooms, and
 * route every command to it through the socket's one message dispatcher (count, rate limit,
 * unknown events refused, then the command).
 *
 * @example
 * registerSocketHandlers(io, { core, metrics, log, limiter, auth });
 */
export function registerSocketHandlers(io: IoServer, deps: SocketDeps): void {
  io.use(authenticate(deps));
  // One object for all sockets (each socket's own closures and listeners add up over
  // thousands of idle connections): the dispatcher runs every command, and the disconnect
  // listener gets the socket as `this`.
  const dispatch = {
    limiter: deps.limiter,
    metrics: deps.metrics,
    log: deps.log,
    command: runCommand(deps),
  };
  // No 'error' listener of ours (Socket.IO keeps a no-op one): a transport error reaches the
  // disconnect as its description, logged there.
  function onDisconnect(this: IoSocket, reason: string, description?: unknown): void {
    if (description instanceof Error)
      deps.log.debug({ err: description, socketId: this.id, reason }, 'socket error');
    this.data.cancelExpiry?.();
    deps.metrics.connections.dec({ transport: 'socketio' });
    deps.limiter.delete(this.id).catch(() => {});
    try {
      this.data.connection.close();
    } catch (err) {
      deps.log.error({ err, socketId: this.id }, 'cleanup after disconnect failed');
    }
  }
  io.on('connection', (socket) => {
    deps.metrics.connections.inc({ transport: 'socketio' });
    releaseHandshake(socket);
    socket.data.connection = deps.core.connect(new SocketSink(socket), {
      id: socket.id,
      viewerId: socket.data.viewerId,
      ...(socket.data.grant ? { grant: socket.data.grant } : {}),
    });
    cutAtExpiry(socket, deps.metrics);
    socket.use(createMessageDispatcher(socket, dispatch));
    socket.on('disconnect', onDisconnect);
  });
}
