'use client';
import {
  DEFAULT_EVENT_RETENTION,
  getStreamClient,
  type StreamClient,
  type StreamClientOptions,
} from '@simstream/client';
import type { StepEncoding } from '@simstream/protocol';
import { type QueryClient, QueryClientContext, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useContext, useMemo } from 'react';
import { SimulationStreamContext, type SimulationStreamContextValue } from './context.js';

/** Options of the provider: the client's options plus the live queries' settings. */
export interface SimulationStreamOptions extends Omit<StreamClientOptions, 'url'> {
  /** Most events kept per simulation in the events query. Default `DEFAULT_EVENT_RETENTION` (5,000). */
  eventRetention?: number;
  /**
   * Step encoding asked of the server for the live queries. Default `compact`: steps carry
   * only what changed, as fixed-point residuals (≈ 4 % of a full step between keyframes), and the snapshot
   * query is rebuilt from them exactly; the events query keeps steps as summaries either way,
   * so it does not change. `delta` sends changed fields by name, `full` every step's whole
   * snapshot. A `useWebSocket` of the same simulation asks for `full` (its `onMessage`
   * gets the snapshot) and, while mounted, wins.
   */
  steps?: StepEncoding;
}

export interface SimulationStreamProviderProps {
  /** Server origin, e.g. `http://localhost:17170`. Default: same origin. */
  url?: string;
  /** An existing client (wins over `url`/`options` for the connection). */
  client?: StreamClient;
  /** A QueryClient to use (and provide); default the surrounding `QueryClientProvider`'s. */
  queryClient?: QueryClient;
  options?: SimulationStreamOptions;
  children?: ReactNode;
}

/**
 * Gives the kit's hooks and components their stream client and QueryClient. The client is
 * the shared one of `url` (one socket per server, however many providers), created lazily:
 * nothing connects until a hook watches a simulation.
 *
 * @example
 * <QueryClientProvider client={queryClient}>
 *   <SimulationStreamProvider url="http://localhost:17170">
 *     <LiveIndicator />
 *   </SimulationStreamProvider>
 * </QueryClientProvider>
 */
export function SimulationStreamProvider({
  url,
  client,
  queryClient,
  options,
  children,
}: SimulationStreamProviderProps) {
  const surrounding = useContext(QueryClientContext);
  const resolvedQueryClient = queryClient ?? surrounding;
  if (!resolvedQueryClient) {
    throw new Error(
      'SimulationStreamProvider needs a QueryClient: put it inside <QueryClientProvider> or pass queryClient.',
    );
  }
  const { eventRetention, steps, ...clientOptions } = options ?? {};
  // Only the URL and an explicit client pick the client; options apply when it is created
  // (a new options object each render must not make a second client).
  // biome-ignore lint/correctness/useExhaustiveDependencies: options are read once, on creation
  const resolvedClient = useMemo(
    () => client ?? getStreamClient(url ?? '', clientOptions),
    [client, url],
  );
  const value = useMemo<SimulationStreamContextValue>(
    () => ({
      client: resolvedClient,
      queryClient: resolvedQueryClient,
      eventRetention: eventRetention ?? DEFAULT_EVENT_RETENTION,
      steps: steps ?? 'compact',
    }),
    [resolvedClient, resolvedQueryClient, eventRetention, steps],
  );
  const tree = (
    <SimulationStreamContext.Provider value={value}>{children}</SimulationStreamContext.Provider>
  );
  return queryClient && queryClient !== surrounding ? (
    <QueryClientProvider client={queryClient}>{tree}</QueryClientProvider>
  ) : (
    tree
  );
}
