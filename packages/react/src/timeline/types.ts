import type { SimulationSnapshot } from '@simstream/protocol';

/**
 * A past moment of a run that kit components can show instead of the live state: the
 * timeline's snapshot and the seq of the step that produced it (the feed shows events up to it).
 * `null` (or omitted) means live.
 */
export interface TimelinePosition {
  timestep: number;
  seq: number;
  snapshot: SimulationSnapshot;
}
