import type { DecisionAnswerAck, EventBatch, SnapshotResponse } from '@simstream/protocol';
import { type ChannelHost, SimulationChannel } from './channel.js';
import { Connection } from './connection.js';
import { browserWakeSignals, globalTimers, type Timers, type WakeSignals } from './environment.js';
import { createOutbox, defaultStorage, isFinalAck } from './outbox.js';
import type { RequestOptions } from './deadline.js';
import { createRestClient, type RestClient, StreamRequestError } from './rest.js';
import { type StreamSocket, socketIoTransport, type TransportFactory } from './transport.js';
import type {
  ConnectionState,
  DecisionAnswerInput,
  OutboxStorage,
  PendingAnswer,
  SimulationStreamState,
  StreamClientSnapshot,
  WatchOptions,
} from './types.js';

export interface StreamClientOptions {
  /** Server origin, e.g. `http://localhost:17170`. Empty or omitted: same origin. */
  url?: string;
  /** Socket factory; default socket.io-client (WebSocket only, its own reconnection off). */
  transport?: TransportFactory;
  /** Reconnect attempts before `offline`. Default 5. */
  reconnectAttempts?: number;
  /** Delay between attempts. Default 3,000 ms. */
  reconnectDelayMs?: number;
  /** Relative jitter of the delay (0.3 = ±30 %). Default 0.3. */
  jitter?: number;
  /** Protocol `ping` every N ms while live. Default 25,000. */
  heartbeatIntervalMs?: number;
  /** No `pong` within N ms: the connection is dead (half-open), reconnect. Default 10,000. */
  heartbeatTimeoutMs?: number;
  /** How long out-of-order frames wait before the client asks the server to replay. Default 1,000 ms. */
  holdMs?: number;
  /** Linger after the last watcher leaves before closing (StrictMode, hot reload). Default 1,000 ms. */
  lingerMs?: number;
  /**
   * Socket.IO parser matching the server's (`PARSER=msgpack` on the server ⇒ pass
   * `import * as parser from 'socket.io-msgpack-parser'`). Default JSON.
   */
  parser?: unknown;
  /** `fetch` for REST calls. Default the global one. */
  fetch?: typeof fetch;
  /**
   * Every REST call gives up after this many ms (a dead keep-alive connection otherwise
   * hangs until Node's 300 s header timeout). A snapshot load that timed out is retried with
   * backoff. Default 10,000.
   */
  requestTimeoutMs?: number;
  /**
   * Most frames kept while a snapshot (re)loads. Beyond it they are dropped and fetched
   * again by a replay from the snapshot's seq once it is in. Default 1,000.
   */
  maxBufferedFrames?: number;
  /** Outbox storage. Default `localStorage` in browsers, memory elsewhere. */
  storage?: OutboxStorage;
  /** Bearer token (handshake `auth.token` and REST `Authorization`). */
  auth?: string;
  /** Label of this viewer, shown to other viewers as `answered_by` (handshake `auth.viewerId`). */
  viewerId?: string;
  now?: () => number;
  timers?: Timers;
  random?: () => number;
  wake?: WakeSignals;
  /** Idempotency key factory. Default `crypto.randomUUID`. */
  randomId?: () => string;
}

/** The framework-agnostic stream client: one connection, many watchers, REST helpers. */
export interface StreamClient extends Omit<RestClient, 'fetchSnapshot'> {
  readonly url: string;
  /** Listen to snapshot changes; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** The current immutable snapshot (same object until something changes). */
  getSnapshot(): StreamClientSnapshot;
  /** Watch a simulation (ref-counted; connects lazily); returns the unwatch function. */
  watch(simulationId: string, options?: WatchOptions): () => void;
  /** The live `{ seq, snapshot }` of a simulation watched `withSnapshot`, else null. */
  getSimulationSnapshot(simulationId: string): SnapshotResponse | null;
  /**
   * Resolves when a simulation watched `withSnapshot` has its snapshot base (at once when it
   * has, or when it is not watched that way). The live queries fetch their lists after it.
   */
  whenSnapshotLoaded(simulationId: string): Promise<void>;
  /**
   * REST snapshot; concurrent calls for one simulation share one request (its deadline is
   * the client's `requestTimeoutMs`). A caller's `signal` detaches only that caller.
   */
  fetchSnapshot(simulationId: string, call?: RequestOptions): Promise<SnapshotResponse>;
  /** Answer a decision through the outbox; resolves with the server's ack. */
  answerDecision(input: DecisionAnswerInput): Promise<DecisionAnswerAck>;
  reconnect(): void;
  disconnect(): void;
  destroy(): void;
}

/** What `getSnapshot` returns before anything happens, and on the server (SSR). */
export const IDLE_SNAPSHOT: StreamClientSnapshot = Object.freeze({
  connection: Object.freeze({ status: 'idle' }) as ConnectionState,
  simulations: Object.freeze({}),
  outbox: Object.freeze([]) as readonly PendingAnswer[],
});

