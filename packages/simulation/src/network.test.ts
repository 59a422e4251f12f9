import * as v from 'valibot';
import type { EngineEvent, SimulationSnapshot } from '@simstream/protocol';
import { simulationSnapshotSchema } from '@simstream/protocol';
import { describe, expect, it } from 'vitest';
import { createEngine } from './engine.js';

/** Step until a crash has made some defaults; returns the events and the snapshots around them. */
function crash() {
  const engine = createEngine({ simulationId: 'net-crash', seed: 3 });
  const before = engine.snapshot();
  engine.applyShock({ shock_type: 'asset_price_crash', target: 'real_estate', magnitude: -0.45 });
  const events: EngineEvent[] = [];
  for (let i = 0; i < 6; i += 1) events.push(...engine.step());
  return { engine, before, events, after: engine.snapshot() };
}

const defaultsOf = (events: EngineEvent[]) =>
  events.flatMap((e) => (e.type === 'entity_default' ? [e.data] : []));

describe('the exposure network in snapshots', () => {
  it('starts with every claim of the market open, lenders including funds holding bank debt', () => {
    const engine = createEngine({ simulationId: 'net', seed: 3 });
    const snapshot = engine.snapshot();
    expect(v.safeParse(simulationSnapshotSchema, snapshot).success).toBe(true);
    const claims = snapshot.exposures ?? [];
    expect(
      claims.map(({ lender, borrower, amount }) => ({ from: lender, to: borrower, amount })),
    ).toEqual(engine.exposures());
    expect(claims.every((c) => c.status === undefined)).toBe(true);
    expect(claims.some((c) => c.lender.startsWith('FUND_') && c.borrower.startsWith('BANK_'))).toBe(
      true,
    );
  });

  it('closes the claims a default hit: written off on the defaulter, settled by it, losses adding up', () => {
    const { before, events, after } = crash();
    const defaults = defaultsOf(events);
    expect(defaults.length).toBeGreaterThan(0);
    expect(v.safeParse(simulationSnapshotSchema, after).success).toBe(true);
    const claims = after.exposures ?? [];
    // Same claims, same order: closing never removes one.
    expect(claims.map((c) => `${c.lender}>${c.borrower}`)).toEqual(
      (before.exposures ?? []).map((c) => `${c.lender}>${c.borrower}`),
    );
    for (const d of defaults) {
      const onIt = claims.filter((c) => c.borrower === d.entity_id);
      for (const c of onIt) {
        // Written off when it defaulted, unless its lender had defaulted first (then settled).
        if (c.closed_at === d.timestep) expect(c.status).toBe('written_off');
        else expect([c.status, (c.closed_at ?? Infinity) < d.timestep]).toEqual(['settled', true]);
      }
      const hitNow = onIt.filter((c) => c.closed_at === d.timestep);
      const lost = hitNow.reduce((sum, c) => sum + (c.loss ?? 0), 0);
      expect(lost).toBeCloseTo(d.creditor_losses ?? 0, 0);
      for (const c of claims.filter((x) => x.lender === d.entity_id && x.status === 'settled'))
        expect(c.loss).toBe(0);
    }
    // What is still open is exactly the market's live network.
    const open = claims.filter((c) => c.status === undefined);
    expect(open.every((c) => after.entities.find((e) => e.id === c.lender)?.alive)).toBe(true);
    expect(open.every((c) => after.entities.find((e) => e.id === c.borrower)?.alive)).toBe(true);
  });

  it('is part of the same deterministic stream', () => {
    const a = crash().after;
    const b = crash().after;
    expect(JSON.stringify(a.exposures)).toBe(JSON.stringify(b.exposures));
    const snapshots: SimulationSnapshot[] = [a, b];
    expect(snapshots[0]).toEqual(snapshots[1]);
  });
});
