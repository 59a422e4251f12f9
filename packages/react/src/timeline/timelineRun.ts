import type { TimelineRun } from '@simstream/client';
import type { QueryClient } from '@tanstack/react-query';

interface RunMark extends TimelineRun {
  timestep: number;
}

/** Per QueryClient, per simulation: the run its live snapshot is in. */
const marks = new WeakMap<QueryClient, Map<string, RunMark>>();

/**
 * The run a live snapshot belongs to, as this QueryClient has seen the simulation: a new epoch
 * starts run 0; the live timestep going back within an epoch is a reset, the next run. Shared
 * by every hook on the same QueryClient (so their timeline keys agree) and idempotent: seeing
 * the same snapshot twice counts nothing twice.
 *
 * @example
 * const run = observeRun(queryClient, 'demo', live.epoch, live.snapshot.timestep);
 * queries.timeline(run, 12); // keyed [..., 'timeline', run.epoch, run.run, 12]
 */
export function observeRun(
  queryClient: QueryClient,
  simulationId: string,
  epoch: string,
  timestep: number,
): TimelineRun {
  let bySimulation = marks.get(queryClient);
  if (!bySimulation) {
    bySimulation = new Map();
    marks.set(queryClient, bySimulation);
  }
  const mark = bySimulation.get(simulationId);
  let next: RunMark;
  if (!mark || mark.epoch !== epoch) next = { epoch, run: 0, timestep };
  else if (timestep < mark.timestep) next = { epoch, run: mark.run + 1, timestep };
  else next = { ...mark, timestep };
  bySimulation.set(simulationId, next);
  return { epoch: next.epoch, run: next.run };
}
