import type {
  ConnectionState,
  PendingAnswer,
  SimulationStreamState,
  StreamClientSnapshot,
} from './types.js';

/** What `getSnapshot` returns before anything happens, and on the server (SSR). */
export const IDLE_SNAPSHOT: StreamClientSnapshot = Object.freeze({
  connection: Object.freeze({ status: 'idle' }) as ConnectionState,
  simulations: Object.freeze({}),
  outbox: Object.freeze([]) as readonly PendingAnswer[],
});

/** A simulation's stream state before anything arrived: loading, nothing applied yet. */
export function initialStreamState(simulationId: string): SimulationStreamState {
  return {
    simulationId,
    lastSeq: 0,
    epoch: null,
    phase: 'loading',
    lastEventAt: null,
    lastMessage: null,
    lastRecovery: null,
    error: null,
  };
}

/**
 * `state` with `patch` applied, or `state` itself when the patch changes nothing, so
 * identity changes exactly when a value did (no re-render for a no-op update).
 *
 * @example
 * patched(state, { phase: state.phase }) === state; // true
 */
export function patched<T extends object>(state: T, patch: Partial<T>): T {
  for (const key of Object.keys(patch) as (keyof T)[]) {
    if (!Object.is(patch[key], state[key])) return { ...state, ...patch };
  }
  return state;
}

/**
 * The client's immutable snapshot and its listeners, for `useSyncExternalStore`: every
 * change makes a new object, so identity changes exactly when something did.
 *
 * @example
 * const store = createSnapshotStore();
 * store.subscribe(() => render(store.get().connection));
 * store.publish({ connection: { status: 'connecting' } });
 */
export function createSnapshotStore() {
  const listeners = new Set<() => void>();
  let snapshot = IDLE_SNAPSHOT;
  return {
    get: (): StreamClientSnapshot => snapshot,
    publish(patch: Partial<StreamClientSnapshot>): void {
      snapshot = { ...snapshot, ...patch };
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear: () => listeners.clear(),
  };
}

export type SnapshotStore = ReturnType<typeof createSnapshotStore>;
