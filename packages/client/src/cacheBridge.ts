import {
  type DecisionRecord,
  type EntityState,
  type Exposure,
  type SnapshotResponse,
  type StepEncoding,
} from '@simstream/protocol';
import type { QueryClient } from '@tanstack/query-core';
import { applyDecisionEvents } from './decisionsList.js';
import { DEFAULT_EVENT_RETENTION, mergeEvents } from './eventsList.js';
import { type FlushScheduler, frameScheduler } from './scheduler.js';
import type { StreamClient } from './streamClient.js';
import { type FeedEvent, toFeedEvent } from './feed.js';
import { simulationKeys } from './queryKeys.js';

/** The part of TanStack's `QueryClient` the bridge uses. */
export type QueryCacheTarget = Pick<
  QueryClient,
  'setQueryData' | 'getQueryData' | 'invalidateQueries' | 'getQueryCache'
>;

export interface QueryCacheOptions {
  /** Most events kept in the events query. Default `DEFAULT_EVENT_RETENTION` (5,000). */
  eventRetention?: number;
  /**
   * Step encoding asked of the server for this simulation. Default `compact`: each step
   * carries only what changed, as fixed-point residuals (≈ 96 % of a full step saved between keyframes); the snapshot query is rebuilt
   * exactly and the events list is the same either way (steps are kept as summaries).
   * Another watcher of the simulation that asks for `full` (e.g. `useWebSocket`) wins.
   */
  steps?: StepEncoding;
  /** When to commit queued events; default one commit per animation frame. */
  scheduler?: FlushScheduler;
  /** Wraps one commit so observers are notified once (e.g. `notifyManager.batch`). */
  batch?: (commit: () => void) => void;
  /** Called after each commit (tests count them; apps may measure). */
  onCommit?: () => void;
}

/** A running bridge of one simulation into one QueryClient. */
export interface QueryCacheBridge {
  /** Events received since the last snapshot reset, in feed form (merged into REST refetches). */
  liveSinceReset(): FeedEvent[];
  readonly retention: number;
}

interface BridgeEntry {
  bridge: QueryCacheBridge;
  refs: number;
  stop: () => void;
}

const bridges = new WeakMap<object, Map<string, BridgeEntry>>();

/** The running bridge of a simulation in a QueryClient, if any (used by the query functions). */
export function findQueryCacheBridge(
  queryClient: object,
  simulationId: string,
): QueryCacheBridge | undefined {
  return bridges.get(queryClient)?.get(simulationId)?.bridge;
}

/**
 * Keep a simulation's queries live: watches it on the stream client and writes incoming
 * events into the QueryClient with `setQueryData` — steps and deltas into the snapshot (and
 * its exposure network into the network query, when loaded),
 * defaults into the snapshot and entity queries, decisions into the decisions list, every
 * event into the events list as a `FeedEvent` (steps summarized: no snapshots kept, the same
 * list whether steps arrive full or as deltas) — at most once per frame, nothing dropped. Never invalidates
 * per event; after a resync it refetches events and decisions once. Ref-counted per
 * (QueryClient, simulation): a second call shares the first bridge.
 *
 * @example
 * const stop = connectQueryCache(client, queryClient, 'demo');
 * // … queryClient.getQueryData(simulationKeys.snapshot('demo')) stays current …
 * stop();
 */
export function connectQueryCache(
  client: StreamClient,
  queryClient: QueryCacheTarget,
  simulationId: string,
  options: QueryCacheOptions = {},
): () => void {
  let perClient = bridges.get(queryClient);
  if (!perClient) {
    perClient = new Map();
    bridges.set(queryClient, perClient);
  }
  const existing = perClient.get(simulationId);
  const entry = existing ?? startBridge(client, queryClient, simulationId, options);
  if (!existing) perClient.set(simulationId, entry);
  entry.refs++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    entry.refs--;
    if (entry.refs === 0) {
      entry.stop();
      if (perClient.get(simulationId) === entry) perClient.delete(simulationId);
    }
  };
}

