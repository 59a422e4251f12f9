import { useSimulationSnapshot } from '@simstream/react';
import { useEffect, useState } from 'react';
import { appendHealthPoint, emptyHealthHistory, type HealthPoint } from './healthHistory.js';

/**
 * System health and alive agents over the last `size` timesteps of a simulation, collected
 * from the live snapshot query (which the kit keeps current from the stream, no polling).
 *
 * @example
 * const points = useHealthHistory('test-sim-123');
 * // [{ timestep: 41, health: 86.2, aliveAgents: 29 }, …]
 */
export function useHealthHistory(simulationId: string, size = 120): readonly HealthPoint[] {
  const { data } = useSimulationSnapshot(simulationId);
  const [history, setHistory] = useState(emptyHealthHistory);
  const snapshot = data?.snapshot;
  const timestep = snapshot?.timestep;
  const health = snapshot?.system_health;
  const aliveAgents = snapshot?.alive_agents;

  useEffect(() => {
    if (timestep === undefined || health === undefined || aliveAgents === undefined) return;
    const point = { timestep, health: Math.round(health * 1_000) / 10, aliveAgents };
    setHistory((prev) => appendHealthPoint(prev, simulationId, point, size));
  }, [simulationId, timestep, health, aliveAgents, size]);

  return history.simulationId === simulationId ? history.points : [];
}
