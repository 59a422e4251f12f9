import { type ProtocolError, protocolErrorSchema, type ServerNotice } from '@simstream/protocol';
import * as v from 'valibot';
import { readBatch, readNotice } from './serverFrames.js';
import type { Timers, WakeSignals } from './environment.js';
import type { StreamSocket, StreamSocketListenEvents } from './transport.js';
import type { ConnectionState } from './types.js';

export interface ConnectionOptions {
  createSocket: () => StreamSocket;
  reconnectAttempts: number;
  reconnectDelayMs: number;
  jitter: number;
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
  now: () => number;
  random: () => number;
  timers: Timers;
  wake: WakeSignals;
  onState: (state: ConnectionState) => void;
  /** The socket is up: resubscribe and flush the outbox. */
  onConnected: (socket: StreamSocket) => void;
  onEvents: StreamSocketListenEvents['events'];
}

/** Errors the server sends on a refused handshake; retrying cannot fix them. */
const REFUSAL_CODES = new Set(['unauthorized', 'forbidden_origin']);

/** Reads a refusal (auth, origin) out of a Socket.IO `connect_error`, or null for a plain failure. */
export function refusalOf(error: Error & { data?: unknown }): ProtocolError | null {
  const data = v.safeParse(protocolErrorSchema, error.data);
  if (data.success && REFUSAL_CODES.has(data.output.code)) return data.output;
  const nested = v.safeParse(
    protocolErrorSchema,
    (error.data as { error?: unknown } | undefined)?.error,
  );
  if (nested.success && REFUSAL_CODES.has(nested.output.code)) return nested.output;
  if (REFUSAL_CODES.has(error.message)) {
    return {
      code: error.message as ProtocolError['code'],
      message: `The server refused the connection (${error.message}).`,
    };
  }
  return null;
}

/**
 * The connection state machine: `idle → connecting → live`; a drop → `reconnecting`
 * (attempt k of N, `nextRetryAt`, jittered delay) → `live` again or `offline` when the
 * attempts run out; a refused handshake → `error`. Owns the one socket (created once and
 * reused across reconnects) and an app-level heartbeat that catches half-open connections.
 *
 * @example
 * const connection = new Connection({ ...options, onState: (s) => store.set(s) });
 * connection.start(); // lazily, when the first simulation is watched
 */
export class Connection {
  #state: ConnectionState = { status: 'idle' };
  #socket: StreamSocket | null = null;
  #attempt = 0;
  #retryTimer: unknown = null;
  #heartbeatTimer: unknown = null;
  #pongTimer: unknown = null;
  #heartbeatGeneration = 0;
  #stopWake: (() => void) | null = null;
  /** Set while we close the socket ourselves, so our own `disconnect` is not a drop. */
  #closing = false;
  #minNextDelay = 0;
  /** The message of an `unauthorized` notice announcing the server's cut, shown as `lastError`. */
  #cutReason: string | null = null;

  readonly #options: ConnectionOptions;

  constructor(options: ConnectionOptions) {
    this.#options = options;
  }

  get current(): ConnectionState {
    return this.#state;
  }

  get liveSocket(): StreamSocket | null {
    return this.#state.status === 'live' ? this.#socket : null;
  }

  /** Connect if idle (first watcher). */
  start(): void {
    if (this.#state.status !== 'idle') return;
    this.#stopWake ??= this.#options.wake.subscribe((why) => this.wake(why));
    this.#open();
  }

  /** Close and go back to idle (the last watcher left). */
  stop(): void {
    this.#close();
    this.#stopWake?.();
    this.#stopWake = null;
    this.#set({ status: 'idle' });
  }

  /** Retry now, with a fresh attempt budget. */
  reconnect(): void {
    this.#stopWake ??= this.#options.wake.subscribe((why) => this.wake(why));
    this.#close();
    this.#open();
  }

  /** Go offline on purpose; `reconnect()` comes back. */
  disconnect(): void {
    this.#close();
    this.#set({ status: 'offline', reason: 'manual', since: this.#options.now() });
  }

  /** The tab became visible or the network came back: check at once. */
  wake(_why: 'visible' | 'online'): void {
    const s = this.#state;
    if (s.status === 'reconnecting' || (s.status === 'offline' && s.reason !== 'manual'))
      this.reconnect();
    else if (s.status === 'live') this.#probe();
  }

  /** The server announced a shutdown: wait at least this long before the next try. */
  notice(notice: ServerNotice): void {
    if (notice.kind === 'shutdown') this.#minNextDelay = notice.retryAfterMs;
    // Sent just before the server cuts the socket (e.g. its token expired): the reason to show.
    if (notice.kind === 'error' && notice.error.code === 'unauthorized') {
      this.#cutReason = notice.error.message;
    }
  }

  #open(): void {
    this.#attempt = 0;
    this.#set({ status: 'connecting' });
    this.#ensureSocket().connect();
  }

