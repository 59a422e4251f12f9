import * as v from 'valibot';
import { LIMITS } from './constants.js';
import { count, finite, shortText } from './schemaParts.js';

/** Identifier accepted from untrusted input: short, printable, no path separators. */
export const idSchema = v.pipe(
  v.string(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(LIMITS.idLength, `must be at most ${LIMITS.idLength} characters`),
  v.regex(/^[A-Za-z0-9_.:-]+$/, 'may contain only letters, digits and _ . : -'),
);

/** Asset classes every balance sheet holds. */
export const ASSET_CLASSES = [
  'real_estate',
  'equities',
  'sovereign_bonds',
  'corporate_loans',
] as const;
export const assetClassSchema = /* @__PURE__ */ v.picklist(ASSET_CLASSES);
export type AssetClass = v.InferOutput<typeof assetClassSchema>;

/** Per-asset-class amounts (all four keys always present). */
export const assetAmountsSchema = v.strictObject({
  real_estate: finite(),
  equities: finite(),
  sovereign_bonds: finite(),
  corporate_loans: finite(),
});
export type AssetAmounts = v.InferOutput<typeof assetAmountsSchema>;

export const ENTITY_TYPES = ['bank', 'fund'] as const;
export const entityTypeSchema = v.picklist(ENTITY_TYPES);
export type EntityType = v.InferOutput<typeof entityTypeSchema>;

/**
 * One entity's state at a timestep. Money amounts are in millions, rounded to
 * 2 decimals; ratios are fractions (0.08 = 8 %).
 */
export const entityStateSchema = v.strictObject({
  id: idSchema,
  type: entityTypeSchema,
  name: shortText(200),
  alive: v.boolean(),
  /** Timestep at which the entity defaulted, or null while alive. */
  defaulted_at: v.nullable(count()),
  /** External assets at market value, by asset class. */
  assets: assetAmountsSchema,
  interbank_assets: finite(),
  interbank_liabilities: finite(),
  deposits: finite(),
  equity: finite(),
  /** equity / risk-weighted assets. */
  capital_ratio: finite(),
  /** non-performing loans / gross loans. */
  npa_ratio: finite(),
});
export type EntityState = v.InferOutput<typeof entityStateSchema>;

/** Field-level change of one entity in a delta step: `id` plus the fields that changed. */
export const entityChangeSchema = v.strictObject({
  ...v.partial(entityStateSchema).entries,
  id: idSchema,
});
export type EntityChange = v.InferOutput<typeof entityChangeSchema>;

/**
 * One claim of the exposure network: `lender` lent `amount` (millions) to `borrower` — a bank's
 * interbank loan, or a fund's holding of bank debt (the lender is a fund). Open while both are
 * alive; when either defaults the claim closes at that timestep and stays in the list, so a view
 * of any timestep shows which claims a default hit:
 * - `written_off`: the borrower defaulted and the lender lost `loss` of `amount`;
 * - `settled`: the lender defaulted and the borrower repaid `amount` to its estate.
 * Open claims carry only the first three fields, which keeps full steps small.
 */
export const exposureSchema = v.strictObject({
  lender: idSchema,
  borrower: idSchema,
  amount: finite(v.minValue(0)),
  /** Absent while open. */
  status: v.optional(v.picklist(['settled', 'written_off'])),
  /** Timestep at which the claim closed (present when `status` is). */
  closed_at: v.optional(count()),
  /** What the lender lost on a written-off claim (millions; 0 when settled). */
  loss: v.optional(finite(v.minValue(0))),
});
export type Exposure = v.InferOutput<typeof exposureSchema>;

export const SIMULATION_STATUSES = ['running', 'paused', 'finished'] as const;
export const simulationStatusSchema = v.picklist(SIMULATION_STATUSES);
export type SimulationStatus = v.InferOutput<typeof simulationStatusSchema>;

/** The full state of a simulation at one timestep (the seed's `SimulationSnapshot`). */
export const simulationSnapshotSchema = v.strictObject({
  simulation_id: idSchema,
  timestep: count(),
  status: simulationStatusSchema,
  system_health: finite(v.minValue(0), v.maxValue(1)),
  alive_agents: count(),
  total_agents: count(),
  /** Price index per asset class, 1.0 at timestep 0. */
  prices: assetAmountsSchema,
  /** The entity the operator steers through decisions. */
  player_entity_id: idSchema,
  entities: v.array(entityStateSchema),
  /**
   * The exposure network at this timestep, claims in a fixed order (open and closed). Absent
   * from servers or engines that do not report a network.
   */
  exposures: v.optional(v.array(exposureSchema)),
});
export type SimulationSnapshot = v.InferOutput<typeof simulationSnapshotSchema>;

export const SHOCK_TYPES = ['asset_price_crash', 'deposit_run', 'credit_loss'] as const;
export const shockTypeSchema = v.picklist(SHOCK_TYPES);
export type ShockType = v.InferOutput<typeof shockTypeSchema>;

export const DECISION_CHOICES = ['recommended', 'alternative'] as const;
export const decisionChoiceSchema = v.picklist(DECISION_CHOICES);
export type DecisionChoice = v.InferOutput<typeof decisionChoiceSchema>;

/** One of the two actions offered by a decision, with its projected effects. */
export const decisionActionSchema = v.strictObject({
  /** Machine name of the action, e.g. `raise_capital`, `sell_assets`, `hold`. */
  kind: shortText(64),
  label: shortText(200),
  description: shortText(LIMITS.textLength),
  /** Parameters the engine applies, e.g. `{ amount: 120 }`. */
  params: v.record(shortText(64), v.union([finite(), shortText(200), v.boolean()])),
  /** Projected effects shown to the operator, e.g. `{ capital_ratio: 0.02, npa_ratio: -0.01 }`. */
  effects: v.record(shortText(64), finite()),
});
export type DecisionAction = v.InferOutput<typeof decisionActionSchema>;
