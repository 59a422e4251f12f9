import type { RuntimeDefaults } from '@simstream/hub';
import { Replica, type ReplicaOptions } from './replica.js';
import type { RedisRuntimeStore } from './runtimeStore.js';

/**
 * Load a simulation's replica from Redis: its meta, then the event log it still retains, in
 * bounded pages (the replica starts at the oldest retained seq). Null when the simulation is
 * gone. The caller then follows the event stream from `replica.seq`.
 *
 * @example
 * const replica = await loadReplica(store, 'sim-1', { logCapacity: 5_000, keyframeInterval: 10, send, onListenerError });
 * reader.watch(simulationKeys('sim-1').events, `0-${replica.seq}`);
 */
export async function loadReplica(
  store: RedisRuntimeStore,
  simulationId: string,
  options: Pick<ReplicaOptions, 'logCapacity' | 'keyframeInterval' | 'send' | 'onListenerError'>,
): Promise<Replica | null> {
  const meta = await store.meta(simulationId);
  if (!meta) return null;
  let replica: Replica | null = null;
  for await (const page of store.retainedEvents(simulationId)) {
    replica ??= make(page[0]?.seq ?? meta.seq + 1);
    replica.apply(page);
  }
  return replica ?? make(meta.seq + 1);

  function make(firstSeq: number): Replica {
    return new Replica({
      ...options,
      id: simulationId,
      epoch: meta!.epoch,
      settings: meta!.config as RuntimeDefaults,
      createdAt: meta!.createdAt ?? new Date(0).toISOString(),
      startSeq: firstSeq - 1,
      start: meta!.start ?? null,
    });
  }
}
