import * as v from 'valibot';
import { type EngineEvent, eventDataSchemas } from '@simstream/protocol';
import { describe, expect, it } from 'vitest';
import { createEngine } from './engine.js';
import type { AuditedContagionEngine } from './types.js';

/**
 * Drive an engine through a fixed script: shocks at fixed steps, an operator pause/resume,
 * and every decision answered two steps after it appears (alternating choices).
 */
function runScript(engine: AuditedContagionEngine, steps: number): EngineEvent[] {
  const events: EngineEvent[] = [];
  let answerAt = -1;
  let answers = 0;
  for (let i = 1; i <= steps; i += 1) {
    if (i === 30)
      engine.applyShock({ shock_type: 'credit_loss', target: 'BANK_003', magnitude: 0.2 });
    if (i === 60)
      engine.applyShock({ shock_type: 'deposit_run', target: 'system', magnitude: 0.1 });
    if (i === 90)
      engine.applyShock({ shock_type: 'asset_price_crash', target: 'equities', magnitude: -0.15 });
    if (i === 120) events.push(...engine.pause('maintenance'));
    if (i === 122) events.push(...engine.resume());
    const pending = engine.pendingDecision();
    if (pending && i >= answerAt && answerAt > 0) {
      const result = engine.answerDecision(
        pending.decision_id,
        answers % 2 === 0 ? 'recommended' : 'alternative',
        'tester',
      );
      if (result.ok) events.push(...result.events);
      answers += 1;
      answerAt = -1;
    }
    const stepEvents = engine.step();
    if (stepEvents.some((e) => e.type === 'pending_decision')) answerAt = i + 2;
    events.push(...stepEvents);
  }
  return events;
}

