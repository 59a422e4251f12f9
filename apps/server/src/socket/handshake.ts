import { type IncomingMessage, ServerResponse } from 'node:http';
import type { IoServer, IoSocket } from './types.js';

/**
 * engine.io answers a WebSocket upgrade with a stand-in response object that listens for the
 * TCP socket's `close` and holds the upgrade request (headers, URL, stream state) until then:
 * the request outlives Socket.IO's own `rawSocket.request = null` advice. Kept here per
 * request, weakly, so the connection handler can let go of it.
 */
const upgradeResponses = new WeakMap<IncomingMessage, { req: unknown }>();

/**
 * Remember the stand-in response of each WebSocket upgrade (an engine.io middleware, so it
 * sees the request and its response before the handshake).
 *
 * @example
 * rememberUpgradeResponses(io); // then releaseHandshake(socket) in io.on('connection')
 */
export function rememberUpgradeResponses(io: IoServer): void {
  io.engine.use((req: IncomingMessage, res: unknown, next: (err?: Error) => void) => {
    if (res && typeof res === 'object' && !(res instanceof ServerResponse) && 'req' in res)
      upgradeResponses.set(req, res as { req: unknown });
    next();
  });
}

/** What a released handshake's headers and query read: one empty object for every socket. */
const RELEASED: Record<string, never> = Object.freeze({});

/**
 * Drop what a connected socket no longer needs of its handshake: the HTTP request (Socket.IO's
 * memory-usage advice, and engine.io's upgrade response's reference to it), and the headers
 * and query copied into `socket.handshake` — every middleware that reads them (origin, auth)
 * has run by the time a socket connects. `handshake.address` and `handshake.auth` stay.
 * About 1.8 KB per idle connection (BENCHMARKS.md, memory section).
 *
 * @example
 * io.on('connection', (socket) => { releaseHandshake(socket); … });
 */
export function releaseHandshake(socket: IoSocket): void {
  const conn = socket.conn as unknown as { request: IncomingMessage | null };
  const request = conn.request;
  if (request) {
    const response = upgradeResponses.get(request);
    if (response) response.req = null;
    upgradeResponses.delete(request);
  }
  conn.request = null;
  socket.handshake.headers = RELEASED;
  socket.handshake.query = RELEASED;
}
