import type { Envelope } from '@simstream/protocol';
import { describe, expect, it } from 'vitest';
import { createManualClock } from './clock.js';
import { createHub } from './hub.js';
import { collect, foldEvents } from './testSupport.testkit.js';

/** A 1,000-step run of the default model (25 banks, 5 funds) with a shock now and then. */
function run(seed: number, steps: number) {
  const hub = createHub({ clock: createManualClock(), logCapacity: steps * 3 + 100 });
  const created = hub.create({
    seed,
    autoStart: false,
    decisionPolicy: { npaThreshold: 0.05, deadlineSteps: 3, pauseOnDecision: false },
  });
  if (!created.ok) throw new Error(created.error.message);
  const runtime = created.value;
  const seen = collect();
  runtime.onEvents(seen.listener);
  for (let i = 0; i < steps; i++) {
    if (i % 97 === 50)
      runtime.applyShock({ shock_type: 'asset_price_crash', target: 'equities', magnitude: -0.15 });
    if (i % 211 === 100)
      runtime.applyShock({ shock_type: 'deposit_run', target: 'system', magnitude: 0.1 });
    runtime.stepNow();
  }
  return { runtime, all: seen.all(), dispose: () => hub.dispose() };
}

describe('compact steps over whole runs', () => {
  it.each([7, 239, 1_234])(
    'seed %i: every one of 1,000 steps rebuilds byte for byte, every one of them compact',
    (seed) => {
      const { runtime, all, dispose } = run(seed, 1_000);
      const view = runtime.viewFor(all, { types: null, steps: 'compact' });
      expect(view.map((e) => e.seq)).toEqual(all.map((e) => e.seq));
      let current = null as ReturnType<typeof foldEvents> | null;
      const kinds = { simulation_step: 0, simulation_compact: 0, keyframe: 0, shared: 0 } as Record<
        string,
        number
      >;
      view.forEach((event: Envelope, i) => {
        const original = all[i]!;
        if (original.type !== 'simulation_step') {
          if (current) current = foldEvents(current, [event]);
          return;
        }
        kinds[event.type] = (kinds[event.type] ?? 0) + 1;
        if (event.type === 'simulation_compact' && 'keyframe' in event.data) {
          kinds.keyframe! += 1;
          if (event.data.keyframe.same_entities && event.data.keyframe.same_exposures)
            kinds.shared! += 1;
        }
        current =
          event.type === 'simulation_step' ? event.data.snapshot : foldEvents(current!, [event]);
        expect(JSON.stringify(current)).toBe(JSON.stringify(original.data.snapshot));
      });
      // Every step compact: keyframes (every 10 timesteps) and steps after a decision changed
      // a balance sheet (their base is not the previous step alone) as compact keyframes —
      // whole snapshots in columns — the rest as residuals against the previous step.
      expect(kinds.simulation_step).toBe(0);
      expect(kinds.simulation_compact).toBe(1_000);
      expect(kinds.keyframe).toBeGreaterThanOrEqual(100);
      expect(kinds.keyframe).toBeLessThan(150);
      // Every keyframe but the run's first leaves out the ids, names and exposure network the
      // viewer already holds (a reset would send them again).
      expect(kinds.shared).toBe(kinds.keyframe! - 1);
      dispose();
    },
    // A thousand engine steps per seed: seconds on a loaded two-core machine.
    60_000,
  );

  it.each([7, 239])(
    'seed %i: a viewer that starts from the REST snapshot at any step rebuilds every later step, keyframes included',
    (seed) => {
      const { runtime, all, dispose } = run(seed, 300);
      const view = runtime.viewFor(all, { types: null, steps: 'compact' });
      const steps = all.flatMap((e, i) => (e.type === 'simulation_step' ? [i] : []));
      // Fresh subscribers joining at 24 different steps (between keyframes and just before
      // one): the snapshot they loaded, then the compact stream after it, compared with the
      // full snapshot at every later keyframe and at the end.
      for (const start of steps.filter((_, n) => n % 25 === 3 || n % 25 === 19)) {
        const loaded = all[start]!;
        if (loaded.type !== 'simulation_step') continue;
        let current = loaded.data.snapshot;
        for (let i = start + 1; i < all.length; i++) {
          const original = all[i]!;
          const event = view[i]!;
          current = foldEvents(current, [event]);
          const keyframe = event.type === 'simulation_compact' && 'keyframe' in event.data;
          if (original.type === 'simulation_step' && (keyframe || i === steps.at(-1)))
            expect(JSON.stringify(current)).toBe(JSON.stringify(original.data.snapshot));
        }
      }
      dispose();
    },
    60_000,
  );
});
