import type { WakeSignals } from '../environment.js';
import { createMemoryStorage } from '../outbox.js';
import {
  createStreamClient,
  type StreamClient,
  type StreamClientOptions,
} from '../streamClient.js';
import { hubServer, type HubServer } from './hubServer.js';
import { snapshotAt } from './fixtures.js';

/** Wake signals a test fires by hand; counts its listeners. */
export function manualWake() {
  const listeners = new Set<(why: 'visible' | 'online') => void>();
  const wake: WakeSignals = {
    subscribe(onWake) {
      listeners.add(onWake);
      return () => listeners.delete(onWake);
    },
  };
  return {
    wake,
    listeners,
    fire: (why: 'visible' | 'online') => {
      for (const listener of [...listeners]) listener(why);
    },
  };
}

/**
 * A client wired to the real server core through the in-memory transport, with simulation
 * `sim` created at timestep 0.
 *
 * @example
 * const { client, server } = setup();
 * client.watch('sim', { withSnapshot: true });
 */
export function setup(options: Partial<StreamClientOptions> = {}, server: HubServer = hubServer()) {
  if (!server.memory.hub.get('sim')) server.createSimulation('sim', snapshotAt('sim', 0));
  const wake = manualWake();
  const storage = options.storage ?? createMemoryStorage();
  const client: StreamClient = createStreamClient({
    url: 'http://sim.test',
    transport: server.transport,
    fetch: server.fetch,
    wake: wake.wake,
    random: () => 0.5,
    storage,
    ...options,
  });
  return { client, server, wake, storage };
}
