import * as z from 'zod/mini';
import { LIMITS } from './constants.js';

/** Identifier accepted from untrusted input: short, printable, no path separators. */
export const idSchema = z
  .string()
  .check(
    z.minLength(1, 'must not be empty'),
    z.maxLength(LIMITS.idLength, `must be at most ${LIMITS.idLength} characters`),
    z.regex(/^[A-Za-z0-9_.:-]+$/, 'may contain only letters, digits and _ . : -'),
  );

/** Asset classes every balance sheet holds. */
export const ASSET_CLASSES = [
  'real_estate',
  'equities',
  'sovereign_bonds',
  'corporate_loans',
] as const;
export const assetClassSchema = z.enum(ASSET_CLASSES);
export type AssetClass = z.infer<typeof assetClassSchema>;

/** Per-asset-class amounts (all four keys always present). */
export const assetAmountsSchema = z.strictObject({
  real_estate: z.number(),
  equities: z.number(),
  sovereign_bonds: z.number(),
  corporate_loans: z.number(),
});
export type AssetAmounts = z.infer<typeof assetAmountsSchema>;

export const ENTITY_TYPES = ['bank', 'fund'] as const;
export const entityTypeSchema = z.enum(ENTITY_TYPES);
export type EntityType = z.infer<typeof entityTypeSchema>;

/**
 * One entity's state at a timestep. Money amounts are in millions, rounded to
 * 2 decimals; ratios are fractions (0.08 = 8 %).
 */
export const entityStateSchema = z.strictObject({
  id: idSchema,
  type: entityTypeSchema,
  name: z.string().check(z.maxLength(200)),
  alive: z.boolean(),
  /** Timestep at which the entity defaulted, or null while alive. */
  defaulted_at: z.nullable(z.number().check(z.int(), z.nonnegative())),
  /** External assets at market value, by asset class. */
  assets: assetAmountsSchema,
  interbank_assets: z.number(),
  interbank_liabilities: z.number(),
  deposits: z.number(),
  equity: z.number(),
  /** equity / risk-weighted assets. */
  capital_ratio: z.number(),
  /** non-performing loans / gross loans. */
  npa_ratio: z.number(),
});
export type EntityState = z.infer<typeof entityStateSchema>;

/** Field-level change of one entity in a delta step: `id` plus the fields that changed. */
export const entityChangeSchema = z.extend(z.partial(entityStateSchema), { id: idSchema });
export type EntityChange = z.infer<typeof entityChangeSchema>;

/**
 * One claim of the exposure network: `lender` lent `amount` (millions) to `borrower` — a bank's
 * interbank loan, or a fund's holding of bank debt (the lender is a fund). Open while both are
 * alive; when either defaults the claim closes at that timestep and stays in the list, so a view
 * of any timestep shows which claims a default hit:
 * - `written_off`: the borrower defaulted and the lender lost `loss` of `amount`;
 * - `settled`: the lender defaulted and the borrower repaid `amount` to its estate.
 * Open claims carry only the first three fields, which keeps full steps small.
 */
export const exposureSchema = z.strictObject({
  lender: idSchema,
  borrower: idSchema,
  amount: z.number().check(z.nonnegative()),
  /** Absent while open. */
  status: z.optional(z.enum(['settled', 'written_off'])),
  /** Timestep at which the claim closed (present when `status` is). */
  closed_at: z.optional(z.number().check(z.int(), z.nonnegative())),
  /** What the lender lost on a written-off claim (millions; 0 when settled). */
  loss: z.optional(z.number().check(z.nonnegative())),
});
export type Exposure = z.infer<typeof exposureSchema>;

export const SIMULATION_STATUSES = ['running', 'paused', 'finished'] as const;
export const simulationStatusSchema = z.enum(SIMULATION_STATUSES);
export type SimulationStatus = z.infer<typeof simulationStatusSchema>;

