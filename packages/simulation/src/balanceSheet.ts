import type { AssetAmounts, AssetClass, EntityState, EntityType } from '@simstream/protocol';

/** Asset classes in the fixed order every loop uses (order matters for determinism). */
export const CLASSES: readonly AssetClass[] = [
  'real_estate',
  'equities',
  'sovereign_bonds',
  'corporate_loans',
];

/** Classes sold into the market in fire sales; sovereign bonds double as the cash-like asset. */
export const RISKY_CLASSES: readonly AssetClass[] = ['equities', 'real_estate', 'corporate_loans'];

/** Basel-style risk weights: sovereigns are risk-free, interbank claims carry 20 %. */
export const RISK_WEIGHTS: Readonly<AssetAmounts> = {
  real_estate: 1,
  equities: 1,
  sovereign_bonds: 0,
  corporate_loans: 1,
};
export const INTERBANK_RISK_WEIGHT = 0.2;

/**
 * One entity's books at full precision. External assets are quantities (value = quantity ×
 * price index); interbank positions live in the network matrix, not here.
 */
export interface EntityBook {
  readonly index: number;
  readonly id: string;
  readonly type: EntityType;
  readonly name: string;
  alive: boolean;
  defaultedAt: number | null;
  qty: AssetAmounts;
  /** Quantity of corporate loans that are non-performing (≤ `qty.corporate_loans`). */
  nplQty: number;
  deposits: number;
  /** Total assets at timestep 0 — the weight of this entity in system health. */
  initialAssets: number;
}

/** Full-precision figures derived from a book, the prices and the network. */
export interface BookMetrics {
  assets: AssetAmounts;
  external: number;
  interbankAssets: number;
  interbankLiabilities: number;
  deposits: number;
  totalAssets: number;
  equity: number;
  riskWeighted: number;
  capitalRatio: number;
  npaRatio: number;
}

/**
 * Compute an entity's balance sheet at the given prices; `equity = assets − liabilities` holds
 * by construction, so every ledger check is about flows, not this identity.
 *
 * @example
 * const m = metrics(book, prices, interbankAssets, interbankLiabilities);
 * m.capitalRatio; // equity / risk-weighted assets
 */
export function metrics(
  book: EntityBook,
  prices: Readonly<AssetAmounts>,
  interbankAssets: number,
  interbankLiabilities: number,
): BookMetrics {
  const assets = {} as AssetAmounts;
  let external = 0;
  let riskWeighted = interbankAssets * INTERBANK_RISK_WEIGHT;
  for (const c of CLASSES) {
    const value = book.qty[c] * prices[c];
    assets[c] = value;
    external += value;
    riskWeighted += Math.max(0, value) * RISK_WEIGHTS[c];
  }
  const totalAssets = external + interbankAssets;
  const equity = totalAssets - interbankLiabilities - book.deposits;
  // With no risky assets at all the bank holds only cash-like claims: fully adequate if solvent.
  const capitalRatio = riskWeighted > 0 ? equity / riskWeighted : equity > 0 ? 1 : 0;
  const npaRatio = book.qty.corporate_loans > 0 ? book.nplQty / book.qty.corporate_loans : 0;
  return {
    assets,
    external,
    interbankAssets,
    interbankLiabilities,
    deposits: book.deposits,
    totalAssets,
    equity,
    riskWeighted,
    capitalRatio,
    npaRatio,
  };
}

/** Round money to cents of a million (2 decimals). */
export const money = (x: number): number => Math.round(x * 100) / 100 + 0;
/** Round a ratio to 4 decimals. */
export const ratio = (x: number): number => Math.round(x * 10_000) / 10_000 + 0;

/**
 * The wire form of an entity: money rounded to 2 decimals, ratios to 4 (rounding happens only
 * here, on output).
 *
 * @example
 * toEntityState(book, metrics(book, prices, ia, il)).equity; // e.g. 84.37
 */
export function toEntityState(book: EntityBook, m: BookMetrics): EntityState {
  return {
    id: book.id,
    type: book.type,
    name: book.name,
    alive: book.alive,
    defaulted_at: book.defaultedAt,
    assets: {
      real_estate: money(m.assets.real_estate),
      equities: money(m.assets.equities),
      sovereign_bonds: money(m.assets.sovereign_bonds),
      corporate_loans: money(m.assets.corporate_loans),
    },
    interbank_assets: money(m.interbankAssets),
    interbank_liabilities: money(m.interbankLiabilities),
    deposits: money(m.deposits),
    equity: money(m.equity),
    capital_ratio: ratio(m.capitalRatio),
    npa_ratio: ratio(m.npaRatio),
  };
}