  #close(): void {
    this.#clearTimers();
    if (this.#socket) {
      this.#closing = true;
      try {
        this.#socket.disconnect();
      } finally {
        this.#closing = false;
      }
    }
  }

  #ensureSocket(): StreamSocket {
    if (this.#socket) return this.#socket;
    const socket = this.#options.createSocket();
    socket.on('connect', this.#handleConnect);
    socket.on('disconnect', this.#handleDisconnect);
    socket.on('connect_error', this.#handleConnectError);
    socket.on('events', (frame) => {
      const batch = readBatch(frame);
      if (batch) this.#options.onEvents(batch);
    });
    socket.on('notice', (frame) => {
      const notice = readNotice(frame);
      if (notice) this.notice(notice);
    });
    this.#socket = socket;
    return socket;
  }

  readonly #handleConnect = () => {
    this.#cutReason = null;
    this.#attempt = 0;
    this.#minNextDelay = 0;
    this.#clearRetry();
    this.#set({ status: 'live', since: this.#options.now() });
    this.#scheduleHeartbeat();
    if (this.#socket) this.#options.onConnected(this.#socket);
  };

  readonly #handleDisconnect = (reason: string) => {
    if (this.#closing || reason === 'io client disconnect') return;
    this.#clearHeartbeat();
    const shown = this.#cutReason ?? reason;
    this.#cutReason = null;
    this.#scheduleRetry(shown);
  };

  readonly #handleConnectError = (error: Error & { data?: unknown }) => {
    if (
      this.#state.status === 'idle' ||
      (this.#state.status === 'offline' && this.#state.reason === 'manual')
    )
      return;
    const refusal = refusalOf(error);
    if (refusal) {
      this.#clearTimers();
      this.#set({ status: 'error', error: refusal, since: this.#options.now() });
      return;
    }
    this.#scheduleRetry(error.message);
  };

  #scheduleRetry(lastError: string | null): void {
    this.#clearRetry();
    this.#attempt += 1;
    const { reconnectAttempts, reconnectDelayMs, jitter, now, random, timers } = this.#options;
    if (this.#attempt > reconnectAttempts) {
      this.#set({ status: 'offline', reason: 'attempts_exhausted', since: now() });
      return;
    }
    const spread = 1 + jitter * (random() * 2 - 1);
    const delay = Math.max(this.#minNextDelay, Math.round(reconnectDelayMs * spread));
    this.#set({
      status: 'reconnecting',
      attempt: this.#attempt,
      maxAttempts: reconnectAttempts,
      nextRetryAt: now() + delay,
      lastError,
    });
    this.#retryTimer = timers.setTimeout(() => {
      this.#retryTimer = null;
      this.#ensureSocket().connect();
    }, delay);
  }

  #scheduleHeartbeat(): void {
    this.#clearHeartbeat();
    this.#heartbeatTimer = this.#options.timers.setTimeout(() => {
      this.#heartbeatTimer = null;
      this.#probe();
    }, this.#options.heartbeatIntervalMs);
  }

  /** Send a protocol ping; no pong in time means the connection is dead (half-open). */
  #probe(): void {
    const socket = this.#socket;
    if (!socket || this.#state.status !== 'live' || this.#pongTimer !== null) return;
    const generation = ++this.#heartbeatGeneration;
    this.#pongTimer = this.#options.timers.setTimeout(() => {
      this.#pongTimer = null;
      if (generation !== this.#heartbeatGeneration) return;
      this.#close();
      this.#scheduleRetry('heartbeat timeout');
    }, this.#options.heartbeatTimeoutMs);
    socket.emit('ping', { type: 'ping' }, () => {
      if (generation !== this.#heartbeatGeneration || this.#state.status !== 'live') return;
      this.#options.timers.clearTimeout(this.#pongTimer);
      this.#pongTimer = null;
      this.#scheduleHeartbeat();
    });
  }

  #clearRetry(): void {
    if (this.#retryTimer !== null) this.#options.timers.clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }

  #clearHeartbeat(): void {
    this.#heartbeatGeneration++;
    if (this.#heartbeatTimer !== null) this.#options.timers.clearTimeout(this.#heartbeatTimer);
    if (this.#pongTimer !== null) this.#options.timers.clearTimeout(this.#pongTimer);
    this.#heartbeatTimer = null;
    this.#pongTimer = null;
  }

  #clearTimers(): void {
    this.#clearRetry();
    this.#clearHeartbeat();
  }

  #set(state: ConnectionState): void {
    this.#state = state;
    this.#options.onState(state);
  }
}
