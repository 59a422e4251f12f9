/** One point of the system-health chart. */
export interface HealthPoint {
  timestep: number;
  /** System health in percent (0–100), as the chart shows it. */
  health: number;
  aliveAgents: number;
}

/** The rolling window of one simulation; a new simulation starts a new window. */
export interface HealthHistory {
  simulationId: string | null;
  points: readonly HealthPoint[];
}

export const emptyHealthHistory: HealthHistory = { simulationId: null, points: [] };

/**
 * Add a point to the window, keeping at most `size` points. A snapshot of the same timestep
 * replaces the last point (a shock or a resync can re-render a step); an earlier timestep
 * means the simulation was reset, so the window starts over rather than drawing backwards.
 *
 * @example
 * let history = emptyHealthHistory;
 * history = appendHealthPoint(history, 'sim-1', { timestep: 1, health: 98, aliveAgents: 30 }, 120);
 */
export function appendHealthPoint(
  history: HealthHistory,
  simulationId: string,
  point: HealthPoint,
  size: number,
): HealthHistory {
  const last = history.points.at(-1);
  if (history.simulationId !== simulationId || !last || point.timestep < last.timestep) {
    return { simulationId, points: [point] };
  }
  if (point.timestep === last.timestep) {
    if (point.health === last.health && point.aliveAgents === last.aliveAgents) return history;
    return { simulationId, points: [...history.points.slice(0, -1), point] };
  }
  const points = [...history.points, point];
  return {
    simulationId,
    points: points.length > size ? points.slice(points.length - size) : points,
  };
}