/** The full state of a simulation at one timestep (the seed's `SimulationSnapshot`). */
export const simulationSnapshotSchema = z.strictObject({
  simulation_id: idSchema,
  timestep: z.number().check(z.int(), z.nonnegative()),
  status: simulationStatusSchema,
  system_health: z.number().check(z.minimum(0), z.maximum(1)),
  alive_agents: z.number().check(z.int(), z.nonnegative()),
  total_agents: z.number().check(z.int(), z.nonnegative()),
  /** Price index per asset class, 1.0 at timestep 0. */
  prices: assetAmountsSchema,
  /** The entity the operator steers through decisions. */
  player_entity_id: idSchema,
  entities: z.array(entityStateSchema),
  /**
   * The exposure network at this timestep, claims in a fixed order (open and closed). Absent
   * from servers or engines that do not report a network.
   */
  exposures: z.optional(z.array(exposureSchema)),
});
export type SimulationSnapshot = z.infer<typeof simulationSnapshotSchema>;

export const SHOCK_TYPES = ['asset_price_crash', 'deposit_run', 'credit_loss'] as const;
export const shockTypeSchema = z.enum(SHOCK_TYPES);
export type ShockType = z.infer<typeof shockTypeSchema>;

/**
 * A shock to apply.
 * - `asset_price_crash`: target is an asset class, magnitude in [-1, 0) is the price change.
 * - `deposit_run`: target is an entity id (or `"system"`), magnitude in (0, 1] is the share of deposits withdrawn.
 * - `credit_loss`: target is an entity id (or `"system"`), magnitude in (0, 1] is the share of corporate loans turning non-performing.
 */
export const shockInputSchema = z
  .strictObject({
    shock_type: shockTypeSchema,
    target: idSchema,
    // Finite already: zod 4 numbers reject Infinity (classic `.finite()` was a no-op).
    magnitude: z.number().check(z.minimum(-1), z.maximum(1)),
  })
  .check(
    z.superRefine((shock, ctx) => {
      if (shock.shock_type === 'asset_price_crash') {
        if (!(ASSET_CLASSES as readonly string[]).includes(shock.target)) {
          ctx.addIssue({
            code: 'custom',
            path: ['target'],
            message: `asset_price_crash targets an asset class: one of ${ASSET_CLASSES.join(', ')}`,
          });
        }
        if (!(shock.magnitude < 0)) {
          ctx.addIssue({
            code: 'custom',
            path: ['magnitude'],
            message: 'asset_price_crash magnitude must be in [-1, 0)',
          });
        }
      } else if (!(shock.magnitude > 0)) {
        ctx.addIssue({
          code: 'custom',
          path: ['magnitude'],
          message: `${shock.shock_type} magnitude must be in (0, 1]`,
        });
      }
    }),
  );
export type ShockInput = z.infer<typeof shockInputSchema>;

export const DECISION_CHOICES = ['recommended', 'alternative'] as const;
export const decisionChoiceSchema = z.enum(DECISION_CHOICES);
export type DecisionChoice = z.infer<typeof decisionChoiceSchema>;

/** One of the two actions offered by a decision, with its projected effects. */
export const decisionActionSchema = z.strictObject({
  /** Machine name of the action, e.g. `raise_capital`, `sell_assets`, `hold`. */
  kind: z.string().check(z.maxLength(64)),
  label: z.string().check(z.maxLength(200)),
  description: z.string().check(z.maxLength(LIMITS.textLength)),
  /** Parameters the engine applies, e.g. `{ amount: 120 }`. */
  params: z.record(
    z.string().check(z.maxLength(64)),
    z.union([z.number(), z.string().check(z.maxLength(200)), z.boolean()]),
  ),
  /** Projected effects shown to the operator, e.g. `{ capital_ratio: 0.02, npa_ratio: -0.01 }`. */
  effects: z.record(z.string().check(z.maxLength(64)), z.number()),
});
export type DecisionAction = z.infer<typeof decisionActionSchema>;
