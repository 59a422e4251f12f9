import {
  type DecisionRecord,
  type EntityState,
  type Exposure,
  type TimelineResponse,
  type Envelope,
  type SnapshotResponse,
} from '@simstream/protocol';
import { findQueryCacheBridge } from './cacheBridge.js';
import { applyDecisionEvents } from './decisionsList.js';
import { currentRun, DEFAULT_EVENT_RETENTION, mergeEvents } from './eventsList.js';
import { StreamRequestError } from './rest.js';
import type { StreamClient } from './streamClient.js';
import { type FeedEvent, toFeedEvent } from './feed.js';
import { simulationKeys, type TimelineRun } from './queryKeys.js';

/** Query options (key + REST query function) shared by the React hooks and plain TanStack users. */
export interface SimulationQuery<T> {
  queryKey: readonly unknown[];
  /** TanStack Query passes its `signal`: a cancelled query abandons its request. */
  queryFn: (context?: { signal?: AbortSignal }) => Promise<T>;
  /** Live data comes from the stream, never from polling. */
  staleTime: number;
  /**
   * Off for the append-only events list: the bridge already keeps every old event object as
   * it was, so TanStack's deep compare of thousands of events per commit buys nothing
   * (measured: ~14 % of the kit's main-thread time under bursts; see BENCHMARKS.md).
   */
  structuralSharing?: boolean;
}

/**
 * Query options for a simulation's data, keyed with `simulationKeys`. The query functions
 * call REST and merge in whatever the live bridge received meanwhile, so a refetch never
 * rolls the cache back behind the stream.
 *
 * @example
 * const queries = simulationQueries(client, queryClient, 'demo');
 * await queryClient.fetchQuery(queries.snapshot());
 */
export function simulationQueries(
  client: StreamClient,
  queryClient: object,
  simulationId: string,
  eventRetention = DEFAULT_EVENT_RETENTION,
) {
  return {
    snapshot: (): SimulationQuery<SnapshotResponse> => ({
      queryKey: simulationKeys.snapshot(simulationId),
      queryFn: async ({ signal } = {}) => {
        const fetched = await client.fetchSnapshot(simulationId, signal ? { signal } : {});
        // While watched, the client's snapshot already holds every event after the fetch.
        return client.getSimulationSnapshot(simulationId) ?? fetched;
      },
      staleTime: Number.POSITIVE_INFINITY,
    }),
    /** The feed: REST history and live events as `FeedEvent`s (steps summarized). */
    events: (): SimulationQuery<FeedEvent[]> => ({
      queryKey: simulationKeys.events(simulationId),
      // TanStack's `signal` is not passed on: a resync's refetch that a later invalidation
      // cancels would revert the list to the previous server life's events. The REST
      // deadline still bounds every request.
      queryFn: async () => {
        const bridge = findQueryCacheBridge(queryClient, simulationId);
        const retention = bridge?.retention ?? eventRetention;
        // Taken after the snapshot base, the list reaches at least the snapshot's seq: the
        // events the stream drops as older than the snapshot are in it.
        if (bridge) await client.whenSnapshotLoaded(simulationId);
        // REST sends full steps; summarized like the live ones, the list does not depend on
        // which encoding delivered a step.
        const history = (await fetchTail(client, simulationId, retention, undefined)).map(
          toFeedEvent,
        );
        // The feed holds the current run: history from its newest reset on, as a live list.
        return mergeEvents(currentRun(history), bridge?.liveSinceReset() ?? [], retention);
      },
      staleTime: Number.POSITIVE_INFINITY,
      structuralSharing: false,
    }),
    decisions: (): SimulationQuery<DecisionRecord[]> => ({
      queryKey: simulationKeys.decisions(simulationId),
      // Not cancelled by TanStack either, for the same reason as the events list.
      queryFn: async () => {
        if (findQueryCacheBridge(queryClient, simulationId))
          await client.whenSnapshotLoaded(simulationId);
        const fetched = await client.fetchDecisions(simulationId);
        const live = findQueryCacheBridge(queryClient, simulationId)?.liveSinceReset() ?? [];
        return applyDecisionEvents(fetched, live);
      },
      staleTime: Number.POSITIVE_INFINITY,
    }),
    /** The exposure network: the live snapshot's claims (empty when the server sends none). */
    network: (): SimulationQuery<Exposure[]> => ({
      queryKey: simulationKeys.network(simulationId),
      queryFn: async ({ signal } = {}) => {
        const live =
          client.getSimulationSnapshot(simulationId) ??
          (await client.fetchSnapshot(simulationId, signal ? { signal } : {}));
        return (
          client.getSimulationSnapshot(simulationId)?.snapshot.exposures ??
          live.snapshot.exposures ??
          []
        );
      },
      staleTime: Number.POSITIVE_INFINITY,
    }),
    /**
     * A past timestep's snapshot of one run (time travel): never live, never touching the
     * live keys.
     */
    timeline: (run: TimelineRun, timestep: number): SimulationQuery<TimelineResponse> => ({
      queryKey: simulationKeys.timeline(simulationId, run, timestep),
      queryFn: ({ signal } = {}) =>
        client.fetchTimeline(simulationId, timestep, signal ? { signal } : {}),
      staleTime: Number.POSITIVE_INFINITY,
    }),
    entity: (entityId: string): SimulationQuery<EntityState | undefined> => ({
      queryKey: simulationKeys.entity(simulationId, entityId),
      queryFn: async ({ signal } = {}) => {
        const live = client.getSimulationSnapshot(simulationId);
        const cached = live?.snapshot.entities.find((e) => e.id === entityId);
        if (cached) return cached;
        return client.fetchEntity(simulationId, entityId, signal ? { signal } : {});
      },
      staleTime: Number.POSITIVE_INFINITY,
    }),
  };
}

