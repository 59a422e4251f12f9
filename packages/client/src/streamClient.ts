import type { DecisionAnswerAck, SnapshotResponse } from '@simstream/protocol';
import { type ChannelRegistry, createChannelRegistry } from './channelRegistry.js';
import { Connection, type ConnectionOptions } from './connection.js';
import type { RequestOptions } from './deadline.js';
import { browserWakeSignals, globalTimers, type Timers, type WakeSignals } from './environment.js';
import { Linger } from './linger.js';
import { createOutbox, defaultStorage, type Outbox } from './outbox.js';
import { createOutboxSender, type OutboxSender } from './outboxSender.js';
import { createRestClient, type RestClient } from './rest.js';
import { sharedSnapshotFetch } from './sharedSnapshots.js';
import { createSnapshotStore, type SnapshotStore } from './snapshotStore.js';
import { createSocketLease, type SocketLease } from './socketLease.js';
import { type AuthToken, socketIoTransport, type TransportFactory } from './transport.js';
import type {
  DecisionAnswerInput,
  OutboxStorage,
  PendingAnswer,
  StreamClientSnapshot,
  WatchOptions,
} from './types.js';

export { IDLE_SNAPSHOT } from './snapshotStore.js';

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
  /**
   * Bearer token (handshake `auth.token` and REST `Authorization`), or a function returning a
   * fresh one: it is called again for every reconnect and REST call.
   */
  auth?: AuthToken;
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

function defaultRandomId(): string {
  return globalThis.crypto.randomUUID();
}

/** The connection's settings from the client's options, with the spec's defaults. */
function connectionSettings(
  options: StreamClientOptions,
  now: () => number,
  timers: Timers,
): Omit<ConnectionOptions, 'onState' | 'onConnected' | 'onEvents'> {
  return {
    createSocket: () =>
      (options.transport ?? socketIoTransport)({
        url: options.url ?? '',
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
    random: options.random ?? Math.random,
    timers,
    wake: options.wake ?? browserWakeSignals,
  };
}

/**
 * Create a stream client. Nothing connects until the first `watch`; the socket closes
 * `lingerMs` after the last watcher leaves (and the outbox is empty).
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
  const fetchSnapshot = sharedSnapshotFetch(rest);
  const store = createSnapshotStore();
  // One linger policy for the socket and for every simulation (see linger.ts).
  const linger = new Linger<string | symbol>(timers, options.lingerMs ?? 1_000);
  const channelHost = {
    now,
    timers,
    holdMs: options.holdMs ?? 1_000,
    maxBufferedFrames: options.maxBufferedFrames ?? 1_000,
    // 1 s, 2 s, 4 s, … capped at 30 s, ±30 %, so viewers of one dead server do not retry in step.
    loadRetryDelay: (attempt: number) =>
      Math.min(30_000, 1_000 * 2 ** (attempt - 1)) * (0.7 + 0.6 * random()),
    fetchSnapshot: (simulationId: string, signal?: AbortSignal) =>
      fetchSnapshot(simulationId, signal ? { signal } : undefined),
    liveSocket: () => connection.liveSocket,
  };
  const channels = createChannelRegistry(channelHost, store, linger);
  const outbox = createOutbox(
    options.storage ?? defaultStorage(),
    `simstream:outbox:${url || 'same-origin'}`,
    (items) => {
      store.publish({ outbox: items });
      if (items.length > 0) lease.want();
      else lease.releaseIfUnused();
    },
  );
  const sender = createOutboxSender(outbox);
  const connection: Connection = new Connection({
    ...connectionSettings(options, now, timers),
    onState: (state) => {
      if (state.status !== 'live') {
        sender.newSocket();
        channels.disconnected();
      }
      store.publish({ connection: state });
    },
    onConnected: (socket) => {
      const reconnect = lease.connected();
      sender.newSocket();
      channels.connected(reconnect);
      sender.sendAll(socket);
    },
    onEvents: channels.receive,
  });
  const lease = createSocketLease(connection, linger, () => {
    return channels.watched() || outbox.items.length > 0;
  });
  void outbox.ready.then(() => {
    if (outbox.items.length > 0) lease.want();
  });
  const randomId = options.randomId ?? defaultRandomId;
  const parts = { url, rest, fetchSnapshot, store, channels, outbox, sender, connection, lease };
  return streamClientApi(parts, now, randomId);
}

/** What a client is made of (see `createStreamClient`). */
interface ClientParts {
  url: string;
  rest: RestClient;
  fetchSnapshot: StreamClient['fetchSnapshot'];
  store: SnapshotStore;
  channels: ChannelRegistry;
  outbox: Outbox;
  sender: OutboxSender;
  connection: Connection;
  lease: SocketLease;
}

/** The public face of a client over its parts. */
function streamClientApi(parts: ClientParts, now: () => number, randomId: () => string) {
  const { store, channels, outbox, sender, connection, lease } = parts;
  const client: StreamClient = {
    url: parts.url,
    ...parts.rest,
    fetchSnapshot: parts.fetchSnapshot,
    subscribe: store.subscribe,
    getSnapshot: store.get,
    watch(simulationId, watchOptions = {}) {
      if (lease.ended) return () => {};
      // A fresh object per watch, so the same options passed twice count twice.
      const watcher: WatchOptions = { ...watchOptions };
      const { channel, isNew } = channels.open(simulationId);
      channel.add(watcher);
      lease.want();
      if (isNew && connection.liveSocket) channel.connected(false);
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        if (channels.leave(simulationId, watcher)) lease.releaseIfUnused();
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
        idempotencyKey: input.idempotencyKey ?? randomId(),
        createdAt: now(),
        attempts: 0,
      };
      const result = outbox.add(item);
      const socket = connection.liveSocket;
      if (socket) sender.send(socket, item);
      return result;
    },
    reconnect: () => {
      if (!lease.ended) connection.reconnect();
    },
    disconnect: () => connection.disconnect(),
    destroy() {
      if (lease.ended) return;
      lease.end();
      channels.closeAll();
      connection.stop();
      store.clear();
      onDestroy?.(client);
    },
  };
  return client;
}

let onDestroy: ((client: StreamClient) => void) | null = null;

/** Lets the registry forget a client when it is destroyed (internal). */
export function setDestroyHook(hook: (client: StreamClient) => void): void {
  onDestroy = hook;
}
