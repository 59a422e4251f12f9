/**
 * A kit viewer as an app has one (a stream client, a QueryClient with the live queries
 * observed, the bridge) and the waits on it — apart from the server helpers of harness.ts, so
 * a process that only runs viewers (tests/cluster's viewer processes) does not load the server.
 */
import {
  type AuthToken,
  connectQueryCache,
  createMemoryStorage,
  createStreamClient,
  type OutboxStorage,
  type StreamClient,
  simulationKeys,
  simulationQueries,
} from '@simstream/client';
import type { StepEncoding } from '@simstream/protocol';
import { QueryClient, QueryObserver } from '@tanstack/query-core';

/** Poll until `check` holds (integration tests wait on real sockets). */
export async function waitUntil(
  check: () => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface Viewer {
  client: StreamClient;
  queryClient: QueryClient;
  caches(): { snapshot: unknown; events: unknown; decisions: unknown };
  lastSeq(): number;
  /**
   * Event types the socket delivered (`simulation_compact` / `simulation_delta` show the step
   * encoding in use; `simulation_compact keyframe` a compact keyframe).
   */
  receivedTypes: ReadonlySet<string>;
  stop(): void;
}

/**
 * A viewer as an app would have one: a stream client, a QueryClient with the snapshot,
 * events and decisions queries observed (as mounted components would), and the bridge
 * (on the bridge's default step encoding, compact, unless `steps` says otherwise).
 */
export function openViewer(
  url: string,
  simulationId: string,
  options: {
    auth?: AuthToken;
    storage?: OutboxStorage;
    eventRetention?: number;
    steps?: StepEncoding;
  } = {},
): Viewer {
  const client = createStreamClient({
    url,
    reconnectDelayMs: 100,
    jitter: 0,
    reconnectAttempts: 100,
    lingerMs: 10,
    storage: options.storage ?? createMemoryStorage(),
    ...(options.auth ? { auth: options.auth } : {}),
  });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const retention = options.eventRetention ?? 5_000;
  const stopBridge = connectQueryCache(client, queryClient, simulationId, {
    eventRetention: retention,
    ...(options.steps ? { steps: options.steps } : {}),
  });
  const receivedTypes = new Set<string>();
  // No `steps` of its own: the bridge's encoding decides what arrives.
  const stopListening = client.watch(simulationId, {
    onEvents: (events) => {
      for (const e of events) {
        receivedTypes.add(e.type);
        if (e.type === 'simulation_compact' && 'keyframe' in e.data)
          receivedTypes.add('simulation_compact keyframe');
      }
    },
  });
  const queries = simulationQueries(client, queryClient, simulationId, retention);
  const observers = [
    new QueryObserver(queryClient, queries.snapshot()).subscribe(() => {}),
    new QueryObserver(queryClient, queries.events()).subscribe(() => {}),
    new QueryObserver(queryClient, queries.decisions()).subscribe(() => {}),
  ];
  return {
    client,
    queryClient,
    caches: () => ({
      snapshot: queryClient.getQueryData(simulationKeys.snapshot(simulationId)),
      events: queryClient.getQueryData(simulationKeys.events(simulationId)),
      decisions: queryClient.getQueryData(simulationKeys.decisions(simulationId)),
    }),
    lastSeq: () => client.getSnapshot().simulations[simulationId]?.lastSeq ?? -1,
    receivedTypes,
    stop: () => {
      for (const unsubscribe of observers) unsubscribe();
      stopListening();
      stopBridge();
      client.destroy();
      queryClient.clear();
    },
  };
}

/** Wait until a viewer's caches are current to `seq` (stream applied and committed, queries idle). */
export async function settled(viewer: Viewer, seq: number, simulationId: string): Promise<void> {
  await waitUntil(() => {
    const snapshot = viewer.caches().snapshot as { seq: number } | undefined;
    const events = viewer.caches().events as { seq: number }[] | undefined;
    return (
      viewer.lastSeq() === seq &&
      snapshot?.seq === seq &&
      events?.at(-1)?.seq === seq &&
      viewer.queryClient.isFetching({ queryKey: simulationKeys.detail(simulationId) }) === 0
    );
  }, `viewer at seq ${seq}`);
}
