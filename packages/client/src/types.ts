import type {
  DecisionAnswerAck,
  DecisionAnswerRequest,
  Envelope,
  EventType,
  ProtocolError,
  SnapshotResponse,
  StepEncoding,
} from '@simstream/protocol';
import type { Timers } from './environment.js';
import type { StreamSocket } from './transport.js';

/**
 * The connection's state machine. `idle` until the first subscriber (connect is lazy).
 * Defaults follow the spec: 5 attempts 3 s apart (with jitter).
 */
export type ConnectionState =
  | { status: 'idle' }
  | { status: 'connecting' }
  | { status: 'live'; since: number }
  | {
      status: 'reconnecting';
      /** 1-based attempt currently waited for. */
      attempt: number;
      maxAttempts: number;
      /** Epoch ms of the next try. */
      nextRetryAt: number;
      lastError: string | null;
    }
  | {
      status: 'offline';
      /** A server's shutdown notice only delays the next retry, so it is no reason of its own. */
      reason: 'attempts_exhausted' | 'manual';
      since: number;
    }
  | { status: 'error'; error: ProtocolError; since: number };

export type ConnectionStatus = ConnectionState['status'];

/** How the last (re)connect caught up. */
export type RecoveryOutcome =
  | { kind: 'replayed'; count: number; at: number }
  | { kind: 'resynced'; at: number };

/** Per-simulation stream state. */
export interface SimulationStreamState {
  simulationId: string;
  /** Highest seq applied (0 before anything). */
  lastSeq: number;
  /**
   * The server's epoch (life of the simulation) `lastSeq` counts in; null until a snapshot or
   * subscribe ack told it. A different epoch means a restarted server: the client resyncs.
   */
  epoch: string | null;
  /** `loading` until the initial snapshot is applied; `resyncing` while refetching after a gap. */
  phase: 'loading' | 'live' | 'resyncing' | 'error';
  /** Epoch ms of the last event received. */
  lastEventAt: number | null;
  lastMessage: Envelope | null;
  lastRecovery: RecoveryOutcome | null;
  error: ProtocolError | null;
}

/** A decision answer waiting in the outbox (persisted; resent after reconnects until acked). */
export interface PendingAnswer extends DecisionAnswerRequest {
  createdAt: number;
  attempts: number;
}

/** Immutable snapshot of the client for `useSyncExternalStore`; identity changes only on change. */
export interface StreamClientSnapshot {
  connection: ConnectionState;
  simulations: Readonly<Record<string, SimulationStreamState>>;
  outbox: ReadonlyArray<PendingAnswer>;
}

/** Options of one watcher of a simulation. Filters of all watchers are merged (union). */
export interface WatchOptions {
  /** Only these event types (sent to the server as the subscription filter). */
  types?: readonly EventType[];
  steps?: StepEncoding;
  /** Called with each in-order, de-duplicated batch of events (filtered by `types`). */
  onEvents?: (events: readonly Envelope[]) => void;
  /**
   * Keep a REST snapshot as the base of this simulation (initial load buffering, deltas,
   * resync). The query-cache bridge asks for it; a bare event listener does not need it.
   */
  withSnapshot?: boolean;
  /** Called when a REST snapshot becomes the new base: first load, or after a resync. */
  onReset?: (snapshot: SnapshotResponse, reason: 'initial' | 'resync') => void;
}

/** Key-value storage for the outbox (defaults to `localStorage` in browsers, memory elsewhere). */
export interface OutboxStorage {
  getItem(key: string): string | null | Promise<string | null>;
  setItem(key: string, value: string): void | Promise<void>;
  removeItem(key: string): void | Promise<void>;
}

export type DecisionAnswerInput = Omit<DecisionAnswerRequest, 'idempotencyKey'> & {
  idempotencyKey?: string;
};
export type { DecisionAnswerAck };

/** What a channel needs from its client. */
export interface ChannelHost {
  now(): number;
  timers: Timers;
  /** How long out-of-order frames wait for the missing ones before the client asks again. */
  holdMs: number;
  /** Most frames kept while a snapshot loads; beyond it they are dropped and replayed later. */
  maxBufferedFrames: number;
  /** Wait before retrying a failed snapshot load (attempt 1, 2, …): a capped backoff. */
  loadRetryDelay(attempt: number): number;
  /** The snapshot over REST; the channel's signal abandons a load it no longer wants. */
  fetchSnapshot(simulationId: string, signal?: AbortSignal): Promise<SnapshotResponse>;
  /** The socket while live, else null. */
  liveSocket(): StreamSocket | null;
  publish(state: SimulationStreamState): void;
}
