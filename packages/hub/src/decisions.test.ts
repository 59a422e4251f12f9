import type { DecisionPolicy, Envelope, SimulationSnapshot } from '@simstream/protocol';
import { describe, expect, it } from 'vitest';
import { createManualClock } from './clock.js';
import { createHub } from './hub.js';
import { collect, foldEvents } from './testSupport.testkit.js';

const START = Date.parse('2025-01-01T00:00:00.000Z');
const INTERVAL = 1_000;

function setup(policy: Partial<DecisionPolicy> = {}) {
  const clock = createManualClock(START);
  const hub = createHub({ clock });
  const created = hub.create({
    seed: 7,
    stepIntervalMs: INTERVAL,
    decisionPolicy: { npaThreshold: 0, deadlineSteps: 3, pauseOnDecision: false, ...policy },
  });
  if (!created.ok) throw new Error(created.error.message);
  const seen = collect();
  created.value.onEvents(seen.listener);
  return { clock, runtime: created.value, seen };
}

/** Tick until a pending decision shows up; returns its envelope. */
function awaitDecision(
  clock: ReturnType<typeof createManualClock>,
  seen: ReturnType<typeof collect>,
) {
  for (let i = 0; i < 60; i += 1) {
    clock.advance(INTERVAL);
    const found = seen.all().find((e) => e.type === 'pending_decision');
    if (found?.type === 'pending_decision') return found;
  }
  throw new Error('no decision was raised');
}

const resolutions = (events: readonly Envelope[], decisionId: string) =>
  events.filter((e) => e.type === 'decision_resolved' && e.data.decision_id === decisionId);

describe('deadlines across pause and resume', () => {
  it('travel with the status event, so a viewer folding events agrees with the REST list', () => {
    const { clock, runtime, seen } = setup({ deadlineSteps: 20 });
    const { data } = awaitDecision(clock, seen);
    clock.advance(2 * INTERVAL);
    const statusOf = () =>
      seen
        .all()
        .filter((e) => e.type === 'simulation_status')
        .at(-1);

    runtime.pause();
    const paused = statusOf();
    expect(paused?.type === 'simulation_status' && paused.data).toMatchObject({
      status: 'paused',
      deadlines: [{ decision_id: data.decision_id, deadline_at: null }],
    });
    expect(runtime.decisions().at(-1)?.deadline_at).toBeNull();

    clock.advance(30 * INTERVAL); // paused: the deadline does not run
    runtime.resume();
    const resumed = statusOf();
    const moved = runtime.decisions().at(-1)?.deadline_at;
    // 20 steps from the raising one, 2 of them run before the pause.
    expect(moved).toBe(new Date(clock.now() + 18 * INTERVAL).toISOString());
    expect(resumed?.type === 'simulation_status' && resumed.data.deadlines).toEqual([
      { decision_id: data.decision_id, deadline_at: moved },
    ]);
  });

  it('starting the clock of a simulation created without autoStart announces the deadlines it set', () => {
    const clock = createManualClock(START);
    const created = createHub({ clock }).create({
      seed: 7,
      stepIntervalMs: INTERVAL,
      autoStart: false,
      decisionPolicy: { npaThreshold: 0, deadlineSteps: 20, pauseOnDecision: false },
    });
    if (!created.ok) throw new Error(created.error.message);
    const runtime = created.value;
    const seen = collect();
    runtime.onEvents(seen.listener);
    for (let i = 0; i < 60 && runtime.decisions().length === 0; i++) runtime.stepNow();
    const pending = runtime.decisions().at(-1)!;
    expect(pending.deadline_at).toBeNull(); // no clock, no time

    runtime.resume(); // the engine was running all along: no status change of its own
    const moved = runtime.decisions().at(-1)?.deadline_at;
    expect(moved).toEqual(expect.any(String));
    const status = seen.all().at(-1);
    expect(status?.type === 'simulation_status' && status.data).toMatchObject({
      status: 'running',
      deadlines: [{ decision_id: pending.decision_id, deadline_at: moved }],
    });
    const count = seen.all().length;
    runtime.resume(); // already ticking: nothing moved, nothing said
    expect(seen.all().length).toBe(count);
  });

  it('a status change with nothing pending carries no deadlines', () => {
    const { runtime, seen } = setup({ npaThreshold: 1 });
    runtime.pause();
    const status = seen.all().find((e) => e.type === 'simulation_status');
    expect(status?.type === 'simulation_status' && 'deadlines' in status.data).toBe(false);
  });
});

