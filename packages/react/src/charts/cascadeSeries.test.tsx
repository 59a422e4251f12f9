import '../components/testSetup.js';
import { describe, expect, it } from 'vitest';
import { cascadeSeries, costliestDefaults } from './cascadeSeries.js';
import { recordedRun } from './fixtures.js';

describe('cascadeSeries and costliestDefaults', () => {
  const events = recordedRun(-0.35, 12);
  const defaults = events.filter((e) => e.type === 'entity_default');

  it('count every default of the run by timestep and cause, and rank the costliest', () => {
    expect(defaults.length).toBeGreaterThan(0);
    const points = cascadeSeries(events, null);
    const total = points.reduce((s, p) => s + p.insolvency + p.contagion + p.liquidity, 0);
    expect(total).toBe(defaults.length);
    expect(points.map((p) => p.timestep)).toEqual(
      [...points.map((p) => p.timestep)].sort((a, b) => a - b),
    );
    const ranked = costliestDefaults(events, null, 3);
    expect(ranked.length).toBe(Math.min(3, defaults.length));
    const losses = ranked.map((d) => d.creditorLosses);
    expect(losses).toEqual([...losses].sort((a, b) => b - a));
  });

  it('stop at the timeline position: nothing after its seq counts', () => {
    const first = defaults[0]!;
    const before = cascadeSeries(events, first.seq - 1);
    expect(before.reduce((s, p) => s + p.insolvency + p.contagion + p.liquidity, 0)).toBe(0);
    expect(costliestDefaults(events, first.seq - 1)).toEqual([]);
    const upTo = costliestDefaults(events, first.seq, 50);
    expect(upTo.map((d) => d.entityId)).toEqual([
      (first as { data: { entity_id: string } }).data.entity_id,
    ]);
  });
});