function startBridge(
  client: StreamClient,
  queryClient: QueryCacheTarget,
  simulationId: string,
  options: QueryCacheOptions,
): BridgeEntry {
  const retention = options.eventRetention ?? DEFAULT_EVENT_RETENTION;
  const schedule = options.scheduler ?? frameScheduler;
  const batch = options.batch ?? ((commit: () => void) => commit());
  const keys = {
    snapshot: simulationKeys.snapshot(simulationId),
    events: simulationKeys.events(simulationId),
    decisions: simulationKeys.decisions(simulationId),
    network: simulationKeys.network(simulationId),
    detail: simulationKeys.detail(simulationId),
  };
  let queue: FeedEvent[] = [];
  let since: FeedEvent[] = [];
  let resyncPending = false;
  let cancel: (() => void) | null = null;
  let written: SnapshotResponse | null = null;

  const commit = () => {
    cancel = null;
    const events = queue;
    queue = [];
    const resynced = resyncPending;
    resyncPending = false;
    batch(() => {
      const latest = client.getSimulationSnapshot(simulationId);
      if (latest && latest !== written) {
        written = latest;
        queryClient.setQueryData<SnapshotResponse>(keys.snapshot, latest);
        writeEntities(latest);
        writeNetwork(latest);
      }
      if (events.length > 0) {
        // Only lists someone loaded are extended; an unloaded list gets its REST fetch first.
        if (queryClient.getQueryData(keys.events) !== undefined) {
          queryClient.setQueryData<FeedEvent[]>(keys.events, (old) =>
            mergeEvents(old ?? [], events, retention),
          );
        }
        if (queryClient.getQueryData(keys.decisions) !== undefined) {
          queryClient.setQueryData<DecisionRecord[]>(keys.decisions, (old) =>
            applyDecisionEvents(old ?? [], events),
          );
        }
      }
      if (resynced) {
        // One refetch of what a resync cannot rebuild from the snapshot.
        void queryClient.invalidateQueries({ queryKey: keys.events, exact: true });
        void queryClient.invalidateQueries({ queryKey: keys.decisions, exact: true });
      }
    });
    options.onCommit?.();
  };

  const writeEntities = (latest: SnapshotResponse) => {
    const queries = queryClient.getQueryCache().findAll({ queryKey: [...keys.detail, 'entity'] });
    if (queries.length === 0) return;
    const byId = new Map(latest.snapshot.entities.map((e) => [e.id, e]));
    for (const query of queries) {
      const entityId = query.queryKey[keys.detail.length + 1];
      if (typeof entityId !== 'string') continue;
      const entity = byId.get(entityId);
      if (entity && query.state.data !== entity)
        queryClient.setQueryData<EntityState>(query.queryKey, entity);
    }
  };

  // The network changes only when a default closes claims: its list keeps its identity
  // otherwise, so its observers re-render on those steps alone.
  const writeNetwork = (latest: SnapshotResponse) => {
    const network = latest.snapshot.exposures;
    const cached = queryClient.getQueryData(keys.network);
    if (network && cached !== undefined && cached !== network)
      queryClient.setQueryData<Exposure[]>(keys.network, network);
  };

  const request = () => {
    cancel ??= schedule(commit);
  };

  const unwatch = client.watch(simulationId, {
    withSnapshot: true,
    steps: options.steps ?? 'compact',
    onEvents: (events) => {
      // Summarized at once: the snapshot of each step is in the snapshot query, and holding
      // thousands of them here would cost tens of MB; every step encoding summarizes alike.
      const feed = events.map(toFeedEvent);
      for (const e of feed) queue.push(e);
      // Private and append-only (the channel delivers in seq order): push, trim in chunks,
      // so a burst costs O(events), not O(retention) per frame.
      for (const e of feed) since.push(e);
      if (since.length > retention * 2) since.splice(0, since.length - retention);
      request();
    },
    onReset: (_snapshot, reason) => {
      since = [];
      if (reason === 'resync') resyncPending = true;
      request();
    },
  });

  return {
    refs: 0,
    bridge: { liveSinceReset: () => since.slice(-retention), retention },
    stop: () => {
      unwatch();
      cancel?.();
      cancel = null;
      // Whatever is queued still lands: nothing dropped.
      if (queue.length > 0 || resyncPending) commit();
    },
  };
}
