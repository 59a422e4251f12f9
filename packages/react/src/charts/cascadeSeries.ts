import type { FeedEvent } from '@simstream/client';

export type DefaultCause = 'insolvency' | 'contagion' | 'liquidity';

/** Defaults of one timestep, by cause. */
export interface CascadePoint {
  timestep: number;
  insolvency: number;
  contagion: number;
  liquidity: number;
}

/** A defaulted entity and the loss its default passed to its creditors. */
export interface CostlyDefault {
  entityId: string;
  timestep: number;
  cause: DefaultCause;
  creditorLosses: number;
}

const defaultsOf = (events: readonly FeedEvent[], untilSeq: number | null) =>
  events.flatMap((e) =>
    e.type === 'entity_default' && (untilSeq === null || e.seq <= untilSeq) ? [e.data] : [],
  );

/**
 * Defaults per timestep by cause, from the feed (up to `untilSeq` when viewing the past);
 * timesteps without defaults are left out.
 *
 * @example
 * cascadeSeries(events, null); // [{ timestep: 41, insolvency: 1, contagion: 3, liquidity: 0 }]
 */
export function cascadeSeries(
  events: readonly FeedEvent[],
  untilSeq: number | null,
): CascadePoint[] {
  const byStep = new Map<number, CascadePoint>();
  for (const d of defaultsOf(events, untilSeq)) {
    const point = byStep.get(d.timestep) ?? {
      timestep: d.timestep,
      insolvency: 0,
      contagion: 0,
      liquidity: 0,
    };
    point[d.cause ?? 'insolvency'] += 1;
    byStep.set(d.timestep, point);
  }
  return [...byStep.values()].sort((a, b) => a.timestep - b.timestep);
}

/**
 * The defaults that cost the system most: largest creditor losses first.
 *
 * @example
 * costliestDefaults(events, null, 5)[0]; // { entityId: 'BANK_007', creditorLosses: 212.4, … }
 */
export function costliestDefaults(
  events: readonly FeedEvent[],
  untilSeq: number | null,
  limit = 5,
): CostlyDefault[] {
  return defaultsOf(events, untilSeq)
    .map((d) => ({
      entityId: d.entity_id,
      timestep: d.timestep,
      cause: d.cause ?? 'insolvency',
      creditorLosses: d.creditor_losses ?? 0,
    }))
    .sort((a, b) => b.creditorLosses - a.creditorLosses || a.timestep - b.timestep)
    .slice(0, limit);
}
