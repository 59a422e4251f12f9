import { randomUUID } from 'node:crypto';
import {
  type CoreHub,
  type CoreRuntime,
  type MaybePromise,
  type ServerCore,
  unknownSimulation,
  withRuntime,
} from '@simstream/hub';
import {
  type ErrorCode,
  RAW_WS_PREFIX,
  idSchema,
  parseJsonMessage,
  parseMessage,
  pingRequestSchema,
} from '@simstream/protocol';
import type { FastifyBaseLogger } from 'fastify';
import { type RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { RawData, WebSocket } from 'ws';
import type { ServerMetrics } from './metrics.js';
import { TOKEN_EXPIRED, atTokenExpiry } from './tokenExpiry.js';

/** Close codes of the raw endpoint (4000–4999 are application codes). */
export const RAW_CLOSE = {
  /** Server shutting down (standard "going away"). */
  shutdown: 1001,
  /** Kept sending far above the message rate. */
  policy: 1008,
  /** The token expired; reconnect with a fresh one (mirrors HTTP 401). */
  tokenExpired: 4401,
  /** No such simulation (or it was removed). */
  unknownSimulation: 4404,
} as const;

export interface RawConnectionDeps {
  core: ServerCore<CoreHub>;
  metrics: ServerMetrics;
  log: FastifyBaseLogger;
  limiter: RateLimiterMemory;
  maxMessageBytes: number;
  /** `MAX_UNSENT_BYTES`: a viewer holding more unsent is cut (the Socket.IO budget). */
  maxUnsentBytes: number;
}

/** The seed's error message: `{ type: 'error', timestamp, data: { code, message } }`. */
function errorMessage(code: ErrorCode, message: string): string {
  return JSON.stringify({
    type: 'error',
    timestamp: new Date().toISOString(),
    data: { code, message },
  });
}

/**
 * The simulation named by the upgrade path, or null (with the id as the client wrote it) —
 * looked up as Socket.IO's subscribe does (`withRuntime`): a cluster node asks Redis for one
 * another node created a moment ago, and waits until it holds the log's head.
 */
function runtimeOf(
  core: ServerCore<CoreHub>,
  path: string,
): { runtime: MaybePromise<CoreRuntime | null>; rawId: string } {
  let rawId = path.slice(RAW_WS_PREFIX.length + 1);
  try {
    rawId = decodeURIComponent(rawId);
  } catch {
    // Keep the undecoded text; the id check below rejects it.
  }
  const id = parseMessage(idSchema, rawId, 'simulation id');
  if (!id.ok) return { runtime: null, rawId };
  const runtime = withRuntime<CoreRuntime | null>(
    core.hub,
    id.value,
    (found) => found,
    () => null,
    { current: true },
  );
  return { runtime, rawId };
}

/**
 * The fan-out's raw viewer for this socket: seed messages while it keeps up; past the
 * connection's budget of unsent bytes it is cut at once, freeing what it holds. A peer that
 * far behind would read a close frame only after everything queued before it, so the socket
 * is terminated, not closed gracefully (which would hold the bytes up to ws's 30 s close
 * timeout); the client sees an abnormal close (1006) and reconnects.
 */
function viewerOf(ws: WebSocket, deps: RawConnectionDeps) {
  return {
    send(text: string) {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > deps.maxUnsentBytes) {
        deps.log.warn({ unsent: ws.bufferedAmount }, 'cutting slow raw WebSocket viewer');
        deps.metrics.slowConsumersDropped.inc();
        ws.terminate();
        return;
      }
      ws.send(text);
    },
    end(message: string) {
      ws.send(errorMessage('unknown_simulation', message));
      ws.close(RAW_CLOSE.unknownSimulation, 'simulation removed');
    },
  };
}

