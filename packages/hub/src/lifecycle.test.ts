import { createEngine } from '@simstream/simulation';
import { describe, expect, it, vi } from 'vitest';
import { createManualClock } from './clock.js';
import { createHub } from './hub.js';
import { collect } from './testSupport.testkit.js';

describe('runtime life cycle', () => {
  it('produces the same envelopes, byte for byte, for the same seed, commands and clock', () => {
    const run = () => {
      const clock = createManualClock(Date.parse('2025-01-01T00:00:00.000Z'));
      const hub = createHub({ clock });
      const created = hub.create({ id: 'twin', seed: 11, stepIntervalMs: 250 });
      if (!created.ok) throw new Error(created.error.message);
      const seen = collect();
      created.value.onEvents(seen.listener);
      clock.advance(2_000);
      created.value.applyShock({ shock_type: 'deposit_run', target: 'BANK_002', magnitude: 0.5 });
      clock.advance(2_000);
      created.value.reset();
      clock.advance(1_000);
      return JSON.stringify(seen.all());
    };
    expect(run()).toBe(run());
  });

  it('stays paused through a reset when the operator had paused', () => {
    const clock = createManualClock();
    const hub = createHub({ clock });
    const created = hub.create({ stepIntervalMs: 100 });
    if (!created.ok) throw new Error(created.error.message);
    const runtime = created.value;
    expect(runtime.ticking).toBe(true);
    clock.advance(500);
    runtime.pause();
    expect(runtime.ticking).toBe(false);
    const seen = collect();
    runtime.onEvents(seen.listener);
    runtime.reset();
    expect(seen.batches.map((batch) => batch.map((e) => e.type))).toEqual([
      ['simulation_status', 'simulation_step'],
    ]);
    const seq = runtime.seq;
    clock.advance(500);
    expect(runtime.seq).toBe(seq);
    expect(runtime.snapshot().snapshot).toMatchObject({ timestep: 0, status: 'paused' });
    runtime.resume();
    expect(runtime.ticking).toBe(true);
    clock.advance(300);
    expect(runtime.snapshot().snapshot.timestep).toBe(3);
    runtime.dispose();
    expect(runtime.ticking).toBe(false);
  });

  it('reports an engine error in a step and keeps ticking', () => {
    const onError = vi.fn();
    let calls = 0;
    const clock = createManualClock();
    const hub = createHub({
      clock,
      onError,
      createEngine: (config) => {
        const engine = createEngine(config);
        const step = engine.step.bind(engine);
        // Fault injection around the real engine: the second step throws.
        return new Proxy(engine, {
          get(target, key, receiver) {
            if (key === 'step') {
              return () => {
                calls += 1;
                if (calls === 2) throw new Error('engine bug');
                return step();
              };
            }
            return Reflect.get(target, key, receiver);
          },
        });
      },
    });
    const created = hub.create({ stepIntervalMs: 100 });
    if (!created.ok) throw new Error(created.error.message);
    const seen = collect();
    created.value.onEvents(seen.listener);
    clock.advance(400);
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'engine bug' }), {
      simulationId: created.value.id,
      where: 'step',
    });
    expect(seen.batches).toHaveLength(3);
    const seqs = seen.all().map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });
});
