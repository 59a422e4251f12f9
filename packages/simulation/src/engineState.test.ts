import type { EngineEvent } from '@simstream/protocol';
import { describe, expect, it } from 'vitest';
import { createEngine, restoreEngine } from './engine.js';
import { EngineStateError } from './engineState.js';
import type { AuditedContagionEngine, EngineConfig } from './types.js';

type Config = Partial<EngineConfig> & { simulationId: string };

/**
 * The inputs of step `i` (shocks, an operator pause and resume, every decision answered two
 * steps after it appears), then the step itself: what a server does to an engine over time.
 */
function drive(engine: AuditedContagionEngine, i: number, out: EngineEvent[]): void {
  if (i % 97 === 0)
    engine.applyShock({ shock_type: 'asset_price_crash', target: 'real_estate', magnitude: -0.2 });
  if (i % 151 === 0)
    engine.applyShock({ shock_type: 'deposit_run', target: 'system', magnitude: 0.05 });
  if (i % 233 === 0) out.push(...engine.pause('maintenance'));
  if (i % 233 === 3) out.push(...engine.resume());
  const pending = engine.pendingDecision();
  if (pending && i >= pending.timestep + 2 && i % 3 === 0) {
    const result = engine.answerDecision(
      pending.decision_id,
      i % 2 === 0 ? 'recommended' : 'alternative',
      'tester',
    );
    if (result.ok) out.push(...result.events);
  }
  out.push(...engine.step());
}

/** Run B to step `k`, queue a shock, serialize, restore, and go on to `steps` on the copy. */
function runRestored(config: Config, steps: number, k: number) {
  const first = createEngine(config);
  const resumedEvents: EngineEvent[] = [];
  for (let i = 1; i <= k; i += 1) drive(first, i, resumedEvents);
  // A shock queued for the next step is part of the state too.
  first.applyShock({ shock_type: 'credit_loss', target: 'system', magnitude: 0.01 });
  const text = first.serialize();
  const twin = restoreEngine(config, text);
  expect(twin.serialize()).toBe(text);
  for (let i = k + 1; i <= steps; i += 1) drive(twin, i, resumedEvents);
  return { twin, resumedEvents };
}

/** Run A straight through `steps`, with the same shock queued after step `k` as B. */
function runStraight(config: Config, steps: number, k: number) {
  const engine = createEngine(config);
  const events: EngineEvent[] = [];
  for (let i = 1; i <= steps; i += 1) {
    drive(engine, i, events);
    if (i === k)
      engine.applyShock({ shock_type: 'credit_loss', target: 'system', magnitude: 0.01 });
  }
  return { engine, events };
}

describe('engine serialize / restoreEngine', () => {
  const cases: Array<[string, Config, number]> = [
    ['seed 1, k 1', { simulationId: 'a', seed: 1 }, 1],
    ['seed 7, k 250', { simulationId: 'b', seed: 7 }, 250],
    ['seed 239, k 500', { simulationId: 'c', seed: 239 }, 500],
    ['seed 99, k 999', { simulationId: 'd', seed: 99 }, 999],
    [
      'decisions that pause, k 333',
      {
        simulationId: 'e',
        seed: 5,
        decisionPolicy: { npaThreshold: 0.05, pauseOnDecision: true, deadlineSteps: 6 },
      },
      333,
    ],
  ];

  it.each(cases)('continues byte for byte over 1,000 steps (%s)', (_name, config, k) => {
    const { engine, events } = runStraight(config, 1_000, k);
    const { twin, resumedEvents } = runRestored(config, 1_000, k);
    expect(JSON.stringify(resumedEvents)).toBe(JSON.stringify(events));
    expect(twin.snapshot()).toEqual(engine.snapshot());
    expect(twin.ledger()).toEqual(engine.ledger());
    expect(twin.serialize()).toBe(engine.serialize());
    // The runs did something worth restoring: decisions, defaults, shocks.
    const types = new Set(events.map((e) => e.type));
    expect(types).toContain('shock_applied');
    expect(types).toContain('decision_resolved');
  });

  it('restores a Gai & Kapadia engine mid-cascade', () => {
    const config: Config = {
      simulationId: 'gk',
      preset: 'gai-kapadia',
      banks: 200,
      meanDegree: 4,
      seed: 13,
    };
    const { engine, events } = runStraight(config, 60, 1);
    const { twin, resumedEvents } = runRestored(config, 60, 1);
    expect(JSON.stringify(resumedEvents)).toBe(JSON.stringify(events));
    expect(twin.exposures()).toEqual(engine.exposures());
    expect(events.some((e) => e.type === 'entity_default')).toBe(true);
  });

  it('keeps -0 and non-finite numbers exact', () => {
    const engine = createEngine({ simulationId: 'z', seed: 3 });
    engine.step();
    const state = JSON.parse(engine.serialize());
    state.market.realEstateAnchor = { $n: '-0' };
    state.ledger.last.flows.returns = { $n: 'Infinity' };
    const twin = restoreEngine(engine.config, JSON.stringify(state));
    const again = JSON.parse(twin.serialize());
    expect(again.market.realEstateAnchor).toEqual({ $n: '-0' });
    expect(again.ledger.last.flows.returns).toEqual({ $n: 'Infinity' });
  });

  it('refuses a state that is corrupt or of another engine, with a sentence', () => {
    const engine = createEngine({ simulationId: 'x', seed: 4 });
    engine.step();
    const text = engine.serialize();
    expect(() => restoreEngine(engine.config, text.slice(0, 200))).toThrow(EngineStateError);
    expect(() => restoreEngine(engine.config, text.replace('"rng":', '"rng2":'))).toThrow(
      /Invalid engine state: rng/,
    );
    expect(() => restoreEngine({ ...engine.config, seed: 5 }, text)).toThrow(
      "The engine state is of another engine: its seed is 4, the config's 5.",
    );
    expect(() => restoreEngine({ ...engine.config, run: 1 }, text)).toThrow(/its run is 0/);
  });
});
