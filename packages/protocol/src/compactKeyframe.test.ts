import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { decodeCompactKeyframe, encodeCompactKeyframe } from './compactKeyframe.js';
import { decodeCompactStep } from './compactStep.js';
import type { Exposure, SimulationSnapshot } from './domain.js';
import { simulationCompactDataSchema } from './events.js';
import { entityArb, entityIds, pricesArb } from './testing/arbitraries.js';
import { sampleSnapshot } from './testing/fixtures.js';

/** Claim amounts and losses: never negative; cents as the engine writes them, any double now and then. */
const nonNegativeMoney = fc.oneof(
  { weight: 4, arbitrary: fc.nat(5_000_000).map((k) => k / 100) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, min: 0, max: 1e9 }) },
);

/** A claim between two of `n` entities: open, or closed with a status, a timestep and a loss. */
const exposureArb = (ids: readonly string[]): fc.Arbitrary<Exposure> =>
  fc
    .record({
      lender: fc.constantFrom(...ids),
      borrower: fc.constantFrom(...ids),
      amount: nonNegativeMoney,
      closed: fc.option(
        fc.record({
          status: fc.constantFrom('settled', 'written_off' as const),
          closed_at: fc.nat(2_000),
          loss: nonNegativeMoney,
        }),
        { nil: null },
      ),
    })
    .map(({ closed, ...open }) => (closed ? { ...open, ...closed } : open));

const snapshotArb: fc.Arbitrary<SimulationSnapshot> = fc.integer({ min: 1, max: 12 }).chain((n) => {
  const ids = entityIds(n);
  return fc
    .record({
      entities: fc.tuple(...ids.map((id) => entityArb(id))),
      exposures: fc.option(fc.array(exposureArb(ids), { maxLength: 30 }), { nil: undefined }),
      prices: pricesArb,
      health: fc.integer({ min: 0, max: 10_000 }).map((k) => k / 10_000),
      timestep: fc.nat(5_000),
    })
    .map(({ entities, exposures, prices, health, timestep }) => ({
      ...sampleSnapshot('sim-fuzz', timestep),
      system_health: health,
      alive_agents: entities.filter((e) => e.alive).length,
      total_agents: n,
      prices,
      entities,
      ...(exposures ? { exposures } : {}),
    }));
});

