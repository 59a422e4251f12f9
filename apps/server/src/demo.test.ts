import { createManualClock } from '@simstream/hub';
import type { Envelope } from '@simstream/protocol';
import { describe, expect, it } from 'vitest';
import { DEMO_SETTINGS } from './demo.js';
import { useTestServer } from './serverTestkit.js';

const t = useTestServer(null);
const INTERVAL = 1_000;

async function startDemo() {
  const clock = createManualClock(Date.parse('2025-01-01T00:00:00.000Z'));
  await t.start({ DEMO_SIMULATION: 'on' }, { hub: { clock } });
  const demo = t.server.hub.get(t.server.demoSimulationId!)!;
  const seen: Envelope[] = [];
  demo.onEvents((events) => seen.push(...events));
  /** Advance n steps, letting the demo's restart (queued after the tick) run. */
  const steps = async (n: number) => {
    for (let i = 0; i < n; i++) {
      clock.advance(INTERVAL);
      await Promise.resolve();
    }
  };
  return { demo, seen, steps };
}

const resets = (seen: readonly Envelope[]) =>
  seen.filter((e) => e.type === 'simulation_status' && e.data.reason === 'reset');

describe('the demo simulation', () => {
  it('keeps the spec id, gives decisions 30 steps and stays calm on its own', async () => {
    const { demo, seen, steps } = await startDemo();
    expect(demo.id).toBe('test-sim-123');
    await steps(DEMO_SETTINGS.maxTimesteps - 1);
    const decisions = seen.filter((e) => e.type === 'pending_decision');
    expect(decisions.length).toBeGreaterThan(0);
    for (const d of decisions) {
      if (d.type === 'pending_decision')
        expect(d.data.deadline_timestep - d.data.timestep).toBe(30);
    }
    expect(seen.some((e) => e.type === 'entity_default')).toBe(false);
    expect(resets(seen)).toEqual([]);
  });

  it('starts over when it finishes, and keeps running', async () => {
    const { demo, seen, steps } = await startDemo();
    await steps(DEMO_SETTINGS.maxTimesteps);
    expect(seen.some((e) => e.type === 'simulation_status' && e.data.status === 'finished')).toBe(
      true,
    );
    expect(resets(seen)).toHaveLength(1);
    await steps(3);
    expect(demo.summary()).toMatchObject({ status: 'running', timestep: 3 });
  });

  it("starts over 20 steps after the operator's bank defaulted, with new decision ids", async () => {
    const { demo, seen, steps } = await startDemo();
    await steps(2);
    expect(
      demo.applyShock({ shock_type: 'credit_loss', target: 'BANK_001', magnitude: 1 }).ok,
    ).toBe(true);
    await steps(1);
    const defaulted = seen.find(
      (e) => e.type === 'entity_default' && e.data.entity_id === 'BANK_001',
    );
    expect(defaulted).toBeDefined();
    await steps(DEMO_SETTINGS.restartAfterPlayerDefaultSteps - 1);
    expect(resets(seen)).toEqual([]);
    await steps(1);
    expect(resets(seen)).toHaveLength(1);
    expect(
      demo.snapshot().snapshot.entities.find((e) => e.id === 'BANK_001')?.defaulted_at,
    ).toBeNull();
    await steps(2);
    const ids = seen.flatMap((e) => (e.type === 'pending_decision' ? [e.data.decision_id] : []));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
