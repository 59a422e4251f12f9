import { describe, expect, it } from 'vitest';
import { createManualClock } from './clock.js';
import { RUNTIME_DEFAULTS, createHub } from './hub.js';

describe('createHub', () => {
  it('creates a simulation with the defaults merged into the request', () => {
    const hub = createHub({ clock: createManualClock() });
    const created = hub.create({ banks: 10, decisionPolicy: { pauseOnDecision: true } });
    if (!created.ok) throw new Error(created.error.message);
    const runtime = created.value;
    expect(runtime.id).toMatch(/^sim-[A-Za-z0-9]+$/);
    expect(runtime.settings).toEqual({
      ...RUNTIME_DEFAULTS,
      banks: 10,
      decisionPolicy: { npaThreshold: 0.08, pauseOnDecision: true, deadlineSteps: 10 },
    });
    expect(runtime.summary()).toMatchObject({
      id: runtime.id,
      seed: 42,
      banks: 10,
      funds: 5,
      seq: 0,
      status: 'running',
      viewers: 0,
    });
    expect(runtime.snapshot().snapshot.entities.filter((e) => e.type === 'bank')).toHaveLength(10);
    expect(hub.get(runtime.id)).toBe(runtime);
  });

  it('refuses a duplicate id, too many simulations and invalid requests', () => {
    const hub = createHub({ clock: createManualClock(), maxSimulations: 2 });
    expect(hub.create({ id: 'alpha' }).ok).toBe(true);
    const duplicate = hub.create({ id: 'alpha' });
    expect(!duplicate.ok && duplicate.error.code).toBe('conflict');
    expect(hub.create({}).ok).toBe(true);
    const full = hub.create({});
    expect(!full.ok && full.error.code).toBe('conflict');
    hub.remove('alpha');
    const invalid = hub.create({ banks: 1 });
    expect(!invalid.ok && invalid.error.code).toBe('invalid_message');
    expect(!invalid.ok && invalid.error.message).toMatch(/banks/);
    expect(hub.list()).toHaveLength(1);
  });

  it('does not run until started when autoStart is false', () => {
    const clock = createManualClock();
    const hub = createHub({ clock });
    const created = hub.create({ autoStart: false, stepIntervalMs: 100 });
    if (!created.ok) throw new Error(created.error.message);
    clock.advance(1_000);
    expect(created.value.seq).toBe(0);
    expect(created.value.summary().status).toBe('paused');
    created.value.start();
    clock.advance(300);
    expect(created.value.summary().timestep).toBe(3);
  });

  it('validates shocks against the protocol and the engine', () => {
    const hub = createHub({ clock: createManualClock() });
    const created = hub.create({});
    if (!created.ok) throw new Error(created.error.message);
    const wrongSign = created.value.applyShock({
      shock_type: 'asset_price_crash',
      target: 'equities',
      magnitude: 0.3,
    });
    expect(!wrongSign.ok && wrongSign.error.code).toBe('invalid_message');
    const unknownBank = created.value.applyShock({
      shock_type: 'deposit_run',
      target: 'BANK_999',
      magnitude: 0.3,
    });
    expect(unknownBank.ok).toBe(false);
  });

  it('disposes every simulation and its timer', () => {
    const clock = createManualClock();
    const hub = createHub({ clock });
    hub.create({});
    hub.create({});
    expect(clock.pendingTimers()).toBe(2);
    hub.dispose();
    expect(clock.pendingTimers()).toBe(0);
    expect(hub.list()).toEqual([]);
  });
});
