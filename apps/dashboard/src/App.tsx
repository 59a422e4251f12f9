import { LiveIndicator, useSimulations } from '@simstream/react';
import { useEffect } from 'react';
import { NewSimulationForm } from './components/NewSimulationForm.js';
import { SimulationPicker } from './components/SimulationPicker.js';
import { SimulationView } from './SimulationView.js';
import { useSelectedSimulation } from './useSelectedSimulation.js';

/**
 * The dashboard: a header with the simulation picker, "new simulation" and the live
 * indicator, then the selected simulation. Without `?sim=` it opens the first simulation
 * the server lists (the demo one on a fresh `npm start`).
 *
 * @example
 * <App />
 */
export function App() {
  const [selectedId, select] = useSelectedSimulation();
  const simulations = useSimulations();
  const list = simulations.data ?? [];
  const fallbackId = list[0]?.id ?? null;
  const simulationId = selectedId ?? fallbackId;

  useEffect(() => {
    // Put the fallback in the URL too, so a reload or a shared link shows the same run.
    if (selectedId === null && fallbackId !== null) {
      const url = new URL(window.location.href);
      url.searchParams.set('sim', fallbackId);
      window.history.replaceState(null, '', url);
      window.dispatchEvent(new PopStateEvent('popstate'));
    }
  }, [selectedId, fallbackId]);

  return (
    <div className="min-h-screen bg-ss-muted text-ss-foreground" data-simstream>
      <header className="sticky top-0 z-10 border-b border-ss-border bg-ss-background/95 backdrop-blur">
        <div className="mx-auto flex w-full max-w-[1600px] flex-wrap items-center gap-3 px-4 py-3">
          <h1 className="mr-auto text-lg font-semibold">
            simstream{' '}
            <span className="font-normal text-ss-muted-foreground">contagion dashboard</span>
          </h1>
          <SimulationPicker
            simulations={list}
            selectedId={simulationId}
            onSelect={select}
            loading={simulations.isPending}
          />
          <NewSimulationForm onCreated={select} />
          {simulationId ? <LiveIndicator simulationId={simulationId} /> : <LiveIndicator />}
        </div>
      </header>
      {simulationId ? (
        <SimulationView key={simulationId} simulationId={simulationId} />
      ) : (
        <main className="mx-auto max-w-xl p-8 text-center">
          {simulations.isError ? (
            <p role="alert" className="text-ss-destructive">
              Could not list simulations:{' '}
              {simulations.error instanceof Error ? simulations.error.message : 'unknown error'}
            </p>
          ) : simulations.isPending ? (
            <p className="text-ss-muted-foreground">Loading simulations…</p>
          ) : (
            <p className="text-ss-muted-foreground">
              No simulation is running. Create one with “New simulation”.
            </p>
          )}
        </main>
      )}
    </div>
  );
}
