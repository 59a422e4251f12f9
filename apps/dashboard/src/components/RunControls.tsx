import type { SimulationStatus } from '@simstream/protocol';
import { useSimulationControl } from '@simstream/react';

export interface RunControlsProps {
  simulationId: string;
  status: SimulationStatus | undefined;
}

/**
 * Pause / resume and reset. Only the action that makes sense is enabled (resume while
 * paused, pause while running); reset asks for confirmation because it discards the run.
 *
 * @example
 * <RunControls simulationId="test-sim-123" status={snapshot.status} />
 */
export function RunControls({ simulationId, status }: RunControlsProps) {
  const control = useSimulationControl(simulationId);
  const busy = control.isPending;
  const button =
    'rounded-md border border-ss-border bg-ss-background px-3 py-1.5 text-sm font-medium disabled:opacity-50';
  return (
    <fieldset className="m-0 flex items-center gap-2 border-0 p-0">
      <legend className="sr-only">Run controls</legend>
      {status === 'paused' ? (
        <button
          type="button"
          className={button}
          disabled={busy}
          onClick={() => control.mutate('resume')}
        >
          Resume
        </button>
      ) : (
        <button
          type="button"
          className={button}
          disabled={busy || status !== 'running'}
          onClick={() => control.mutate('pause')}
        >
          Pause
        </button>
      )}
      <button
        type="button"
        className={button}
        disabled={busy || status === undefined}
        onClick={() => {
          if (window.confirm(`Reset ${simulationId} to timestep 0?`)) control.mutate('reset');
        }}
      >
        Reset
      </button>
      {control.isError ? (
        <span role="alert" className="text-sm text-ss-destructive">
          {control.error instanceof Error ? control.error.message : 'Request failed'}
        </span>
      ) : null}
    </fieldset>
  );
}
