import type { SimulationSnapshot, TimelineResponse } from '@simstream/protocol';
import type { EventLog } from './eventLog.js';

/** The snapshot a run started from and the seq it is current to (before its first step). */
export interface RunStart {
  seq: number;
  snapshot: SimulationSnapshot;
}

/**
 * The snapshot at `requested` (or the newest) of the current run, from the steps the log still
 * holds plus the run's start; outside the held range, the nearest held timestep. Never
 * touches the live state: the log's steps are immutable.
 *
 * @example
 * timelineAt(log, runStart, epoch, 12); // { requested: 12, seq: 40, epoch, snapshot, held: { from: 0, to: 57 } }
 */
export function timelineAt(
  log: EventLog,
  start: RunStart,
  epoch: string,
  requested: number | null,
): TimelineResponse {
  let newest: { seq: number; snapshot: SimulationSnapshot } | null = null;
  let oldest: { seq: number; snapshot: SimulationSnapshot } = start;
  let found: { seq: number; snapshot: SimulationSnapshot } | null = null;
  let reachesStart = true;
  for (const step of log.recentSteps()) {
    const entry = { seq: step.seq, snapshot: step.data.snapshot };
    newest ??= entry;
    oldest = entry;
    if (requested !== null && step.data.timestep === requested) found = entry;
    reachesStart = step.data.timestep <= 1;
  }
  // The run's start counts while the log still reaches back to its first step.
  if (reachesStart && oldest.snapshot.timestep > start.snapshot.timestep) oldest = start;
  newest ??= start;
  const held = { from: oldest.snapshot.timestep, to: newest.snapshot.timestep };
  // Held timesteps are consecutive, so a miss lies outside: the nearest end answers.
  const pick = found ?? (requested !== null && requested <= held.from ? oldest : newest);
  return { requested, seq: pick.seq, epoch, snapshot: pick.snapshot, held };
}
