import type { Envelope, SimulationSnapshot } from '@simstream/protocol';
import type { FeedEvent } from '@simstream/client';

/** One point of the system-health chart. */
export interface HealthPoint {
  timestep: number;
  /** System health in percent (0–100), as the chart shows it. */
  health: number;
  aliveAgents: number;
}

const toPercent = (health: number) => Math.round(health * 1_000) / 10;

/**
 * The last `size` timesteps of system health and alive agents, oldest first, read from the
 * step summaries of the kit's live events feed (or step envelopes in any encoding alike: only `timestep`, `system_health` and `alive_agents` are read), so
 * the chart has the history from before the page opened and no step is skipped when the
 * browser throttles rendering. Walking back stops at a reset, so a reset run starts a fresh
 * line. The snapshot adds the current step when it is newer than the events (e.g. right
 * after a resync, before the events refetch lands).
 *
 * @example
 * healthSeries(events, snapshot, 120); // [{ timestep: 41, health: 86.2, aliveAgents: 29 }, …]
 */
export function healthSeries(
  events: readonly (FeedEvent | Envelope)[],
  snapshot: SimulationSnapshot | undefined,
  size: number,
): HealthPoint[] {
  const newestFirst: HealthPoint[] = [];
  for (let i = events.length - 1; i >= 0 && newestFirst.length < size; i--) {
    const event = events[i];
    if (
      event?.type !== 'simulation_step' &&
      event?.type !== 'simulation_delta' &&
      event?.type !== 'simulation_compact'
    ) {
      continue;
    }
    const { timestep, system_health, alive_agents } = event.data;
    const newer = newestFirst.at(-1);
    // Read backwards, timesteps only go down; one that does not is from before a reset.
    if (newer && timestep >= newer.timestep) break;
    newestFirst.push({ timestep, health: toPercent(system_health), aliveAgents: alive_agents });
  }
  const points = newestFirst.reverse();
  const last = points.at(-1);
  if (snapshot && (!last || snapshot.timestep > last.timestep)) {
    points.push({
      timestep: snapshot.timestep,
      health: toPercent(snapshot.system_health),
      aliveAgents: snapshot.alive_agents,
    });
    if (points.length > size) points.shift();
  }
  return points;
}
