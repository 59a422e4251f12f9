/**
 * The fault suite's yardsticks: a reference reducer fed the undisturbed stream straight from
 * the runtime (no transport, no client code), and a viewer — the real stream client with a
 * TanStack QueryClient kept live by the real cache bridge — whose caches are compared with it.
 */
import {
  connectQueryCache,
  createMemoryStorage,
  createStreamClient,
  type FeedEvent,
  type OutboxStorage,
  type StreamClient,
  type StreamClientOptions,
  simulationKeys,
  simulationQueries,
  toFeedEvent,
} from '@simstream/client';
import type { SimulationRuntime } from '@simstream/hub';
import {
  DECISIONS_KEPT,
  type DecisionRecord,
  type Envelope,
  type SnapshotResponse,
} from '@simstream/protocol';
import { QueryClient, QueryObserver } from '@tanstack/query-core';

/** What a viewer's caches hold for one simulation: the three live queries. */
export interface Caches {
  snapshot: SnapshotResponse | undefined;
  events: FeedEvent[] | undefined;
  decisions: DecisionRecord[] | undefined;
}

/**
 * Every event the runtime emits, folded by hand: the snapshot of the last step (current to
 * the last seq), the newest `retention` events of the current run in feed form (a reset
 * starts the list again at its own status event), and the decisions as the protocol
 * describes them (pending on `pending_decision`, resolved on `decision_resolved`, forgotten
 * on a reset). Written apart from the client's reducers on purpose.
 */
export function referenceReducer(runtime: SimulationRuntime, retention: number) {
  const start = runtime.snapshot();
  let snapshot: SnapshotResponse = start;
  const events: FeedEvent[] = [];
  let decisions: DecisionRecord[] = runtime.decisions() as DecisionRecord[];
  const fold = (batch: readonly Envelope[]) => {
    for (const event of batch) {
      snapshot =
        event.type === 'simulation_step'
          ? { ...snapshot, seq: event.seq, snapshot: event.data.snapshot }
          : event.type === 'simulation_status'
            ? {
                ...snapshot,
                seq: event.seq,
                snapshot: { ...snapshot.snapshot, status: event.data.status },
              }
            : { ...snapshot, seq: event.seq };
      // A reset starts a new run: the feed, like the decisions, holds only what follows.
      if (event.type === 'simulation_status' && event.data.reason === 'reset') {
        events.length = 0;
        decisions = [];
      }
      events.push(toFeedEvent(event));
      if (event.type === 'simulation_status' && event.data.deadlines) {
        const moved = new Map(event.data.deadlines.map((d) => [d.decision_id, d.deadline_at]));
        decisions = decisions.map((d) =>
          d.status === 'pending' && moved.has(d.decision_id)
            ? { ...d, deadline_at: moved.get(d.decision_id) ?? null }
            : d,
        );
      }
      if (event.type === 'pending_decision') {
        decisions = [
          ...decisions,
          { ...event.data, status: 'pending' as const, resolution: null },
        ].slice(-DECISIONS_KEPT);
      }
      if (event.type === 'decision_resolved') {
        const { decision_id, choice, resolved_by, answered_by, timestep } = event.data;
        decisions = decisions.map((d) =>
          d.decision_id === decision_id
            ? {
                ...d,
                status: 'resolved',
                resolution: { choice, resolved_by, answered_by, timestep },
              }
            : d,
        );
      }
    }
    if (events.length > retention * 2) events.splice(0, events.length - retention);
  };
  const stop = runtime.onEvents(fold);
  return {
    stop,
    caches: (): Caches => ({ snapshot, events: events.slice(-retention), decisions }),
    /** Every seq the runtime emitted, for the "0 lost" count. */
    get lastSeq() {
      return snapshot.seq;
    },
  };
}

export type Reference = ReturnType<typeof referenceReducer>;

export interface ViewerOptions extends StreamClientOptions {
  retention: number;
  simulationId: string;
}

/**
 * A viewer as an app has it: the stream client, a QueryClient with the simulation's three
 * queries observed (like mounted components) and the cache bridge. `seqs` records every seq
 * the client delivered in this life, to count duplicates and reorders.
 */
export function openViewer(options: ViewerOptions) {
  const { retention, simulationId, ...clientOptions } = options;
  const storage: OutboxStorage = clientOptions.storage ?? createMemoryStorage();
  const client: StreamClient = createStreamClient({ ...clientOptions, storage });
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: 3, retryDelay: 500 } },
  });
  const queries = simulationQueries(client, queryClient, simulationId, retention);
  const stop = connectQueryCache(client, queryClient, simulationId, { eventRetention: retention });
  const seqs: number[] = [];
  const unwatch = client.watch(simulationId, {
    onEvents: (events) => {
      for (const e of events) seqs.push(e.seq);
    },
  });
  const observers = [
    new QueryObserver(queryClient, queries.snapshot()),
    new QueryObserver(queryClient, queries.events()),
    new QueryObserver(queryClient, queries.decisions()),
  ].map((observer) => observer.subscribe(() => {}));
  return {
    client,
    queryClient,
    storage,
    seqs,
    caches: (): Caches => ({
      snapshot: queryClient.getQueryData(simulationKeys.snapshot(simulationId)),
      events: queryClient.getQueryData(simulationKeys.events(simulationId)),
      decisions: queryClient.getQueryData(simulationKeys.decisions(simulationId)),
    }),
    close() {
      for (const unsubscribe of observers) unsubscribe();
      unwatch();
      stop();
      client.destroy();
      queryClient.clear();
    },
  };
}

export type Viewer = ReturnType<typeof openViewer>;

/** Seqs that came twice or out of order in one client life (resyncs may skip, never repeat). */
export function orderViolations(seqs: readonly number[]): number {
  let violations = 0;
  for (let i = 1; i < seqs.length; i++) if (seqs[i]! <= seqs[i - 1]!) violations++;
  return violations;
}