describe('compact keyframes', () => {
  it('rebuild any snapshot byte for byte from the keyframe alone (fuzzed), and pass the schema', () => {
    fc.assert(
      fc.property(snapshotArb, (snapshot) => {
        const data = encodeCompactKeyframe(snapshot);
        expect(data).not.toBeNull();
        expect(v.safeParse(simulationCompactDataSchema, data).issues).toBeUndefined();
        // What travels is JSON: decode what the client would parse, against any base at all.
        const received = JSON.parse(JSON.stringify(data));
        expect(JSON.stringify(decodeCompactKeyframe(received))).toBe(JSON.stringify(snapshot));
        const unrelated = sampleSnapshot('other', 3);
        expect(JSON.stringify(decodeCompactStep(unrelated, received))).toBe(
          JSON.stringify(snapshot),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('leave out the ids, names and claims a held snapshot shares, and rebuild byte for byte against it (fuzzed)', () => {
    fc.assert(
      fc.property(snapshotArb, snapshotArb, (snapshot, unrelated) => {
        // The previous step: same entities and network, other numbers.
        const held: SimulationSnapshot = {
          ...snapshot,
          timestep: snapshot.timestep + 1,
          entities: snapshot.entities.map((e) => ({ ...e, equity: e.equity + 1 })),
        };
        const data = encodeCompactKeyframe(snapshot, [held]);
        expect(data).not.toBeNull();
        if (!data) return;
        expect(v.safeParse(simulationCompactDataSchema, data).issues).toBeUndefined();
        for (const part of ['ids', 'names', 'types', 'simulation_id', 'player_entity_id'] as const)
          expect(data.keyframe[part]).toBeUndefined();
        expect(data.keyframe.exposures).toBeUndefined();
        expect(data.keyframe.same_exposures !== undefined).toBe(snapshot.exposures !== undefined);
        const received = JSON.parse(JSON.stringify(data));
        expect(JSON.stringify(decodeCompactStep(held, received))).toBe(JSON.stringify(snapshot));
        // Any snapshot with the same entities and network will do as the base…
        expect(JSON.stringify(decodeCompactKeyframe(received, snapshot))).toBe(
          JSON.stringify(snapshot),
        );
        // …but none other, and no base at all is refused too: the client refetches.
        expect(() => decodeCompactKeyframe(received)).toThrow(RangeError);
        const renamed = {
          ...held,
          entities: held.entities.map((e, i) => (i === 0 ? { ...e, name: `${e.name}!` } : e)),
        };
        expect(() => decodeCompactKeyframe(received, renamed)).toThrow(/refetch the snapshot/);
        const foreign = { ...held, simulation_id: 'another-run' };
        expect(() => decodeCompactStep(foreign, received)).toThrow(/refetch the snapshot/);
        // Against a snapshot of other entities, only what it really shares is left out.
        const other = encodeCompactKeyframe(snapshot, [unrelated]);
        expect(other).not.toBeNull();
        const text = JSON.parse(JSON.stringify(other));
        expect(JSON.stringify(decodeCompactStep(unrelated, text))).toBe(JSON.stringify(snapshot));
      }),
      { numRuns: 300 },
    );
  });

  it('leaves a part in when one of the states a receiver may hold differs in it', () => {
    const base: SimulationSnapshot = {
      ...sampleSnapshot(),
      exposures: [{ lender: 'BANK_001', borrower: 'BANK_002', amount: 12.5 }],
    };
    const renamed = {
      ...base,
      entities: base.entities.map((e, i) => (i === 1 ? { ...e, name: 'Renamed Bank' } : e)),
    };
    const settled = {
      ...base,
      exposures: [{ ...base.exposures![0]!, status: 'settled' as const, closed_at: 3 }],
    };
    const both = encodeCompactKeyframe(base, [base, renamed])!;
    expect(both.keyframe.ids).toEqual(base.entities.map((e) => e.id));
    expect(both.keyframe.same_exposures).toBeDefined();
    const claims = encodeCompactKeyframe(base, [settled])!;
    expect(claims.keyframe.same_entities).toBeDefined();
    expect(claims.keyframe.exposures?.count).toBe(1);
    for (const [data, held] of [
      [both, renamed],
      [claims, settled],
    ] as const) {
      expect(JSON.stringify(decodeCompactStep(held, data))).toBe(JSON.stringify(base));
    }
  });

  it('names each field once, not once per entity or claim', () => {
    const snapshot: SimulationSnapshot = {
      ...sampleSnapshot(),
      exposures: [
        {
          lender: 'BANK_001',
          borrower: 'BANK_002',
          amount: 31.9,
          status: 'written_off',
          closed_at: 40,
          loss: 20.1,
        },
        { lender: 'FUND_001', borrower: 'BANK_002', amount: 12.5 },
        { lender: 'BANK_002', borrower: 'BANK_001', amount: 7 },
      ],
    };
    const text = JSON.stringify(encodeCompactKeyframe(snapshot));
    for (const field of ['"lender"', '"capital_ratio"', '"name"', '"alive"']) {
      expect(text.split(field).length - 1).toBeLessThanOrEqual(1);
    }
    expect(text.length).toBeLessThan(JSON.stringify(snapshot).length / 2);
  });

  it('gives up (null: send the full step) on a claim naming an unknown entity or a field it has no place for', () => {
    const base = sampleSnapshot();
    const stranger = {
      ...base,
      exposures: [{ lender: 'BANK_404', borrower: 'BANK_001', amount: 1 }],
    };
    expect(encodeCompactKeyframe(stranger)).toBeNull();
    const grown = { ...base, regulator: 'ECB' } as SimulationSnapshot;
    expect(encodeCompactKeyframe(grown)).toBeNull();
  });

  it('refuses columns that do not fit together (a truncated column): refetch the snapshot', () => {
    const data = encodeCompactKeyframe(sampleSnapshot())!;
    const short = {
      ...data,
      keyframe: { ...data.keyframe, columns: ['C', ...data.keyframe.columns.slice(1)] },
    };
    expect(() => decodeCompactKeyframe(short)).toThrow(/1 values in column real_estate for 3/);
  });
});
