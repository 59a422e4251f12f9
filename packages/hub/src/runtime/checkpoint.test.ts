import type { Envelope } from '@simstream/protocol';
import { createEngine } from '@simstream/simulation';
import { describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from '../clock.js';
import { RUNTIME_DEFAULTS } from '../hub.js';
import { createSimulationRuntime } from '../runtime.js';
import type { RuntimeDefaults, SimulationRuntime } from '../types.js';
import {
  parseRuntimeCheckpoint,
  RUNTIME_CHECKPOINT_VERSION,
  type RuntimeCheckpoint,
} from './checkpoint.js';

const START = Date.parse('2025-01-01T00:00:00.000Z');
const INTERVAL = 1_000;
const settings: RuntimeDefaults = {
  ...RUNTIME_DEFAULTS,
  seed: 11,
  stepIntervalMs: INTERVAL,
  autoStart: true,
  decisionPolicy: { npaThreshold: 0.04, deadlineSteps: 4, pauseOnDecision: true },
};

function runtimeOn(clock: ManualClock, from?: RuntimeCheckpoint): SimulationRuntime {
  return createSimulationRuntime({
    id: 'sim-ckpt',
    settings,
    clock,
    createEngine: (config) => createEngine(config),
    logCapacity: 64,
    keyframeInterval: 10,
    epoch: 'epoch-1',
    ...(from ? { from } : {}),
  });
}

/**
 * What an operator and viewers do before step `i`: shocks, pauses, answers (some repeated),
 * resets, and around the checkpoint at `k` a pause and resume that move the pending decision's
 * deadline — with `paused`, the pause comes first (the checkpoint is taken paused) and a reset
 * while paused follows it (a reset keeps the operator's pause).
 */
function drive(runtime: SimulationRuntime, i: number, k: number, paused: boolean, acks: unknown[]) {
  if (i % 41 === 0)
    runtime.applyShock({ shock_type: 'credit_loss', target: 'BANK_002', magnitude: 0.3 });
  if (i % 67 === 0 || i === (paused ? k : k + 1)) runtime.pause();
  if (paused && i === k + 1) runtime.reset();
  if (i % 67 === 5 || i === k + 2) runtime.resume();
  if (i === 150) runtime.reset();
  const pending = runtime.decisions().find((d) => d.status === 'pending');
  if (pending && i % 5 === 0 && i !== k && i !== k + 1) {
    const answer = { decisionId: pending.decision_id, answeredBy: 'ops' } as const;
    acks.push(
      runtime.answerDecision({ ...answer, choice: 'recommended', idempotencyKey: `k${i}` }),
    );
    // The same key again, and a late rival: the book answers both from what it kept.
    acks.push(
      runtime.answerDecision({ ...answer, choice: 'recommended', idempotencyKey: `k${i}` }),
    );
    acks.push(
      runtime.answerDecision({ ...answer, choice: 'alternative', idempotencyKey: `r${i}` }),
    );
  }
}

function run(runtime: SimulationRuntime, clock: ManualClock, k: number, from: number, to: number) {
  const paused = k % 2 === 0;
  const events: Envelope[] = [];
  const acks: unknown[] = [];
  const stop = runtime.onEvents((batch) => events.push(...batch));
  for (let i = from; i <= to; i += 1) {
    drive(runtime, i, k, paused, acks);
    clock.advance(INTERVAL);
  }
  stop();
  return { events, acks };
}

/** The first step from `base` on before which a decision is pending (the run up to it does not depend on k). */
function pendingFrom(base: number): number {
  const clock = createManualClock(START);
  const runtime = runtimeOn(clock);
  for (let i = 1; i < 300; i += 1) {
    if (i >= base && runtime.decisions().some((d) => d.status === 'pending')) return i;
    drive(runtime, i, Number.POSITIVE_INFINITY, false, []);
    clock.advance(INTERVAL);
  }
  throw new Error(`no decision pending after step ${base}`);
}

describe('runtime checkpoint', () => {
  // Even k: taken paused by the operator; odd k: taken while the clock drives it.
  it.each([1, 60, 141, 200])(
    'a runtime restored at the first step from %i with a decision pending goes on exactly as the one it was taken from',
    (base) => {
      const k = pendingFrom(base);
      const straightClock = createManualClock(START);
      const straight = runtimeOn(straightClock);
      run(straight, straightClock, k, 1, k);
      const after = run(straight, straightClock, k, k + 1, 300);

      const firstClock = createManualClock(START);
      const first = runtimeOn(firstClock);
      run(first, firstClock, k, 1, k);
      const taken = first.checkpoint();
      if (!taken) throw new Error('the real engine can be checkpointed');
      // Through text and the schema, as a cluster node reads it back from Redis.
      const parsed = parseRuntimeCheckpoint(JSON.parse(JSON.stringify(taken)));
      if (!parsed.ok) throw new Error(parsed.error.message);
      first.dispose();
      const restoredClock = createManualClock(firstClock.now());
      const restored = runtimeOn(restoredClock, parsed.value);
      expect(restored.seq).toBe(taken.seq);
      expect(restored.ticking).toBe(taken.ticking);
      expect(restored.decisions()).toEqual(taken.decisions);
      const resumed = run(restored, restoredClock, k, k + 1, 300);

      expect(JSON.stringify(resumed.events)).toBe(JSON.stringify(after.events));
      expect(resumed.acks).toEqual(after.acks);
      expect(restored.decisions()).toEqual(straight.decisions());
      expect(restored.snapshot()).toEqual(straight.snapshot());
      expect(restored.summary()).toEqual(straight.summary());
      expect(restored.checkpoint()).toEqual(straight.checkpoint());
      const types = new Set(after.events.map((e) => e.type));
      if (k < 150) expect(types).toContain('decision_resolved');
      // Taken with a decision pending, whose deadline a pause and a resume move.
      expect(taken.deadlines.length).toBeGreaterThan(0);
      expect(taken.operatorPaused).toBe(k % 2 === 0);
      expect(taken.ticking).toBe(k % 2 !== 0);
    },
  );

  it('refuses a checkpoint that is not one, with a sentence naming the field', () => {
    const parsed = parseRuntimeCheckpoint({ v: RUNTIME_CHECKPOINT_VERSION, seq: -3 });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.message).toMatch(/^Invalid checkpoint: seq: /);
  });
});
