import type { SimulationSummary } from '@simstream/protocol';
import { useId } from 'react';

export interface SimulationPickerProps {
  simulations: readonly SimulationSummary[];
  selectedId: string | null;
  onSelect: (simulationId: string) => void;
  loading: boolean;
}

/**
 * A labelled select of every simulation on the server (id, seed, size); choosing one
 * updates the `?sim=` URL parameter through `onSelect`.
 *
 * @example
 * <SimulationPicker simulations={list} selectedId={id} onSelect={select} loading={false} />
 */
export function SimulationPicker({
  simulations,
  selectedId,
  onSelect,
  loading,
}: SimulationPickerProps) {
  const id = useId();
  const known = simulations.some((s) => s.id === selectedId);
  return (
    <div className="flex items-center gap-2 text-sm">
      <label htmlFor={id} className="font-medium">
        Simulation
      </label>
      <select
        id={id}
        value={selectedId ?? ''}
        disabled={loading && simulations.length === 0}
        onChange={(e) => onSelect(e.target.value)}
        className="max-w-[18rem] rounded-md border border-ss-border bg-ss-background px-2 py-1.5"
      >
        {selectedId === null ? (
          <option value="">{loading ? 'Loading…' : 'Choose a simulation'}</option>
        ) : null}
        {selectedId !== null && !known ? <option value={selectedId}>{selectedId}</option> : null}
        {simulations.map((s) => (
          <option key={s.id} value={s.id}>
            {s.id} · seed {s.seed}
          </option>
        ))}
      </select>
    </div>
  );
}
