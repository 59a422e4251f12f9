import * as v from 'valibot';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  diffSnapshots,
  type Envelope,
  encodeCompactStep,
  envelopeSchema,
  toEnvelope,
} from '@simstream/protocol';
import { sampleEvents } from '@simstream/protocol/testing';
import { type FeedEvent, type StepSummaryEnvelope, toFeedEvent } from './index.js';

const meta = (seq: number) => ({
  seq,
  simulationId: 'sim-test',
  timestamp: '2026-02-08T10:30:45.123Z',
});
const envelopes = sampleEvents().map((event, i) => toEnvelope(event, meta(i + 1)));
const stepOf = (list: Envelope[]) =>
  list.find((e): e is Envelope<'simulation_step'> => e.type === 'simulation_step')!;

describe('toFeedEvent', () => {
  it('summarizes a full step to its headline numbers, without the snapshot', () => {
    const step = stepOf(envelopes);
    const feed = toFeedEvent(step);
    expect(feed).toEqual({
      v: step.v,
      seq: step.seq,
      simulationId: 'sim-test',
      type: 'simulation_step',
      timestamp: step.timestamp,
      data: { timestep: 42, system_health: 0.85, alive_agents: 2 },
    });
    expect(JSON.stringify(feed)).not.toContain('entities');
    // The wire envelope is left as it was: onMessage listeners still get the snapshot.
    expect(step.data.snapshot.entities.length).toBeGreaterThan(0);
  });

  it('gives the same summary for a step, its delta and its compact encoding', () => {
    const [previous, next] = [
      stepOf(envelopes).data.snapshot,
      { ...stepOf(envelopes).data.snapshot },
    ];
    next.timestep = 43;
    next.system_health = 0.8;
    next.entities = next.entities.map((e) => (e.id === 'BANK_001' ? { ...e, equity: 90 } : e));
    const full = toEnvelope(
      {
        type: 'simulation_step',
        data: { timestep: 43, snapshot: next, system_health: 0.8, alive_agents: 2 },
      },
      meta(7),
    );
    const delta = toEnvelope(
      { type: 'simulation_delta', data: diffSnapshots(previous, next) },
      meta(7),
    );
    expect(delta.data.changed).toHaveLength(1);
    expect(toFeedEvent(delta)).toEqual(toFeedEvent(full));
    expect(toFeedEvent(delta).type).toBe('simulation_step');
    expect(toFeedEvent(delta).data).not.toHaveProperty('changed');
    const compact = toEnvelope(
      { type: 'simulation_compact', data: encodeCompactStep(previous, next)! },
      meta(7),
    );
    expect(toFeedEvent(compact)).toEqual(toFeedEvent(full));
  });

  it('passes every other event through unchanged (same object)', () => {
    const steps = new Set(['simulation_step', 'simulation_delta', 'simulation_compact']);
    const others = envelopes.filter((e) => !steps.has(e.type));
    expect(new Set(others.map((e) => e.type))).toEqual(
      new Set([
        'entity_default',
        'shock_applied',
        'pending_decision',
        'decision_resolved',
        'simulation_status',
      ]),
    );
    for (const e of others) expect(toFeedEvent(e)).toBe(e);
  });

  it('is idempotent: a summary stays the same object', () => {
    const once = toFeedEvent(stepOf(envelopes));
    expect(toFeedEvent(once)).toBe(once);
  });

  it('is a feed form only: a summary has exactly the three numbers and is no valid wire step', () => {
    const summary = toFeedEvent(stepOf(envelopes)) as StepSummaryEnvelope;
    // Not a valid wire step (no snapshot): the feed form never goes back on the wire.
    expect(v.safeParse(envelopeSchema, summary).success).toBe(false);
    expect(Object.keys(summary.data).sort()).toEqual(['alive_agents', 'system_health', 'timestep']);
  });

  it('types: FeedEvent has no delta and no step snapshot', () => {
    expectTypeOf<Extract<FeedEvent, { type: 'simulation_delta' }>>().toBeNever();
    expectTypeOf<Extract<FeedEvent, { type: 'simulation_compact' }>>().toBeNever();
    expectTypeOf<
      Extract<FeedEvent, { type: 'simulation_step' }>
    >().toEqualTypeOf<StepSummaryEnvelope>();
    expectTypeOf(toFeedEvent).returns.toEqualTypeOf<FeedEvent>();
  });
});
