import { useCallback, useSyncExternalStore } from 'react';
import { readUrlSettings } from './urlSettings.js';

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

function getSelected(): string | null {
  return readUrlSettings(window.location.search).simulationId;
}

/**
 * The simulation selected by the `?sim=` URL parameter, and a setter that pushes a history
 * entry (so Back returns to the previous simulation) while keeping the other parameters.
 *
 * @example
 * const [simulationId, select] = useSelectedSimulation();
 * select('sim-42');
 */
export function useSelectedSimulation(): [string | null, (simulationId: string) => void] {
  const selected = useSyncExternalStore(subscribe, getSelected, () => null);
  const select = useCallback((simulationId: string) => {
    const url = new URL(window.location.href);
    if (url.searchParams.get('sim') === simulationId) return;
    url.searchParams.set('sim', simulationId);
    window.history.pushState(null, '', url);
    for (const listener of listeners) listener();
  }, []);
  return [selected, select];
}