/** Answer one client message: a ping gets a pong, anything else an `error` message. */
function onMessage(deps: RawConnectionDeps, ws: WebSocket, key: string) {
  const { limiter, metrics } = deps;
  const answer = (data: RawData, isBinary: boolean) => {
    const text = isBinary ? '' : Buffer.isBuffer(data) ? data.toString('utf8') : String(data);
    const parsed = parseJsonMessage(pingRequestSchema, text, 'message', deps.maxMessageBytes);
    if (!parsed.ok) {
      metrics.errors.inc({ code: parsed.error.code });
      const hint = ' Send {"type":"ping"}.';
      return ws.send(errorMessage(parsed.error.code, parsed.error.message + hint));
    }
    ws.send(JSON.stringify({ type: 'pong', timestamp: new Date().toISOString() }));
  };
  const refuse = (rejection: unknown) => {
    metrics.errors.inc({ code: 'rate_limited' });
    const res = rejection instanceof RateLimiterRes ? rejection : null;
    if (res && res.consumedPoints > limiter.points * 3) {
      ws.close(RAW_CLOSE.policy, 'message rate limit');
      return;
    }
    ws.send(
      errorMessage('rate_limited', `Too many messages; at most ${limiter.points} per second.`),
    );
  };
  return (data: RawData, isBinary: boolean) => {
    limiter
      .consume(key)
      .then(() => answer(data, isBinary), refuse)
      .catch((err: unknown) => deps.log.error({ err }, 'raw ws message handler failed'));
  };
}

/**
 * One accepted raw WebSocket: an unknown simulation gets an `error` message and 4404;
 * otherwise the socket becomes a raw viewer of the fan-out and its messages are answered,
 * until its token expires (`expiresAt`, epoch ms): then an `unauthorized` error message and
 * close code 4401.
 *
 * @example
 * wss.handleUpgrade(req, socket, head, (ws) => acceptRawConnection(deps, ws, path, principal.expiresAt));
 */
export function acceptRawConnection(
  deps: RawConnectionDeps,
  ws: WebSocket,
  path: string,
  expiresAt: number | null = null,
): void {
  const { metrics, log } = deps;
  metrics.connections.inc({ transport: 'raw_ws' });
  ws.on('error', (err) => log.debug({ err }, 'raw ws error'));
  const { runtime, rawId } = runtimeOf(deps.core, path);
  if (!(runtime instanceof Promise)) {
    attach(deps, ws, runtime, rawId, expiresAt);
    return;
  }
  runtime.then(
    (found) => {
      if (ws.readyState === ws.OPEN) attach(deps, ws, found, rawId, expiresAt);
      else metrics.connections.dec({ transport: 'raw_ws' });
    },
    (err: unknown) => {
      log.error({ err }, 'raw ws simulation lookup failed');
      metrics.connections.dec({ transport: 'raw_ws' });
      ws.terminate();
    },
  );
}

/** Make the socket a raw viewer of `runtime` (or refuse it: unknown simulation). */
function attach(
  deps: RawConnectionDeps,
  ws: WebSocket,
  runtime: CoreRuntime | null,
  rawId: string,
  expiresAt: number | null,
): void {
  const { metrics } = deps;
  if (!runtime) {
    metrics.errors.inc({ code: 'unknown_simulation' });
    ws.send(errorMessage('unknown_simulation', unknownSimulation(rawId).error.message));
    ws.close(RAW_CLOSE.unknownSimulation, 'unknown simulation');
    ws.on('close', () => metrics.connections.dec({ transport: 'raw_ws' }));
    return;
  }
  const stop = deps.core.fanout.addRawViewer(runtime, viewerOf(ws, deps));
  const cancelExpiry = atTokenExpiry(expiresAt, () => {
    metrics.errors.inc({ code: 'unauthorized' });
    ws.send(errorMessage(TOKEN_EXPIRED.code, TOKEN_EXPIRED.message));
    ws.close(RAW_CLOSE.tokenExpired, 'token expired');
  });
  const key = randomUUID();
  ws.on('message', onMessage(deps, ws, key));
  ws.on('close', () => {
    cancelExpiry();
    stop();
    deps.limiter.delete(key).catch(() => {});
    metrics.connections.dec({ transport: 'raw_ws' });
  });
}
