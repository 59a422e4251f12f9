import {
  applyDelta,
  decodeCompactStep,
  type Envelope,
  type SimulationSnapshot,
} from '@simstream/protocol';

/** Collects every batch a runtime delivers (test helper). */
export function collect() {
  const batches: Envelope[][] = [];
  return {
    batches,
    listener: (events: readonly Envelope[]) => {
      batches.push([...events]);
    },
    all: () => batches.flat(),
  };
}

/** Fold events into a snapshot the way a client does (steps replace, deltas and compact steps patch, statuses update). */
export function foldEvents(
  start: SimulationSnapshot,
  events: readonly Envelope[],
): SimulationSnapshot {
  let current = start;
  for (const event of events) {
    if (event.type === 'simulation_step') current = event.data.snapshot;
    else if (event.type === 'simulation_delta') current = applyDelta(current, event.data);
    else if (event.type === 'simulation_compact') current = decodeCompactStep(current, event.data);
    else if (event.type === 'simulation_status')
      current = { ...current, status: event.data.status };
  }
  return current;
}
