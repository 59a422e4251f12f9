import type { EventBatch } from '@simstream/protocol';
import { type ChannelHost, SimulationChannel } from './channel.js';
import type { Linger } from './linger.js';
import type { SnapshotStore } from './snapshotStore.js';
import type { WatchOptions } from './types.js';

/**
 * The simulations one client watches: one `SimulationChannel` each, shared by all its
 * watchers, published into the client's snapshot, and closed (unsubscribed, dropped from
 * the snapshot) a linger after its last watcher left.
 *
 * @example
 * const channels = createChannelRegistry(host, store, linger);
 * const { channel, isNew } = channels.open('demo');
 * channel.add(watcher);
 * // later:
 * channels.leave('demo', watcher);
 */
export function createChannelRegistry(
  host: Omit<ChannelHost, 'publish'>,
  store: SnapshotStore,
  linger: Linger<string | symbol>,
) {
  const channels = new Map<string, SimulationChannel>();
  const channelHost: ChannelHost = {
    ...host,
    publish: (state) => {
      if (!channels.has(state.simulationId)) return;
      store.publish({ simulations: { ...store.get().simulations, [state.simulationId]: state } });
    },
  };

  /** Leave a simulation nobody watches any more. */
  function close(simulationId: string): void {
    const channel = channels.get(simulationId);
    if (!channel || channel.watchers.size > 0) return;
    channel.close();
    channels.delete(simulationId);
    const { [simulationId]: _gone, ...rest } = store.get().simulations;
    store.publish({ simulations: rest });
  }

  return {
    get: (simulationId: string) => channels.get(simulationId),

    /**
     * The channel of a simulation, created if needed. `isNew` says it has no subscription
     * yet; a channel re-watched within its linger (StrictMode, hot reload) keeps its
     * subscription and snapshot.
     */
    open(simulationId: string): { channel: SimulationChannel; isNew: boolean } {
      const lingering = linger.cancel(simulationId);
      let channel = channels.get(simulationId);
      if (!channel) {
        channel = new SimulationChannel(simulationId, channelHost);
        channels.set(simulationId, channel);
        store.publish({
          simulations: { ...store.get().simulations, [simulationId]: channel.current },
        });
      }
      return { channel, isNew: channel.watchers.size === 0 && !lingering };
    },

    /** A watcher leaves; false when the channel is already gone. */
    leave(simulationId: string, watcher: WatchOptions): boolean {
      const channel = channels.get(simulationId);
      if (!channel) return false;
      channel.remove(watcher);
      if (channel.watchers.size === 0) linger.schedule(simulationId, () => close(simulationId));
      return true;
    },

    /** True while any simulation has a watcher. */
    watched(): boolean {
      for (const channel of channels.values()) if (channel.watchers.size > 0) return true;
      return false;
    },

    connected(reconnect: boolean): void {
      for (const channel of channels.values()) channel.connected(reconnect);
    },
    disconnected(): void {
      for (const channel of channels.values()) channel.disconnected();
    },
    receive: (batch: EventBatch) => channels.get(batch.simulationId)?.receive(batch),

    /** The client is destroyed: leave every simulation at once. */
    closeAll(): void {
      for (const channel of channels.values()) channel.close();
      channels.clear();
    },
  };
}

export type ChannelRegistry = ReturnType<typeof createChannelRegistry>;
