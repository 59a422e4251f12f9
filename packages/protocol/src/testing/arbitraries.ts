import fc from 'fast-check';
import { ASSET_CLASSES, type EntityState, type EntityType } from '../domain.js';

/**
 * fast-check arbitraries for the compact encodings' fuzz tests (steps and keyframes): numbers
 * as the engine writes them (cents, 1/10,000) and, now and then, any double, which a codec
 * must carry exactly too.
 *
 * @example
 * fc.assert(fc.property(entityArb('BANK_0'), (entity) => roundTrips(entity)));
 */
export const anyNumber = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 });
export const cents = fc.integer({ min: -5_000_000, max: 5_000_000 }).map((k) => k / 100 + 0);
export const money = fc.oneof({ weight: 4, arbitrary: cents }, { weight: 1, arbitrary: anyNumber });
export const ratio = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -20_000, max: 20_000 }).map((k) => k / 10_000 + 0) },
  { weight: 1, arbitrary: anyNumber },
);

/** Every asset class's price index. */
export const pricesArb = fc.record(
  Object.fromEntries(ASSET_CLASSES.map((c) => [c, ratio])) as Record<
    (typeof ASSET_CLASSES)[number],
    typeof ratio
  >,
);

/** `n` entity ids, every fourth a fund, as the engine names them. */
export const entityIds = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => (i % 4 === 3 ? `FUND_${i}` : `BANK_${i}`));

/** An entity with any values (fields in the engine's order); its type given, else any. */
export const entityArb = (id: string, type?: EntityType): fc.Arbitrary<EntityState> =>
  fc
    .record({
      type: type ? fc.constant(type) : fc.constantFrom('bank', 'fund' as const),
      name: fc.string({ maxLength: 16 }),
      alive: fc.boolean(),
      defaulted_at: fc.option(fc.nat(2_000), { nil: null }),
      assets: fc.record({
        real_estate: money,
        equities: money,
        sovereign_bonds: money,
        corporate_loans: money,
      }),
      interbank_assets: money,
      interbank_liabilities: money,
      deposits: money,
      equity: money,
      capital_ratio: ratio,
      npa_ratio: ratio,
    })
    .map((values) => ({ id, ...values }));