describe('decisions, exactly once', () => {
  it('accepts the first answer and tells a second answerer who won', () => {
    const { clock, runtime, seen } = setup();
    const { data } = awaitDecision(clock, seen);
    const first = runtime.answerDecision({
      decisionId: data.decision_id,
      choice: 'alternative',
      idempotencyKey: 'tab-a',
      answeredBy: 'ana',
    });
    const second = runtime.answerDecision({
      decisionId: data.decision_id,
      choice: 'recommended',
      idempotencyKey: 'tab-b',
      answeredBy: 'bo',
    });
    expect(first).toEqual({
      ok: true,
      status: 'accepted',
      decisionId: data.decision_id,
      choice: 'alternative',
      resolvedBy: 'answer',
    });
    expect(second).toEqual({
      ok: true,
      status: 'already_decided',
      decisionId: data.decision_id,
      choice: 'alternative',
      resolvedBy: 'answer',
    });
    clock.advance(5 * INTERVAL);
    const resolved = resolutions(seen.all(), data.decision_id);
    expect(resolved).toHaveLength(1);
    expect(resolved[0]?.type === 'decision_resolved' && resolved[0].data).toMatchObject({
      choice: 'alternative',
      resolved_by: 'answer',
      answered_by: 'ana',
    });
  });

  it('returns the identical ack when an idempotency key is repeated, without deciding twice', () => {
    const { clock, runtime, seen } = setup();
    const { data } = awaitDecision(clock, seen);
    const answer = {
      decisionId: data.decision_id,
      choice: 'recommended' as const,
      idempotencyKey: 'retry-1',
      answeredBy: 'ana',
    };
    const first = runtime.answerDecision(answer);
    const seqAfterFirst = runtime.seq;
    const again = runtime.answerDecision({ ...answer, choice: 'alternative' });
    expect(again).toBe(first);
    expect(runtime.seq).toBe(seqAfterFirst);
    expect(resolutions(seen.all(), data.decision_id)).toHaveLength(1);
  });

  it('answers expired with the applied choice once the deadline decided', () => {
    const { clock, runtime, seen } = setup({ deadlineSteps: 2 });
    const { data } = awaitDecision(clock, seen);
    for (let i = 0; i < 10 && resolutions(seen.all(), data.decision_id).length === 0; i += 1)
      clock.advance(INTERVAL);
    const [resolved] = resolutions(seen.all(), data.decision_id);
    expect(resolved?.type === 'decision_resolved' && resolved.data.resolved_by).toBe('deadline');
    const late = runtime.answerDecision({
      decisionId: data.decision_id,
      choice: 'alternative',
      idempotencyKey: 'late',
      answeredBy: 'bo',
    });
    expect(late).toEqual({
      ok: true,
      status: 'expired',
      decisionId: data.decision_id,
      choice: data.default_choice,
      resolvedBy: 'deadline',
    });
  });

  it('refuses an unknown decision id with a clear error', () => {
    const { runtime } = setup();
    const ack = runtime.answerDecision({
      decisionId: 'nope',
      choice: 'recommended',
      idempotencyKey: 'k',
      answeredBy: null,
    });
    expect(ack.ok).toBe(false);
    expect(!ack.ok && ack.error.code).toBe('unknown_decision');
    expect(!ack.ok && ack.error.message).toMatch(/no decision nope/);
  });

  it('lists decisions pending and resolved, newest last, with a wall-clock deadline while running', () => {
    const { clock, runtime, seen } = setup({ deadlineSteps: 4 });
    const pendingEnvelope = awaitDecision(clock, seen);
    const { data } = pendingEnvelope;
    const steps = data.deadline_timestep - data.timestep;
    expect(data.deadline_at).toBe(
      new Date(Date.parse(pendingEnvelope.timestamp) + steps * INTERVAL).toISOString(),
    );
    let records = runtime.decisions();
    expect(records.at(-1)).toMatchObject({
      decision_id: data.decision_id,
      status: 'pending',
      resolution: null,
    });

    runtime.pause();
    expect(runtime.decisions().at(-1)?.deadline_at).toBeNull();
    runtime.resume();
    expect(runtime.decisions().at(-1)?.deadline_at).not.toBeNull();

    runtime.answerDecision({
      decisionId: data.decision_id,
      choice: 'recommended',
      idempotencyKey: 'x',
      answeredBy: 'ana',
    });
    records = runtime.decisions();
    expect(records.find((r) => r.decision_id === data.decision_id)).toMatchObject({
      status: 'resolved',
      resolution: { choice: 'recommended', resolved_by: 'answer', answered_by: 'ana' },
    });
  });

  it('changes the outcome: the two choices lead to different states', () => {
    const outcomes = (['recommended', 'alternative'] as const).map((choice) => {
      const { clock, runtime, seen } = setup();
      const { data } = awaitDecision(clock, seen);
      runtime.answerDecision({
        decisionId: data.decision_id,
        choice,
        idempotencyKey: 'k',
        answeredBy: null,
      });
      clock.advance(INTERVAL);
      return runtime.snapshot().snapshot.entities.find((e) => e.id === data.entity_id);
    });
    expect(outcomes[0]).not.toEqual(outcomes[1]);
  });
});

