import type { Envelope, EventType, PendingDecisionData } from '@simstream/protocol';
import { describe, expect, it, vi } from 'vitest';
import { createManualClock } from './clock.js';
import { createHub } from './hub.js';
import { collect, foldEvents } from './testSupport.testkit.js';
import type { HubOptions, SimulationRuntime } from './types.js';

const START = Date.parse('2025-01-01T00:00:00.000Z');
const INTERVAL = 1_000;

function setup(
  options: HubOptions = {},
  request: Parameters<ReturnType<typeof createHub>['create']>[0] = {},
) {
  const clock = createManualClock(START);
  const hub = createHub({ clock, ...options });
  const created = hub.create({ seed: 7, stepIntervalMs: INTERVAL, ...request });
  if (!created.ok) throw new Error(created.error.message);
  const runtime = created.value;
  const seen = collect();
  runtime.onEvents(seen.listener);
  return { clock, hub, runtime, seen, tick: (n = 1) => clock.advance(n * INTERVAL) };
}

function seqs(events: readonly Envelope[]): number[] {
  return events.map((e) => e.seq);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** Step until a pending decision shows up (the policy threshold is set low so it does soon). */
function awaitDecision(runtime: SimulationRuntime, maxSteps = 60): PendingDecisionData {
  for (let i = 0; i < maxSteps; i += 1) {
    const found = runtime.stepNow().find((e) => e.type === 'pending_decision');
    if (found?.type === 'pending_decision') return found.data;
  }
  throw new Error('no decision was raised');
}

const decisionPolicy = { npaThreshold: 0, deadlineSteps: 3, pauseOnDecision: false };

describe('sequencing and delivery', () => {
  it('stamps gapless seqs from 1 across ticks, commands and resets', () => {
    const { runtime, seen, tick } = setup({}, { decisionPolicy });
    tick(3);
    runtime.pause();
    tick(2);
    runtime.resume();
    expect(
      runtime.applyShock({ shock_type: 'asset_price_crash', target: 'equities', magnitude: -0.3 })
        .ok,
    ).toBe(true);
    tick(1);
    const decision = awaitDecision(runtime);
    runtime.answerDecision({
      decisionId: decision.decision_id,
      choice: 'alternative',
      idempotencyKey: 'k1',
      answeredBy: 'ana',
    });
    runtime.reset();
    tick(2);

    const all = seen.all();
    expect(seqs(all)).toEqual(range(1, all.length));
    expect(runtime.seq).toBe(all.length);
    expect(all.every((e) => e.simulationId === runtime.id && e.v === 1)).toBe(true);
    const types = new Set(all.map((e) => e.type));
    for (const t of [
      'simulation_step',
      'shock_applied',
      'simulation_status',
      'decision_resolved',
    ] as EventType[]) {
      expect(types).toContain(t);
    }
    const resetIndex = all.findIndex(
      (e) => e.type === 'simulation_status' && e.data.reason === 'reset',
    );
    expect(resetIndex).toBeGreaterThan(0);
    const keyframe = all[resetIndex + 1];
    expect(keyframe?.type === 'simulation_step' && keyframe.data.timestep).toBe(0);
  });

  it('calls each listener once per tick with all of the tick’s events, stamped with the tick’s time', () => {
    const { runtime, seen, tick } = setup({}, { decisionPolicy });
    runtime.applyShock({ shock_type: 'asset_price_crash', target: 'equities', magnitude: -0.5 });
    tick(4);
    expect(seen.batches).toHaveLength(4);
    seen.batches.forEach((batch, i) => {
      expect(batch.filter((e) => e.type === 'simulation_step')).toHaveLength(1);
      const expected = new Date(START + (i + 1) * INTERVAL).toISOString();
      expect(batch.every((e) => e.timestamp === expected)).toBe(true);
    });
    expect(seen.batches[0]?.map((e) => e.type)).toContain('shock_applied');
  });

  it('keeps delivering to other listeners when one throws, and reports the error', () => {
    const onError = vi.fn();
    const { runtime, seen, tick } = setup({ onError });
    const after = collect();
    runtime.onEvents(() => {
      throw new Error('listener bug');
    });
    runtime.onEvents(after.listener);
    tick(3);
    expect(after.batches).toHaveLength(3);
    expect(seen.batches).toHaveLength(3);
    expect(onError).toHaveBeenCalledTimes(3);
    expect(onError.mock.calls[0]?.[1]).toEqual({ simulationId: runtime.id, where: 'listener' });
  });

  it('delivers in seq order when a listener triggers more events while being called', () => {
    const { runtime, seen } = setup({}, { autoStart: false });
    let once = true;
    runtime.onEvents(() => {
      if (once) {
        once = false;
        runtime.stepNow();
      }
    });
    const late = collect();
    runtime.onEvents(late.listener);
    runtime.stepNow();
    expect(seqs(late.all())).toEqual(range(1, late.all().length));
    expect(seqs(seen.all())).toEqual(seqs(late.all()));
  });

  it('stops the interval when the simulation finishes, on pause, and on dispose', () => {
    const { clock, runtime, hub, tick } = setup({}, { maxTimesteps: 3 });
    tick(10);
    expect(runtime.summary().status).toBe('finished');
    expect(runtime.summary().timestep).toBe(3);
    expect(clock.pendingTimers()).toBe(0);

    const other = hub.create({ stepIntervalMs: INTERVAL });
    if (!other.ok) throw new Error(other.error.message);
    expect(clock.pendingTimers()).toBe(1);
    other.value.pause();
    expect(clock.pendingTimers()).toBe(0);
    expect(other.value.summary().status).toBe('paused');
    other.value.resume();
    expect(clock.pendingTimers()).toBe(1);
    hub.remove(other.value.id);
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe('replay and resync', () => {
  it('replays exactly the events a subscriber missed, in order', () => {
    const { runtime, tick, seen } = setup();
    const viewer = collect();
    const unsubscribe = runtime.onEvents(viewer.listener);
    tick(3);
    unsubscribe();
    const lastSeq = viewer.all().at(-1)?.seq ?? 0;
    runtime.applyShock({ shock_type: 'deposit_run', target: 'system', magnitude: 0.2 });
    tick(4);
    const replay = runtime.replay(lastSeq);
    expect(replay.resync).toBe(false);
    if (replay.resync) return;
    expect(replay.events).toEqual(seen.all().filter((e) => e.seq > lastSeq));
    expect(replay.currentSeq).toBe(runtime.seq);
    expect(runtime.replay(runtime.seq)).toEqual({
      resync: false,
      events: [],
      currentSeq: runtime.seq,
    });
  });

  it('answers resync when the gap left the log or the seq is from another server life', () => {
    const { runtime, tick } = setup({ logCapacity: 5 });
    tick(12);
    const current = runtime.seq;
    const oldest = current - 4;
    expect(runtime.replay(0)).toEqual({ resync: true, currentSeq: current });
    expect(runtime.replay(oldest - 2).resync).toBe(true);
    const edge = runtime.replay(oldest - 1);
    expect(edge.resync === false && seqs(edge.events)).toEqual(range(oldest, current));
    expect(runtime.replay(current + 1).resync).toBe(true);
    expect(runtime.eventsSince(0)).toEqual({
      currentSeq: current,
      epoch: runtime.epoch,
      resync: true,
      events: [],
    });
    expect(seqs(runtime.eventsSince(oldest - 1, 2).events)).toEqual([oldest, oldest + 1]);
  });

  it('answers resync for a seq of another epoch even when the number is in the log', () => {
    // A restarted server: the new runtime's seq has passed the old client's lastSeq.
    const before = setup();
    before.tick(3);
    const old = { seq: before.runtime.seq, epoch: before.runtime.epoch };
    const { runtime, tick } = setup();
    tick(10);
    expect(runtime.epoch).not.toBe(old.epoch);
    expect(runtime.seq).toBeGreaterThan(old.seq);
    expect(runtime.replay(old.seq, old.epoch)).toEqual({ resync: true, currentSeq: runtime.seq });
    expect(runtime.eventsSince(old.seq, 100, old.epoch)).toEqual({
      currentSeq: runtime.seq,
      epoch: runtime.epoch,
      resync: true,
      events: [],
    });
    // The same seq with the runtime's own epoch replays, as without one.
    const own = runtime.replay(old.seq, runtime.epoch);
    expect(own.resync === false && seqs(own.events)).toEqual(range(old.seq + 1, runtime.seq));
    expect(runtime.eventsSince(old.seq, 100, runtime.epoch).events).toEqual(
      runtime.eventsSince(old.seq, 100).events,
    );
  });

  it('keeps its epoch across reset (seq keeps counting) and reports it in snapshot and summary', () => {
    const { runtime, tick } = setup();
    tick(2);
    const epoch = runtime.epoch;
    expect(epoch).toMatch(/^[0-9a-f]{32}$/);
    const before = runtime.seq;
    runtime.reset();
    expect(runtime.epoch).toBe(epoch);
    expect(runtime.replay(before, epoch).resync).toBe(false);
    expect(runtime.snapshot().epoch).toBe(epoch);
    expect(runtime.summary().epoch).toBe(epoch);
  });

  it('gives the decisions of each run after a reset ids never seen before in that simulation', () => {
    const { runtime, seen } = setup({}, { decisionPolicy });
    const ids = new Set<string>();
    for (let run = 0; run < 3; run += 1) {
      if (run > 0) runtime.reset();
      const decision = awaitDecision(runtime);
      expect(ids.has(decision.decision_id)).toBe(false);
      ids.add(decision.decision_id);
      // Answering the new decision works: it is not mistaken for the old run's one.
      const ack = runtime.answerDecision({
        decisionId: decision.decision_id,
        choice: 'recommended',
        idempotencyKey: `k${run}`,
        answeredBy: null,
      });
      expect(ack).toMatchObject({ ok: true, status: 'accepted' });
    }
    const raised = seen
      .all()
      .filter((e) => e.type === 'pending_decision')
      .map((e) => (e.type === 'pending_decision' ? e.data.decision_id : ''));
    expect(new Set(raised).size).toBe(raised.length);
  });

  it('serves a snapshot whose seq it is current to: snapshot + later events = live state', () => {
    const { runtime, tick, seen } = setup({ keyframeInterval: 5 }, { decisionPolicy });
    tick(2);
    const checkpoints = [runtime.snapshot()];
    const decision = awaitDecision(runtime);
    runtime.answerDecision({
      decisionId: decision.decision_id,
      choice: 'recommended',
      idempotencyKey: 'a',
      answeredBy: null,
    });
    checkpoints.push(runtime.snapshot()); // between steps, after the decision changed a balance sheet
    tick(3);
    runtime.pause();
    checkpoints.push(runtime.snapshot());
    runtime.resume();
    tick(7);

    const live = runtime.snapshot();
    for (const checkpoint of checkpoints) {
      const after = seen.all().filter((e) => e.seq > checkpoint.seq);
      expect(foldEvents(checkpoint.snapshot, after)).toEqual(live.snapshot);
      const asDeltas = runtime.viewFor(after, { types: null, steps: 'delta' });
      expect(asDeltas.some((e) => e.type === 'simulation_delta')).toBe(true);
      expect(foldEvents(checkpoint.snapshot, asDeltas)).toEqual(live.snapshot);
    }
  });
});

describe('per-subscriber views', () => {
  it('rebuilds every full snapshot from the first keyframe and the delta stream', () => {
    const { runtime, tick, seen } = setup({ keyframeInterval: 4 }, { decisionPolicy });
    tick(9);
    runtime.applyShock({ shock_type: 'credit_loss', target: 'BANK_003', magnitude: 0.9 });
    tick(5);
    expect(runtime.summary().status).toBe('running');
    runtime.reset();
    tick(6);

    const full = seen.all();
    const view = runtime.viewFor(full, { types: null, steps: 'delta' });
    expect(seqs(view)).toEqual(seqs(full));
    const first = view.find((e) => e.type === 'simulation_step');
    if (first?.type !== 'simulation_step') throw new Error('no keyframe');
    let current = first.data.snapshot;
    let deltas = 0;
    for (const [i, event] of view.entries()) {
      const original = full[i];
      if (original?.type !== 'simulation_step') continue;
      current = foldEvents(current, [event]);
      if (event.type === 'simulation_delta') deltas += 1;
      expect(current).toEqual(original.data.snapshot);
    }
    expect(deltas).toBeGreaterThan(10);
  });

  it('sends a full keyframe every keyframeInterval timesteps, first, and after a reset', () => {
    const { runtime, tick, seen } = setup({ keyframeInterval: 3 });
    tick(7);
    runtime.reset();
    tick(4);
    const view = runtime.viewFor(seen.all(), {
      types: new Set(['simulation_step']),
      steps: 'delta',
    });
    const encoded = view.map((e) =>
      e.type === 'simulation_step'
        ? `F${e.data.timestep}`
        : e.type === 'simulation_delta'
          ? `D${e.data.timestep}/${e.data.base_timestep}`
          : e.type,
    );
    expect(encoded).toEqual([
      'F1',
      'D2/1',
      'F3',
      'D4/3',
      'D5/4',
      'F6',
      'D7/6',
      'F0',
      'D1/0',
      'D2/1',
      'F3',
      'D4/3',
    ]);
    // Field-level: a delta carries only what changed (names and types never change).
    const delta = view.find((e) => e.type === 'simulation_delta');
    if (delta?.type !== 'simulation_delta') throw new Error('no delta');
    expect(delta.data.changed.length).toBeGreaterThan(0);
    for (const change of delta.data.changed) {
      expect(change).not.toHaveProperty('name');
      expect(change).not.toHaveProperty('type');
    }
  });

  it('drops event types a subscriber did not ask for', () => {
    const { runtime, tick, seen } = setup({}, { decisionPolicy });
    runtime.applyShock({ shock_type: 'asset_price_crash', target: 'equities', magnitude: -0.2 });
    tick(6);
    const all = seen.all();
    const onlyShocks = runtime.viewFor(all, {
      types: new Set(['shock_applied', 'pending_decision']),
      steps: 'full',
    });
    expect(onlyShocks.length).toBeGreaterThan(0);
    expect(
      onlyShocks.every((e) => e.type === 'shock_applied' || e.type === 'pending_decision'),
    ).toBe(true);
    expect(onlyShocks).toEqual(
      all.filter((e) => e.type === 'shock_applied' || e.type === 'pending_decision'),
    );
    const stepsAsDeltas = runtime.viewFor(all, {
      types: new Set(['simulation_step']),
      steps: 'delta',
    });
    expect(stepsAsDeltas.map((e) => e.type)).toContain('simulation_delta');
    expect(
      stepsAsDeltas.every((e) => e.type === 'simulation_step' || e.type === 'simulation_delta'),
    ).toBe(true);
    expect(runtime.viewFor(all, { types: null, steps: 'full' })).toEqual(all);
  });
});
