import * as v from 'valibot';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCompactStep, encodeCompactStep } from './compactStep.js';
import { ASSET_CLASSES, type EntityState, type SimulationSnapshot } from './domain.js';
import { simulationCompactDataSchema } from './events.js';
import { sampleSnapshot } from './testing/fixtures.js';

type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;

/** Numbers as the engine writes them (cents, 1/10,000) and as it never does (any double). */
const cents = fc.integer({ min: -5_000_000, max: 5_000_000 }).map((k) => k / 100 + 0);
const anyNumber = fc.oneof(
  cents,
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }),
);
const ratio = fc.oneof(
  fc.integer({ min: -20_000, max: 20_000 }).map((k) => k / 10_000 + 0),
  anyNumber,
);
const money = fc.oneof({ weight: 4, arbitrary: cents }, { weight: 1, arbitrary: anyNumber });

const entityValues = fc.record({
  alive: fc.boolean(),
  defaulted_at: fc.option(fc.nat(500), { nil: null }),
  name: fc.string({ maxLength: 12 }),
  real_estate: money,
  equities: money,
  sovereign_bonds: money,
  corporate_loans: money,
  interbank_assets: money,
  interbank_liabilities: money,
  deposits: money,
  equity: money,
  capital_ratio: ratio,
  npa_ratio: ratio,
});

function entity(id: string, v: ValueOf<typeof entityValues>): EntityState {
  return {
    id,
    type: id.startsWith('FUND') ? 'fund' : 'bank',
    name: v.name,
    alive: v.alive,
    defaulted_at: v.defaulted_at,
    assets: {
      real_estate: v.real_estate,
      equities: v.equities,
      sovereign_bonds: v.sovereign_bonds,
      corporate_loans: v.corporate_loans,
    },
    interbank_assets: v.interbank_assets,
    interbank_liabilities: v.interbank_liabilities,
    deposits: v.deposits,
    equity: v.equity,
    capital_ratio: v.capital_ratio,
    npa_ratio: v.npa_ratio,
  };
}

const prices = fc.record(
  Object.fromEntries(ASSET_CLASSES.map((c) => [c, ratio])) as Record<
    (typeof ASSET_CLASSES)[number],
    typeof ratio
  >,
);

/** Two consecutive snapshots with the same entities, any values, sometimes an extra field. */
const stepPair = fc.integer({ min: 0, max: 12 }).chain((n) =>
  fc.record({
    before: fc.array(entityValues, { minLength: n, maxLength: n }),
    after: fc.array(entityValues, { minLength: n, maxLength: n }),
    pricesBefore: prices,
    pricesAfter: prices,
    health: fc.integer({ min: 0, max: 10_000 }).map((k) => k / 10_000),
    status: fc.constantFrom('running', 'paused', 'finished' as const),
    player: fc.constantFrom('BANK_0', 'BANK_1'),
    extra: fc.option(fc.array(fc.record({ lender: fc.string(), amount: money }), { maxLength: 3 })),
  }),
);

function snapshots(p: ValueOf<typeof stepPair>): [SimulationSnapshot, SimulationSnapshot] {
  const ids = p.before.map((_, i) => (i % 4 === 3 ? `FUND_${i}` : `BANK_${i}`));
  const base: SimulationSnapshot = {
    ...sampleSnapshot('sim-fuzz', 7),
    prices: p.pricesBefore,
    total_agents: ids.length,
    entities: p.before.map((v, i) => entity(ids[i]!, v)),
  };
  const next = {
    ...base,
    timestep: 8,
    status: p.status,
    system_health: p.health,
    alive_agents: p.after.filter((v) => v.alive).length,
    prices: p.pricesAfter,
    player_entity_id: p.player,
    entities: p.after.map((v, i) => entity(ids[i]!, v)),
    // A field the codec has no place for (as a model grows): carried whole.
    ...(p.extra ? { exposures: p.extra } : {}),
  } as SimulationSnapshot;
  return [base, next];
}

describe('the compact step encoding', () => {
  it('rebuilds any next snapshot byte for byte (fuzzed), and its data passes the schema', () => {
    fc.assert(
      fc.property(stepPair, (pair) => {
        const [base, next] = snapshots(pair);
        const data = encodeCompactStep(base, next);
        expect(data).not.toBeNull();
        // A field this protocol version does not know is carried, but only the schema that
        // names it (the version that added it) accepts it.
        if (!pair.extra)
          expect(v.safeParse(simulationCompactDataSchema, data).issues).toBeUndefined();
        // What travels is JSON: decode what the client would parse.
        const received = JSON.parse(JSON.stringify(data));
        expect(JSON.stringify(decodeCompactStep(base, received))).toBe(JSON.stringify(next));
      }),
      { numRuns: 400 },
    );
  });

  it('sends nothing but zeros for a step where nothing moved, and fixed-point cells as residuals', () => {
    const base = sampleSnapshot();
    const next = { ...base, timestep: base.timestep + 1 };
    const data = encodeCompactStep(base, next)!;
    expect(data.columns.every((c) => c === '')).toBe(true);
    expect(data).not.toHaveProperty('literals');
    expect(data).not.toHaveProperty('fields');
    expect(data.prices).toBe('AAAA');
  });

  it('sends a cell that is not exact at its rounding as the number itself', () => {
    const base = sampleSnapshot();
    const [first, ...rest] = base.entities;
    const next = { ...base, timestep: 43, entities: [{ ...first!, equity: 1 / 3 }, ...rest] };
    const data = encodeCompactStep(base, next)!;
    expect(data.literals).toEqual([[7, 0, 1 / 3]]);
    expect(decodeCompactStep(base, data)).toEqual(next);
  });

  it('gives up (null: send the full step) when the entities differ or a field disappears', () => {
    const base = sampleSnapshot();
    const fewer = { ...base, timestep: 43, entities: base.entities.slice(1) };
    expect(encodeCompactStep(base, fewer)).toBeNull();
    const withField = { ...base, exposures: [] } as SimulationSnapshot;
    expect(encodeCompactStep(withField, { ...base, timestep: 43 })).toBeNull();
  });

  it('refuses data that does not fit the base: another timestep, a column of the wrong length', () => {
    const base = sampleSnapshot();
    const next = {
      ...base,
      timestep: 43,
      entities: base.entities.map((e) => ({ ...e, equity: e.equity + 1 })),
    };
    const data = encodeCompactStep(base, next)!;
    expect(() => decodeCompactStep(next, data)).toThrow(
      /based on timestep 42.*refetch the snapshot/,
    );
    const short = { ...data, columns: data.columns.map((c, i) => (i === 7 ? 'C' : c)) };
    expect(() => decodeCompactStep(base, short)).toThrow(
      /1 values in column equity for 3 entities/,
    );
  });
});
