import {
  type CoreHub,
  type CoreRuntime,
  type MaybePromise,
  type RawViewer,
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

/** Numbers raw connections: each one's rate-limit key (short and flat, unlike a UUID). */
let connectionCount = 0;

/**
 * One raw WebSocket connection: the fan-out's raw viewer (seed messages while it keeps up),
 * its messages answered, its token's expiry. A class whose socket listeners are shared by
 * every connection (module functions finding it from the socket, `this`): a server holds
 * thousands of idle viewers, and closures per socket, their contexts and the upgrade request
 * they would keep add up (BENCHMARKS.md, memory).
 */
class RawConnection implements RawViewer {
  readonly key = `raw:${++connectionCount}`;
  /** The simulation it views, once attached. */
  runtime: CoreRuntime | null = null;
  cancelExpiry: (() => void) | null = null;
  closed = false;

  constructor(
    readonly ws: WebSocket,
    readonly deps: RawConnectionDeps,
  ) {}

  /**
   * Past the connection's budget of unsent bytes it is cut at once, freeing what it holds. A
   * peer that far behind would read a close frame only after everything queued before it, so
   * the socket is terminated, not closed gracefully (which would hold the bytes up to ws's
   * 30 s close timeout); the client sees an abnormal close (1006) and reconnects.
   */
  send(text: string): void {
    const { ws, deps } = this;
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > deps.maxUnsentBytes) {
      deps.log.warn({ unsent: ws.bufferedAmount }, 'cutting slow raw WebSocket viewer');
      deps.metrics.slowConsumersDropped.inc();
      ws.terminate();
      return;
    }
    ws.send(text);
  }

  end(message: string): void {
    this.ws.send(errorMessage('unknown_simulation', message));
    this.ws.close(RAW_CLOSE.unknownSimulation, 'simulation removed');
  }

  /** A client message: within the rate, answered; over it, refused. */
  receive(data: RawData, isBinary: boolean): void {
    this.deps.limiter
      .consume(this.key)
      .then(
        () => this.answer(data, isBinary),
        (rejection: unknown) => this.refuse(rejection),
      )
      .catch((err: unknown) => this.deps.log.error({ err }, 'raw ws message handler failed'));
  }

  /** A ping gets a pong, anything else an `error` message. */
  answer(data: RawData, isBinary: boolean): void {
    const { ws, deps } = this;
    const text = isBinary ? '' : Buffer.isBuffer(data) ? data.toString('utf8') : String(data);
    const parsed = parseJsonMessage(pingRequestSchema, text, 'message', deps.maxMessageBytes);
    if (!parsed.ok) {
      deps.metrics.errors.inc({ code: parsed.error.code });
      const hint = ' Send {"type":"ping"}.';
      ws.send(errorMessage(parsed.error.code, parsed.error.message + hint));
      return;
    }
    ws.send(JSON.stringify({ type: 'pong', timestamp: new Date().toISOString() }));
  }

  refuse(rejection: unknown): void {
    const { ws, deps } = this;
    deps.metrics.errors.inc({ code: 'rate_limited' });
    const res = rejection instanceof RateLimiterRes ? rejection : null;
    if (res && res.consumedPoints > deps.limiter.points * 3) {
      ws.close(RAW_CLOSE.policy, 'message rate limit');
      return;
    }
    ws.send(
      errorMessage('rate_limited', `Too many messages; at most ${deps.limiter.points} per second.`),
    );
  }

  /** The token expired: an `unauthorized` error message, then close code 4401. */
  expire(): void {
    this.deps.metrics.errors.inc({ code: 'unauthorized' });
    this.ws.send(errorMessage(TOKEN_EXPIRED.code, TOKEN_EXPIRED.message));
    this.ws.close(RAW_CLOSE.tokenExpired, 'token expired');
  }

  /** The socket closed: stop viewing, forget its rate budget, count it gone (once). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.cancelExpiry?.();
    if (this.runtime) this.deps.core.fanout.removeRawViewer(this.runtime.id, this);
    this.deps.limiter.delete(this.key).catch(() => {});
    this.deps.metrics.connections.dec({ transport: 'raw_ws' });
  }
}

const connections = new WeakMap<WebSocket, RawConnection>();

function onRawMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
  connections.get(this)?.receive(data, isBinary);
}

function onRawClose(this: WebSocket): void {
  connections.get(this)?.close();
}

function onRawError(this: WebSocket, err: Error): void {
  connections.get(this)?.deps.log.debug({ err }, 'raw ws error');
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
  const connection = new RawConnection(ws, deps);
  connections.set(ws, connection);
  ws.on('error', onRawError);
  ws.on('close', onRawClose);
  const { runtime, rawId } = runtimeOf(deps.core, path);
  if (!(runtime instanceof Promise)) {
    attach(connection, runtime, rawId, expiresAt);
    return;
  }
  runtime.then(
    (found) => {
      // Closed meanwhile: `close` counted it gone already.
      if (ws.readyState === ws.OPEN) attach(connection, found, rawId, expiresAt);
    },
    (err: unknown) => {
      log.error({ err }, 'raw ws simulation lookup failed');
      ws.terminate();
    },
  );
}

/** Make the socket a raw viewer of `runtime` (or refuse it: unknown simulation). */
function attach(
  connection: RawConnection,
  runtime: CoreRuntime | null,
  rawId: string,
  expiresAt: number | null,
): void {
  const { ws, deps } = connection;
  if (!runtime) {
    deps.metrics.errors.inc({ code: 'unknown_simulation' });
    ws.send(errorMessage('unknown_simulation', unknownSimulation(rawId).error.message));
    ws.close(RAW_CLOSE.unknownSimulation, 'unknown simulation');
    return;
  }
  connection.runtime = runtime;
  deps.core.fanout.addRawViewer(runtime, connection);
  // A token that never expires (or no auth) needs no timer and no closure.
  if (expiresAt !== null)
    connection.cancelExpiry = atTokenExpiry(expiresAt, () => connection.expire());
  ws.on('message', onRawMessage);
}