describe('createEngine', () => {
  it('names banks BANK_001…BANK_025 and funds FUND_001…FUND_005 by default', () => {
    const snapshot = createEngine({ simulationId: 'ids' }).snapshot();
    const ids = snapshot.entities.map((e) => e.id);
    expect(ids.slice(0, 25)).toEqual(
      Array.from({ length: 25 }, (_, i) => `BANK_${String(i + 1).padStart(3, '0')}`),
    );
    expect(ids.slice(25)).toEqual(['FUND_001', 'FUND_002', 'FUND_003', 'FUND_004', 'FUND_005']);
    expect(snapshot.entities.filter((e) => e.type === 'fund')).toHaveLength(5);
    expect(snapshot.player_entity_id).toBe('BANK_001');
    expect(snapshot.timestep).toBe(0);
    expect(snapshot.alive_agents).toBe(30);
    expect(new Set(snapshot.entities.map((e) => e.name)).size).toBe(30);
  });

  it('produces byte-identical events for the same seed and inputs over 200 steps', () => {
    const config = {
      simulationId: 'det',
      seed: 1234,
      decisionPolicy: { npaThreshold: 0.07, pauseOnDecision: false, deadlineSteps: 5 },
    };
    const a = runScript(createEngine(config), 200);
    const b = runScript(createEngine(config), 200);
    const types = new Set(a.map((e) => e.type));
    // The script really exercised shocks, decisions and status changes.
    for (const t of [
      'shock_applied',
      'simulation_step',
      'pending_decision',
      'decision_resolved',
      'simulation_status',
    ]) {
      expect(types).toContain(t);
    }
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('produces different events for a different seed', () => {
    const a = runScript(createEngine({ simulationId: 'det', seed: 1 }), 20);
    const b = runScript(createEngine({ simulationId: 'det', seed: 2 }), 20);
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
  });

  it('emits only events that validate against the protocol schemas, in the documented order', () => {
    const engines = [
      createEngine({ simulationId: 'schema-a', seed: 5, maxTimesteps: 150 }),
      createEngine({
        simulationId: 'schema-b',
        seed: 9,
        decisionPolicy: { npaThreshold: 0.05, pauseOnDecision: true, deadlineSteps: 2 },
      }),
    ];
    const rank: Record<string, number> = {
      shock_applied: 0,
      entity_default: 1,
      simulation_step: 2,
    };
    for (const engine of engines) {
      let sawDefault = false;
      for (let i = 1; i <= 150; i += 1) {
        if (i === 40)
          engine.applyShock({
            shock_type: 'asset_price_crash',
            target: 'real_estate',
            magnitude: -0.35,
          });
        const events = engine.step();
        let last = -1;
        for (const event of events) {
          const parsed = v.safeParse(eventDataSchemas[event.type], event.data);
          expect(parsed.success, `${event.type}: ${parsed.issues?.[0]?.message}`).toBe(true);
          const r = rank[event.type] ?? 3;
          expect(r).toBeGreaterThanOrEqual(last);
          last = r;
          if (event.type === 'entity_default') sawDefault = true;
        }
      }
      expect(sawDefault).toBe(true);
    }
  });

  it('finishes at maxTimesteps and then does nothing', () => {
    const engine = createEngine({ simulationId: 'fin', seed: 3, maxTimesteps: 5 });
    let last: EngineEvent[] = [];
    for (let i = 0; i < 5; i += 1) last = engine.step();
    expect(last.at(-1)).toEqual({
      type: 'simulation_status',
      data: { status: 'finished', reason: 'max_timesteps', timestep: 5 },
    });
    expect(engine.status).toBe('finished');
    expect(engine.snapshot().status).toBe('finished');
    expect(engine.step()).toEqual([]);
    expect(engine.timestep).toBe(5);
    expect(
      engine.applyShock({ shock_type: 'credit_loss', target: 'system', magnitude: 0.1 }).ok,
    ).toBe(false);
  });

  it('finishes when every bank has defaulted', () => {
    const engine = createEngine({ simulationId: 'wipe', seed: 3 });
    engine.applyShock({
      shock_type: 'asset_price_crash',
      target: 'corporate_loans',
      magnitude: -0.9,
    });
    const events = engine.step();
    expect(
      events.filter((e) => e.type === 'entity_default' && e.data.entity_type === 'bank'),
    ).toHaveLength(25);
    expect(events.at(-1)).toEqual({
      type: 'simulation_status',
      data: { status: 'finished', reason: 'all_banks_defaulted', timestep: 1 },
    });
  });

  it('rejects invalid shocks with a readable message and applies valid ones at the next step', () => {
    const engine = createEngine({ simulationId: 'shock', seed: 3 });
    const bad = engine.applyShock({
      shock_type: 'asset_price_crash',
      target: 'gold' as 'equities',
      magnitude: -0.2,
    });
    expect(bad).toEqual({ ok: false, message: expect.stringContaining('asset class') });
    expect(
      engine.applyShock({ shock_type: 'deposit_run', target: 'BANK_999', magnitude: 0.2 }),
    ).toMatchObject({ ok: false, message: expect.stringContaining('unknown entity') });
    expect(
      engine.applyShock({ shock_type: 'deposit_run', target: 'FUND_001', magnitude: 0.2 }).ok,
    ).toBe(false);
    expect(
      engine.applyShock({ shock_type: 'deposit_run', target: 'BANK_002', magnitude: 0.3 }),
    ).toEqual({ ok: true });
    const before = engine.snapshot().entities[1]!.deposits;
    const events = engine.step();
    expect(events[0]).toEqual({
      type: 'shock_applied',
      data: { shock_type: 'deposit_run', target: 'BANK_002', magnitude: 0.3, timestep: 1 },
    });
    expect(engine.snapshot().entities[1]!.deposits).toBeCloseTo(before * 0.7, 1);
  });

  it('applies scheduled shocks at their timestep', () => {
    const engine = createEngine({
      simulationId: 'sched',
      seed: 3,
      shockSchedule: [
        {
          timestep: 2,
          shock: { shock_type: 'asset_price_crash', target: 'equities', magnitude: -0.2 },
        },
      ],
    });
    expect(engine.step().some((e) => e.type === 'shock_applied')).toBe(false);
    const before = engine.snapshot().prices.equities;
    const events = engine.step();
    expect(events[0]?.type).toBe('shock_applied');
    expect(engine.snapshot().prices.equities).toBeLessThan(before * 0.85);
  });

  it('pauses and resumes on operator request', () => {
    const engine = createEngine({ simulationId: 'op', seed: 3 });
    engine.step();
    expect(engine.pause()).toEqual([
      { type: 'simulation_status', data: { status: 'paused', reason: 'operator', timestep: 1 } },
    ]);
    expect(engine.pause()).toEqual([]);
    expect(engine.step()).toEqual([]);
    expect(engine.timestep).toBe(1);
    expect(engine.resume()).toEqual([
      { type: 'simulation_status', data: { status: 'running', reason: 'operator', timestep: 1 } },
    ]);
    expect(engine.step().some((e) => e.type === 'simulation_step')).toBe(true);
    expect(engine.timestep).toBe(2);
  });

  it('keeps a 25-bank step in a predictable size', () => {
    const engine = createEngine({ simulationId: 'size', seed: 3 });
    const step = engine.step().find((e) => e.type === 'simulation_step');
    const bytes = JSON.stringify(step).length;
    // 30 entities × ~320 bytes plus ~135 network claims × ~55 bytes: documented in the README.
    expect(bytes).toBeGreaterThan(15_000);
    expect(bytes).toBeLessThan(20_000);
  });

  it('lists the interbank exposures of the seeded network', () => {
    const engine = createEngine({ simulationId: 'net', seed: 3 });
    const exposures = engine.exposures();
    const snapshot = engine.snapshot();
    const lent = new Map<string, number>();
    for (const x of exposures) lent.set(x.from, (lent.get(x.from) ?? 0) + x.amount);
    for (const e of snapshot.entities)
      expect(lent.get(e.id) ?? 0).toBeCloseTo(e.interbank_assets, 0);
    // density 0.2 among 25 banks: about 120 bank links, plus 15 fund holdings of bank debt.
    expect(exposures.length).toBeGreaterThan(80);
    expect(exposures.length).toBeLessThan(170);
    const denser = createEngine({ simulationId: 'net', seed: 3, density: 0.5 }).exposures();
    expect(denser.length).toBeGreaterThan(exposures.length * 2);
  });
});