/** Most events one REST page may hold (the server's limit). */
const MAX_PAGE = 10_000;
/** Pages with a hole asked for again before the query fails (each wait a little longer). */
const HOLE_RETRIES = 3;
const HOLE_RETRY_MS = 250;

/**
 * Why `events` cannot be the tail after `since` of a log the client already holds up to
 * `held` — a jump between seqs, a first seq other than `since + 1`, or an end short of `held`
 * (a cluster node that could not catch up with the log in time answers with what it has) —
 * or null when it can. Applied, such a page would leave a hole in the events list that no
 * later event fills.
 *
 * @example
 * tailHole([{ seq: 12 }], 10, 12); // 'seq 11 is missing (the page starts at 12)'
 */
export function tailHole(
  events: readonly { seq: number }[],
  since: number,
  held: number,
): string | null {
  let expected = since + 1;
  for (const event of events) {
    if (event.seq !== expected) {
      return `seq ${expected} is missing (the page ${expected === since + 1 ? 'starts' : 'goes on'} at ${event.seq})`;
    }
    expected++;
  }
  const last = expected - 1;
  return last < held ? `the page ends at seq ${last}, before seq ${held} the client holds` : null;
}

/**
 * The newest `retention` events the server's log still holds. Starts from the client's
 * `lastSeq`; moves to the server's `currentSeq` when the page does not reach it; on
 * `resync` (the log is shorter than the window, or the server restarted) halves the window.
 * A page with a hole (`tailHole`) is asked for again, then fails the query: a cache never
 * silently misses events.
 */
async function fetchTail(
  client: StreamClient,
  simulationId: string,
  retention: number,
  signal: AbortSignal | undefined,
): Promise<Envelope[]> {
  const limit = Math.min(retention, MAX_PAGE);
  let window = limit;
  const stream = client.getSnapshot().simulations[simulationId];
  const held = stream?.lastSeq ?? 0;
  let end = held;
  let holes = 0;
  for (let tries = 0; tries < 20; tries++) {
    const since = Math.max(0, end - window);
    const response = await client.fetchEvents(
      simulationId,
      { since, limit },
      signal ? { signal } : {},
    );
    if (response.resync) {
      if (response.currentSeq === end) window = Math.floor(window / 2);
      end = response.currentSeq;
      if (window < 1) return [];
      continue;
    }
    if (response.currentSeq - since > limit && end !== response.currentSeq) {
      end = response.currentSeq;
      continue;
    }
    // Another life of the simulation (a restart): the client resyncs; `held` is not its seq.
    const sameLife = !stream?.epoch || stream.epoch === response.epoch;
    const hole = tailHole(response.events, since, sameLife ? held : 0);
    if (!hole) return response.events;
    if (++holes > HOLE_RETRIES) {
      const message = `The server's events of "${simulationId}" have a hole: ${hole}.`;
      throw new StreamRequestError(message, 'unavailable', 503);
    }
    end = Math.max(end, held);
    await new Promise((resolve) => setTimeout(resolve, HOLE_RETRY_MS * holes));
  }
  return [];
}
