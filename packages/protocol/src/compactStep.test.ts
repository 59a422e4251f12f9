import * as v from 'valibot';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCompactStep, encodeCompactStep } from './compactStep.js';
import type { SimulationSnapshot } from './domain.js';
import { simulationCompactDataSchema } from './events.js';
import { entityArb, entityIds, money, pricesArb } from './testing/arbitraries.js';
import { sampleSnapshot } from './testing/fixtures.js';

type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;

/** Two consecutive snapshots with the same entities, any values, sometimes an extra field. */
const stepPair = fc.integer({ min: 0, max: 12 }).chain((n) => {
  // The same ids and types before and after (a step never changes them); any other value.
  const entities = fc.tuple(
    ...entityIds(n).map((id) => entityArb(id, id.startsWith('FUND') ? 'fund' : 'bank')),
  );
  return fc.record({
    before: entities,
    after: entities,
    pricesBefore: pricesArb,
    pricesAfter: pricesArb,
    health: fc.integer({ min: 0, max: 10_000 }).map((k) => k / 10_000),
    status: fc.constantFrom('running', 'paused', 'finished' as const),
    player: fc.constantFrom('BANK_0', 'BANK_1'),
    extra: fc.option(fc.array(fc.record({ lender: fc.string(), amount: money }), { maxLength: 3 })),
  });
});

function snapshots(p: ValueOf<typeof stepPair>): [SimulationSnapshot, SimulationSnapshot] {
  const base: SimulationSnapshot = {
    ...sampleSnapshot('sim-fuzz', 7),
    prices: p.pricesBefore,
    total_agents: p.before.length,
    entities: p.before,
  };
  const next = {
    ...base,
    timestep: 8,
    status: p.status,
    system_health: p.health,
    alive_agents: p.after.filter((e) => e.alive).length,
    prices: p.pricesAfter,
    player_entity_id: p.player,
    entities: p.after,
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
