import type { EngineEvent, PendingDecisionData } from '@simstream/protocol';
import { describe, expect, it } from 'vitest';
import { DECISION_COOLDOWN_STEPS } from './decisions.js';
import { createEngine } from './engine.js';
import type { AuditedContagionEngine, EngineConfig } from './types.js';

/** Step until the engine raises a decision; returns it and the events of that step. */
function stepUntilDecision(
  engine: AuditedContagionEngine,
  limit = 200,
): { decision: PendingDecisionData; events: EngineEvent[] } {
  for (let i = 0; i < limit; i += 1) {
    const events = engine.step();
    const raised = events.find((e) => e.type === 'pending_decision');
    if (raised?.type === 'pending_decision') return { decision: raised.data, events };
  }
  throw new Error('no decision raised');
}

const base: Partial<EngineConfig> & { simulationId: string } = { simulationId: 'dec', seed: 1 };

describe('decisions', () => {
  it('raises a seed-style NPA alert for the player with two actions and their projected effects', () => {
    const engine = createEngine(base);
    const { decision, events } = stepUntilDecision(engine);
    expect(events.map((e) => e.type).indexOf('simulation_step')).toBeLessThan(
      events.map((e) => e.type).indexOf('pending_decision'),
    );
    expect(decision.title).toBe('Risk Alert: High NPA Levels');
    expect(decision.description).toMatch(/^Your NPA ratio has exceeded 8\.0% \(now \d+\.\d%\)/);
    expect(decision.decision_id).toBe(`DEC-${decision.timestep}-1`);
    expect(decision.entity_id).toBe('BANK_001');
    expect(decision.deadline_timestep).toBe(decision.timestep + 10);
    expect(decision.deadline_at).toBeNull();
    expect(decision.pauses_simulation).toBe(false);
    expect(decision.recommended_action.kind).toBe('sell_npl');
    expect(decision.recommended_action.effects.npa_ratio).toBeLessThan(0);
    expect(decision.alternative_action.kind).toBe('hold');
    const player = engine.snapshot().entities[0]!;
    expect(player.npa_ratio).toBeGreaterThan(0.08);
    expect(engine.pendingDecision()).toEqual(decision);
  });

  it('puts the run into decision ids after the first run, and nothing else changes', () => {
    const first = stepUntilDecision(createEngine(base));
    const third = stepUntilDecision(createEngine({ ...base, run: 2 }));
    expect(third.decision.decision_id).toBe(`DEC-r2-${first.decision.timestep}-1`);
    expect({ ...third.decision, decision_id: '' }).toEqual({ ...first.decision, decision_id: '' });
    expect(() => createEngine({ ...base, run: -1 })).toThrow(/run/);
  });

  it('changes the outcome: recommended and alternative lead to different books and later snapshots', () => {
    const a = createEngine(base);
    const b = createEngine(base);
    const { decision } = stepUntilDecision(a);
    stepUntilDecision(b);
    const ra = a.answerDecision(decision.decision_id, 'recommended', 'alice');
    const rb = b.answerDecision(decision.decision_id, 'alternative', 'bob');
    expect(ra).toEqual({
      ok: true,
      events: [
        {
          type: 'decision_resolved',
          data: {
            decision_id: decision.decision_id,
            choice: 'recommended',
            resolved_by: 'answer',
            answered_by: 'alice',
            timestep: decision.timestep,
          },
        },
      ],
    });
    expect(rb.ok).toBe(true);
    a.step();
    b.step();
    const pa = a.snapshot().entities[0]!;
    const pb = b.snapshot().entities[0]!;
    // Selling bad loans cut NPA roughly by the projected amount; holding did not.
    expect(pa.npa_ratio).toBeLessThan(
      pb.npa_ratio + decision.recommended_action.effects.npa_ratio! / 2,
    );
    expect(pa.equity).toBeLessThan(pb.equity);
    for (let i = 0; i < 30; i += 1) {
      a.step();
      b.step();
    }
    expect(JSON.stringify(a.snapshot())).not.toBe(JSON.stringify(b.snapshot()));
  });

  it('answers exactly once and refuses unknown decisions', () => {
    const engine = createEngine(base);
    const { decision } = stepUntilDecision(engine);
    expect(engine.answerDecision('DEC-999-9', 'recommended', null)).toMatchObject({
      ok: false,
      reason: 'unknown_decision',
    });
    expect(engine.answerDecision(decision.decision_id, 'alternative', 'a').ok).toBe(true);
    expect(engine.answerDecision(decision.decision_id, 'recommended', 'b')).toMatchObject({
      ok: false,
      reason: 'already_decided',
    });
    expect(engine.pendingDecision()).toBeNull();
  });

  it('without pausing, keeps stepping and applies the default choice after deadline_timestep', () => {
    const engine = createEngine({
      ...base,
      decisionPolicy: { npaThreshold: 0.08, pauseOnDecision: false, deadlineSteps: 3 },
    });
    const { decision } = stepUntilDecision(engine);
    for (let t = decision.timestep + 1; t <= decision.deadline_timestep; t += 1) {
      const events = engine.step();
      expect(events.some((e) => e.type === 'simulation_step')).toBe(true);
      expect(events.some((e) => e.type === 'decision_resolved')).toBe(false);
    }
    const events = engine.step();
    const types = events.map((e) => e.type);
    expect(types.indexOf('decision_resolved')).toBeGreaterThan(types.indexOf('simulation_step'));
    expect(events.find((e) => e.type === 'decision_resolved')?.data).toEqual({
      decision_id: decision.decision_id,
      choice: decision.default_choice,
      resolved_by: 'deadline',
      answered_by: null,
      timestep: decision.deadline_timestep + 1,
    });
    expect(engine.answerDecision(decision.decision_id, 'alternative', 'late')).toMatchObject({
      ok: false,
      reason: 'already_decided',
    });
  });

  it('pauses until answered or until the deadline, and then resumes', () => {
    const policy = { npaThreshold: 0.08, pauseOnDecision: true, deadlineSteps: 3 };
    const engine = createEngine({ ...base, decisionPolicy: policy });
    const { decision, events } = stepUntilDecision(engine);
    expect(decision.pauses_simulation).toBe(true);
    expect(events.at(-1)).toEqual({
      type: 'simulation_status',
      data: { status: 'paused', reason: 'awaiting_decision', timestep: decision.timestep },
    });
    expect(engine.status).toBe('paused');
    const frozen = JSON.stringify(engine.snapshot());
    engine.applyShock({ shock_type: 'credit_loss', target: 'system', magnitude: 0.05 });
    for (let i = 0; i < 3; i += 1) expect(engine.step()).toEqual([]);
    expect(engine.timestep).toBe(decision.timestep);
    expect(JSON.stringify(engine.snapshot())).toBe(frozen);
    expect(engine.resume()).toEqual([]);
    expect(engine.step()).toEqual([
      {
        type: 'decision_resolved',
        data: {
          decision_id: decision.decision_id,
          choice: 'recommended',
          resolved_by: 'deadline',
          answered_by: null,
          timestep: decision.timestep,
        },
      },
      {
        type: 'simulation_status',
        data: { status: 'running', reason: 'decision_deadline', timestep: decision.timestep },
      },
    ]);
    // Running again: the queued shock applies at the next step.
    const next = engine.step();
    expect(next[0]?.type).toBe('shock_applied');
    expect(engine.timestep).toBe(decision.timestep + 1);

    const answered = createEngine({ ...base, decisionPolicy: policy });
    const second = stepUntilDecision(answered).decision;
    const result = answered.answerDecision(second.decision_id, 'alternative', 'ops');
    expect(result.ok && result.events.map((e) => e.type)).toEqual([
      'decision_resolved',
      'simulation_status',
    ]);
    expect(answered.status).toBe('running');
  });

  it('does not raise the same alert again during the cool-down', () => {
    // A low threshold keeps the player above it most of the time.
    const engine = createEngine({
      ...base,
      decisionPolicy: { npaThreshold: 0.01, pauseOnDecision: false, deadlineSteps: 2 },
    });
    const raised: Array<{ id: string; t: number; title: string }> = [];
    const resolvedAt = new Map<string, number>();
    for (let i = 0; i < 80; i += 1) {
      for (const e of engine.step()) {
        if (e.type === 'pending_decision')
          raised.push({ id: e.data.decision_id, t: e.data.timestep, title: e.data.title });
        if (e.type === 'decision_resolved') resolvedAt.set(e.data.decision_id, e.data.timestep);
      }
    }
    const npa = raised.filter((r) => r.title.includes('NPA'));
    expect(npa.length).toBeGreaterThan(2);
    for (let k = 1; k < npa.length; k += 1) {
      const previousResolved = resolvedAt.get(npa[k - 1]!.id)!;
      expect(npa[k]!.t - previousResolved).toBeGreaterThanOrEqual(DECISION_COOLDOWN_STEPS);
    }
    // One decision at a time: each is resolved before the next is raised.
    for (let k = 1; k < raised.length; k += 1) {
      expect(resolvedAt.get(raised[k - 1]!.id)!).toBeLessThanOrEqual(raised[k]!.t);
    }
  });

  it('raises a capital alert with raise_capital vs sell_assets when the capital ratio falls below the floor', () => {
    const engine = createEngine({
      ...base,
      decisionPolicy: { npaThreshold: 1, pauseOnDecision: false, deadlineSteps: 5 },
    });
    engine.applyShock({ shock_type: 'credit_loss', target: 'BANK_001', magnitude: 0.4 });
    const { decision } = stepUntilDecision(engine, 5);
    expect(decision.title).toBe('Risk Alert: Capital Ratio Below Minimum');
    expect(decision.recommended_action.kind).toBe('raise_capital');
    expect(decision.recommended_action.params.amount).toBeGreaterThan(0);
    expect(decision.recommended_action.effects.capital_ratio).toBeGreaterThan(0);
    expect(decision.alternative_action.kind).toBe('sell_assets');
    const before = engine.snapshot().entities[0]!;
    engine.answerDecision(decision.decision_id, 'recommended', 'cfo');
    engine.step();
    expect(engine.snapshot().entities[0]!.capital_ratio).toBeGreaterThan(
      before.capital_ratio + decision.recommended_action.effects.capital_ratio! / 2,
    );
  });
});