function defaultRandomId(): string {
  return globalThis.crypto.randomUUID();
}

/**
 * Create a stream client. Nothing connects until the first `watch`; the socket closes
 * `lingerMs` after the last watcher leaves.
 *
 * @example
 * const client = createStreamClient({ url: 'http://localhost:17170' });
 * const unwatch = client.watch('demo', { onEvents: (events) => console.log(events) });
 * client.subscribe(() => console.log(client.getSnapshot().connection.status));
 */
export function createStreamClient(options: StreamClientOptions = {}): StreamClient {
  const url = options.url ?? '';
  const now = options.now ?? Date.now;
  const timers = options.timers ?? globalTimers;
  const random = options.random ?? Math.random;
  const rest = createRestClient({
    baseUrl: url,
    timers,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.auth ? { auth: options.auth } : {}),
    ...(options.requestTimeoutMs !== undefined ? { timeoutMs: options.requestTimeoutMs } : {}),
  });
  const listeners = new Set<() => void>();
  const channels = new Map<string, SimulationChannel>();
  const inflightSnapshots = new Map<string, Promise<SnapshotResponse>>();
  /** Linger timers of simulations whose last watcher left. */
  const closingChannels = new Map<string, unknown>();
  let snapshot: StreamClientSnapshot = IDLE_SNAPSHOT;
  let destroyed = false;
  let lingerTimer: unknown = null;
  let wasLive = false;
  /** Idempotency keys sent on the current socket (resent only after a reconnect). */
  let sentOnThisSocket = new Set<string>();

  const set = (patch: Partial<StreamClientSnapshot>) => {
    snapshot = { ...snapshot, ...patch };
    for (const listener of [...listeners]) listener();
  };

  const fetchSnapshot = (simulationId: string, call?: RequestOptions) => {
    let request = inflightSnapshots.get(simulationId);
    if (!request) {
      const started = rest.fetchSnapshot(simulationId, {
        ...(call?.timeoutMs !== undefined ? { timeoutMs: call.timeoutMs } : {}),
      });
      request = started.finally(() => {
        if (inflightSnapshots.get(simulationId) === request) inflightSnapshots.delete(simulationId);
      });
      inflightSnapshots.set(simulationId, request);
    }
    return call?.signal ? detachable(request, call.signal) : request;
  };

  const host: ChannelHost = {
    now,
    timers,
    holdMs: options.holdMs ?? 1_000,
    maxBufferedFrames: options.maxBufferedFrames ?? 1_000,
    // 1 s, 2 s, 4 s, … capped at 30 s, ±30 %, so viewers of one dead server do not retry in step.
    loadRetryDelay: (attempt) =>
      Math.min(30_000, 1_000 * 2 ** (attempt - 1)) * (0.7 + 0.6 * random()),
    fetchSnapshot: (simulationId, signal) =>
      fetchSnapshot(simulationId, signal ? { signal } : undefined),
    liveSocket: () => connection.liveSocket,
    publish: (state: SimulationStreamState) => {
      if (!channels.has(state.simulationId)) return;
      set({ simulations: { ...snapshot.simulations, [state.simulationId]: state } });
    },
  };

  const sendAnswer = (socket: StreamSocket, item: PendingAnswer) => {
    if (sentOnThisSocket.has(item.idempotencyKey)) return;
    sentOnThisSocket.add(item.idempotencyKey);
    outbox.markSent(item.idempotencyKey);
    const { createdAt: _c, attempts: _a, ...request } = item;
    socket.emit('decision:answer', request, (ack) => {
      if (isFinalAck(ack)) outbox.settle(item.idempotencyKey, ack);
      else sentOnThisSocket.delete(item.idempotencyKey);
    });
  };

  const outbox = createOutbox(
    options.storage ?? defaultStorage(),
    `simstream:outbox:${url || 'same-origin'}`,
    (items) => {
      set({ outbox: items });
      if (items.length > 0) want();
      else releaseIfUnused();
    },
  );

  const connection: Connection = new Connection({
    createSocket: () =>
      (options.transport ?? socketIoTransport)({
        url,
        ...(options.auth ? { auth: options.auth } : {}),
        ...(options.viewerId ? { viewerId: options.viewerId } : {}),
        ...(options.parser ? { parser: options.parser } : {}),
      }),
    reconnectAttempts: options.reconnectAttempts ?? 5,
    reconnectDelayMs: options.reconnectDelayMs ?? 3_000,
    jitter: options.jitter ?? 0.3,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 25_000,
    heartbeatTimeoutMs: options.heartbeatTimeoutMs ?? 10_000,
    now,
    random,
    timers,
    wake: options.wake ?? browserWakeSignals,
    onState: (state) => {
      if (state.status !== 'live') {
        sentOnThisSocket = new Set();
        for (const channel of channels.values()) channel.disconnected();
      }
      set({ connection: state });
    },
    onConnected: (socket) => {
      const reconnect = wasLive;
      wasLive = true;
      sentOnThisSocket = new Set();
      for (const channel of channels.values()) channel.connected(reconnect);
      for (const item of outbox.items) sendAnswer(socket, item);
    },
    onEvents: (batch: EventBatch) => channels.get(batch.simulationId)?.receive(batch),
  });

  const inUse = () => {
    for (const channel of channels.values()) if (channel.watchers.size > 0) return true;
    return outbox.items.length > 0;
  };

  /** Leave a simulation nobody watches any more (after its linger). */
  function closeChannel(simulationId: string) {
    closingChannels.delete(simulationId);
    const channel = channels.get(simulationId);
    if (!channel || channel.watchers.size > 0) return;
    channel.close();
    channels.delete(simulationId);
    const { [simulationId]: _gone, ...rest } = snapshot.simulations;
    set({ simulations: rest });
  }

  function want() {
    if (destroyed) return;
    if (lingerTimer !== null) timers.clearTimeout(lingerTimer);
    lingerTimer = null;
    connection.start();
  }

  function releaseIfUnused() {
    if (inUse() || lingerTimer !== null || connection.current.status === 'idle') return;
    lingerTimer = timers.setTimeout(() => {
      lingerTimer = null;
      if (!inUse()) {
        for (const id of [...closingChannels.keys()]) {
          timers.clearTimeout(closingChannels.get(id));
          closeChannel(id);
        }
        wasLive = false;
        connection.stop();
      }
    }, options.lingerMs ?? 1_000);
  }

  void outbox.ready.then(() => {
    if (outbox.items.length > 0) want();
  });

  const client: StreamClient = {
    url,
    ...rest,
    fetchSnapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    watch(simulationId, watchOptions = {}) {
      if (destroyed) return () => {};
      // A fresh object per watch, so the same options passed twice count twice.
      const watcher: WatchOptions = { ...watchOptions };
      let channel = channels.get(simulationId);
      const lingering = closingChannels.get(simulationId);
      if (lingering !== undefined) {
        // Re-watched within the linger (StrictMode, hot reload): keep subscription and snapshot.
        timers.clearTimeout(lingering);
        closingChannels.delete(simulationId);
      }
      if (!channel) {
        channel = new SimulationChannel(simulationId, host);
        channels.set(simulationId, channel);
        set({ simulations: { ...snapshot.simulations, [simulationId]: channel.current } });
      }
      const isNew = channel.watchers.size === 0 && lingering === undefined;
      channel.add(watcher);
      want();
      if (isNew && connection.liveSocket) channel.connected(false);
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        const current = channels.get(simulationId);
        if (!current) return;
        current.remove(watcher);
        if (current.watchers.size === 0) {
          closingChannels.set(
            simulationId,
            timers.setTimeout(() => closeChannel(simulationId), options.lingerMs ?? 1_000),
          );
        }
        releaseIfUnused();
      };
    },
    getSimulationSnapshot: (simulationId) => channels.get(simulationId)?.snapshot ?? null,
    whenSnapshotLoaded: (simulationId) =>
      channels.get(simulationId)?.whenBased() ?? Promise.resolve(),
    answerDecision(input) {
      const item: PendingAnswer = {
        simulationId: input.simulationId,
        decisionId: input.decisionId,
        choice: input.choice,
        // Made before the first send and persisted with it: a resend is the same answer.
        idempotencyKey: input.idempotencyKey ?? (options.randomId ?? defaultRandomId)(),
        createdAt: now(),
        attempts: 0,
      };
      const result = outbox.add(item);
      const socket = connection.liveSocket;
      if (socket) sendAnswer(socket, item);
      return result;
    },
    reconnect: () => {
      if (!destroyed) connection.reconnect();
    },
    disconnect: () => connection.disconnect(),
    destroy() {
      if (destroyed) return;
      destroyed = true;
      if (lingerTimer !== null) timers.clearTimeout(lingerTimer);
      for (const handle of closingChannels.values()) timers.clearTimeout(handle);
      closingChannels.clear();
      for (const channel of channels.values()) channel.close();
      channels.clear();
      connection.stop();
      listeners.clear();
      onDestroy?.(client);
    },
  };
  return client;
}

/** `shared`, or a rejection as soon as `signal` aborts (`shared` itself runs on for others). */
function detachable<T>(shared: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(cancelled());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    shared.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function cancelled(): StreamRequestError {
  return new StreamRequestError('The request was cancelled.', 'aborted', 0);
}

let onDestroy: ((client: StreamClient) => void) | null = null;

/** Lets the registry forget a client when it is destroyed (internal). */
export function setDestroyHook(hook: (client: StreamClient) => void): void {
  onDestroy = hook;
}
