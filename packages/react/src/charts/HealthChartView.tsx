import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useId } from 'react';
import type { HealthPoint } from './healthSeries.js';

export interface HealthChartViewProps {
  /** Oldest first (`healthSeries`, `useHealthHistory`). */
  points: readonly HealthPoint[];
  /** The alive-agents axis goes up to it (auto when undefined). */
  totalAgents: number | undefined;
  className?: string;
}

/**
 * System health (%) and alive agents per timestep, two axes on one chart. Animation is off:
 * a new point arrives every step and a tweening line would always lag behind the data.
 * The chart is an image to assistive tech; the figure's caption states the latest values.
 *
 * `data-state` is `empty` before the first step, else `ready`.
 *
 * @example
 * <HealthChartView points={useHealthHistory(id)} totalAgents={snapshot.total_agents} />
 */
export function HealthChartView({ points, totalAgents, className }: HealthChartViewProps) {
  const latest = points.at(-1);
  const captionId = useId();
  return (
    <figure
      data-simstream=""
      data-slot="health-chart"
      data-state={points.length === 0 ? 'empty' : 'ready'}
      className={className}
      aria-labelledby={captionId}
    >
      <figcaption id={captionId} className="text-sm text-ss-muted-foreground">
        System health and alive agents over the last {points.length} timesteps
        {latest ? (
          <span className="sr-only">
            {`: now ${latest.health.toFixed(1)} % health and ${latest.aliveAgents} alive agents at timestep ${latest.timestep}`}
          </span>
        ) : null}
      </figcaption>
      <div
        className="h-64 w-full"
        role="img"
        aria-label="Line chart of system health and alive agents"
      >
        {points.length === 0 ? (
          <p className="grid h-full place-items-center text-sm text-ss-muted-foreground">
            Waiting for the first step…
          </p>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <LineChart
              data={points as HealthPoint[]}
              margin={{ top: 8, right: 8, bottom: 0, left: -8 }}
            >
              <CartesianGrid strokeDasharray="3 3" stroke="var(--ss-border)" />
              <XAxis
                dataKey="timestep"
                tick={{ fontSize: 12 }}
                stroke="var(--ss-muted-foreground)"
              />
              <YAxis
                yAxisId="health"
                domain={[0, 100]}
                unit="%"
                tick={{ fontSize: 12 }}
                stroke="var(--ss-muted-foreground)"
              />
              <YAxis
                yAxisId="agents"
                orientation="right"
                domain={[0, totalAgents ?? 'auto']}
                allowDecimals={false}
                tick={{ fontSize: 12 }}
                stroke="var(--ss-muted-foreground)"
              />
              <Tooltip />
              <Legend />
              <Line
                yAxisId="health"
                type="monotone"
                dataKey="health"
                name="System health (%)"
                stroke="var(--ss-live)"
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
              />
              <Line
                yAxisId="agents"
                type="stepAfter"
                dataKey="aliveAgents"
                name="Alive agents"
                stroke="var(--ss-ring)"
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
              />
            </LineChart>
          </ResponsiveContainer>
        )}
      </div>
    </figure>
  );
}