describe('decisions with a pausing policy', () => {
  it('pauses until answered, then runs on', () => {
    const { clock, runtime, seen } = setup({ pauseOnDecision: true, deadlineSteps: 50 });
    const { data } = awaitDecision(clock, seen);
    expect(data.pauses_simulation).toBe(true);
    const timestep = runtime.snapshot().snapshot.timestep;
    clock.advance(3 * INTERVAL);
    expect(runtime.snapshot().snapshot.timestep).toBe(timestep);
    runtime.answerDecision({
      decisionId: data.decision_id,
      choice: 'recommended',
      idempotencyKey: 'k',
      answeredBy: null,
    });
    clock.advance(2 * INTERVAL);
    expect(runtime.snapshot().snapshot.timestep).toBeGreaterThan(timestep);
  });
});

describe("a decision's action between steps", () => {
  // A viewer folds the snapshot from steps; the action changes the engine without a step.
  const folded = (
    runtime: { snapshot(): { snapshot: unknown } },
    start: SimulationSnapshot,
    seen: ReturnType<typeof collect>,
  ) => expect(runtime.snapshot().snapshot).toEqual(foldEvents(start, seen.all()));

  it('a deadline default shows in the REST snapshot only with the next step, as on the stream', () => {
    const { clock, runtime, seen } = setup({ deadlineSteps: 2 });
    const start = runtime.snapshot().snapshot;
    const { data } = awaitDecision(clock, seen);
    while (resolutions(seen.all(), data.decision_id).length === 0) clock.advance(INTERVAL);
    runtime.pause(); // right after the tick that applied the default
    folded(runtime, start, seen);
    runtime.resume();
    clock.advance(INTERVAL);
    folded(runtime, start, seen);
  });

  it('an answer while the operator paused shows with the next step, as on the stream', () => {
    const { clock, runtime, seen } = setup({ deadlineSteps: 30 });
    const start = runtime.snapshot().snapshot;
    const { data } = awaitDecision(clock, seen);
    runtime.pause();
    const ack = runtime.answerDecision({
      decisionId: data.decision_id,
      choice: 'recommended',
      idempotencyKey: 'k-1',
      answeredBy: 'viewer-1',
    });
    expect(ack.ok).toBe(true);
    folded(runtime, start, seen);
    runtime.resume();
    clock.advance(INTERVAL);
    folded(runtime, start, seen);
  });
});
