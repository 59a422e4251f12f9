import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useId } from 'react';
import type { CascadePoint, CostlyDefault } from './cascadeSeries.js';

export interface CascadeChartViewProps {
  /** Defaults per timestep by cause (`cascadeSeries`). */
  points: CascadePoint[];
  /** Largest creditor losses first (`costliestDefaults`). */
  costliest: CostlyDefault[];
  className?: string;
}

const CAUSES = [
  { key: 'insolvency', label: 'Insolvency', color: 'var(--ss-error)' },
  { key: 'contagion', label: 'Contagion', color: 'var(--ss-reconnecting)' },
  { key: 'liquidity', label: 'Liquidity', color: 'var(--ss-accent-foreground)' },
] as const;

/**
 * Defaults per timestep, stacked by cause, and the defaults that cost their creditors most.
 * The chart is an image to assistive tech; the caption and the ranking carry the numbers.
 *
 * `data-state` is `calm` before the first default, else `cascade`.
 *
 * @example
 * <CascadeChartView points={cascadeSeries(events, null)} costliest={costliestDefaults(events, null)} />
 */
export function CascadeChartView({ points, costliest, className }: CascadeChartViewProps) {
  const total = points.reduce((s, p) => s + p.insolvency + p.contagion + p.liquidity, 0);
  const captionId = useId();
  return (
    <div
      data-simstream=""
      data-slot="cascade-chart"
      data-state={total === 0 ? 'calm' : 'cascade'}
      className={className}
    >
      <figure className="flex flex-col gap-2" aria-labelledby={captionId}>
        <figcaption id={captionId} className="text-sm text-ss-muted-foreground">
          {total === 0
            ? 'No defaults yet.'
            : `${total} defaults over ${points.length} timesteps: ${CAUSES.map((c) => `${points.reduce((s, p) => s + p[c.key], 0)} ${c.label.toLowerCase()}`).join(', ')}.`}
        </figcaption>
        {/* The caption says it in words; the drawing is hidden and out of the tab order. */}
        <div className="h-48" aria-hidden="true" inert>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={points} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--ss-border)" />
              <XAxis dataKey="timestep" tick={{ fontSize: 11 }} />
              <YAxis allowDecimals={false} width={28} tick={{ fontSize: 11 }} />
              <Tooltip />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              {CAUSES.map((c) => (
                <Bar
                  key={c.key}
                  dataKey={c.key}
                  name={c.label}
                  stackId="cause"
                  fill={c.color}
                  isAnimationActive={false}
                />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
      </figure>
      <div>
        <h3 className="mb-1 font-semibold text-sm">Costliest defaults (creditor losses)</h3>
        {costliest.length === 0 ? (
          <p className="text-ss-muted-foreground text-sm">None yet.</p>
        ) : (
          <ol className="space-y-1 text-sm" aria-label="Defaults ranked by creditor losses">
            {costliest.map((d) => (
              <li key={d.entityId} className="flex justify-between gap-2" data-entity={d.entityId}>
                <span>
                  {d.entityId}{' '}
                  <span className="text-ss-muted-foreground">
                    t{d.timestep}, {d.cause}
                  </span>
                </span>
                <span className="tabular-nums">
                  {d.creditorLosses.toLocaleString('en-US', { maximumFractionDigits: 1 })}M
                </span>
              </li>
            ))}
          </ol>
        )}
      </div>
    </div>
  );
}
