import { ASSET_CLASSES, type AssetAmounts, type EntityState } from './domain.js';
import { MONEY, RATIO, fixed } from './fixedPoint.js';

/**
 * The fixed-point columns of an entity in the compact encodings: how to read, write and
 * predict each number. Steps send residuals against these predictions from the previous step;
 * keyframes send the values themselves (see compactKeyframe.ts).
 */

/** A dedicated column: how to read, write and predict one number of an entity. */
export interface Column {
  name: string;
  scale: number;
  get(e: EntityState): number;
  set(e: EntityState, v: number): void;
  /** Predicted fixed-point integer of `cur`'s value; `cur` holds the columns before this one. */
  predict(prev: EntityState, cur: EntityState, prices: Prices): number;
}

export interface Prices {
  prev: AssetAmounts;
  next: AssetAmounts;
}

const same = (prev: EntityState, col: Column): number => fixed(col.get(prev), col.scale);
/** Fixed-point change of a money amount. */
const moved = (prev: number, cur: number): number => fixed(cur, MONEY) - fixed(prev, MONEY);
const risky = (e: EntityState): number =>
  e.assets.real_estate + e.assets.equities + e.assets.corporate_loans;

/** An asset held at a price index moves with the price: value × new price / old price. */
const assetColumn = (c: (typeof ASSET_CLASSES)[number]): Column => ({
  name: c,
  scale: MONEY,
  get: (e) => e.assets[c],
  set: (e, v) => {
    e.assets[c] = v;
  },
  predict: (prev, _cur, p) => {
    const old = fixed(prev.assets[c], MONEY);
    return p.prev[c] === 0 ? old : Math.round((old * p.next[c]) / p.prev[c]);
  },
});

const plainColumn = (
  name: 'interbank_assets' | 'interbank_liabilities' | 'deposits' | 'npa_ratio',
): Column => ({
  name,
  scale: name === 'npa_ratio' ? RATIO : MONEY,
  get: (e) => e[name],
  set: (e, v) => {
    e[name] = v;
  },
  predict(prev) {
    return same(prev, this);
  },
});

/** The columns, in wire order. Predictions only make residuals small; exactness never rests on them. */
export const COMPACT_COLUMNS: readonly Column[] = [
  ...ASSET_CLASSES.map(assetColumn),
  plainColumn('interbank_assets'),
  plainColumn('interbank_liabilities'),
  plainColumn('deposits'),
  {
    // The balance-sheet identity (equity = assets − liabilities), in changes: zero when nothing moved.
    name: 'equity',
    scale: MONEY,
    get: (e) => e.equity,
    set: (e, v) => {
      e.equity = v;
    },
    predict: (prev, cur) =>
      fixed(prev.equity, MONEY) +
      ASSET_CLASSES.reduce((sum, c) => sum + moved(prev.assets[c], cur.assets[c]), 0) +
      moved(prev.interbank_assets, cur.interbank_assets) -
      moved(prev.interbank_liabilities, cur.interbank_liabilities) -
      moved(prev.deposits, cur.deposits),
  },
  {
    // equity / risk-weighted assets, with the risk-weighted assets implied by the previous
    // step moved by the change in risky (non-sovereign) assets.
    name: 'capital_ratio',
    scale: RATIO,
    get: (e) => e.capital_ratio,
    set: (e, v) => {
      e.capital_ratio = v;
    },
    predict(prev, cur) {
      const weighted = prev.equity / prev.capital_ratio + risky(cur) - risky(prev);
      const change = Math.round((cur.equity / weighted - prev.capital_ratio) * RATIO);
      const guess = fixed(prev.capital_ratio, RATIO) + change;
      return Number.isSafeInteger(guess) && weighted > 0 ? guess : same(prev, this);
    },
  },
  plainColumn('npa_ratio'),
];
