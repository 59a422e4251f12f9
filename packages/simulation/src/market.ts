import type { AssetAmounts, AssetClass } from '@simstream/protocol';
import { type BookMetrics, CLASSES, type EntityBook, metrics } from './balanceSheet.js';
import { emptyFlows, type LedgerFlows } from './ledger.js';

/** The whole mutable state of the market between steps (full precision). */
export interface MarketState {
  prices: AssetAmounts;
  books: EntityBook[];
  /**
   * `owed[i][j]`: what entity `i` owes entity `j` on the interbank market. Typed rows: at 1,000
   * banks the matrix is 8 MB, and plain arrays of it would be copied by every young-generation GC.
   */
  owed: Float64Array[];
  /** Quantities sold into the market since the last price-impact update, by class. */
  sold: AssetAmounts;
  /** Flows since the last snapshot. */
  flows: LedgerFlows;
  /** Log price discount per class still outstanding from past fire sales (≥ 0); it decays. */
  fireSaleDiscount: AssetAmounts;
  /**
   * Defaulted estates' securities and property still to be sold by the resolution authority, by
   * class (quantities); a share reaches the market each step.
   */
  estateBacklog: AssetAmounts;
  /**
   * Slow-moving reference level of the real-estate price (an exponential moving average): the
   * drawdown below it is the credit-stress index that raises loan losses.
   */
  realEstateAnchor: number;
  /**
   * Row and column sums of `owed` (what each entity owes and lent), computed on first use; every
   * change to `owed` must reset it with `owedChanged`.
   */
  interbankTotals: { assets: number[]; liabilities: number[] } | null;
}

/** Prices never reach exactly zero, so quantities can always be valued and bought. */
export const PRICE_FLOOR = 1e-4;

export const zeroAmounts = (): AssetAmounts => ({
  real_estate: 0,
  equities: 0,
  sovereign_bonds: 0,
  corporate_loans: 0,
});

/**
 * An n × n network of zeros: rows are views into one buffer (one allocation, not n).
 *
 * @example
 * const owed = zeroNetwork(30); owed[2]![5] = 12.5; // entity 2 owes entity 5
 */
export function zeroNetwork(n: number): Float64Array[] {
  const buffer = new Float64Array(n * n);
  return Array.from({ length: n }, (_, i) => buffer.subarray(i * n, (i + 1) * n));
}

/**
 * Create an empty market (prices at 1.0) around the given books and network.
 *
 * @example
 * const state = createMarket(books, owed);
 */
export function createMarket(books: EntityBook[], owed: Float64Array[]): MarketState {
  return {
    prices: { real_estate: 1, equities: 1, sovereign_bonds: 1, corporate_loans: 1 },
    books,
    owed,
    sold: zeroAmounts(),
    flows: emptyFlows(),
    fireSaleDiscount: zeroAmounts(),
    estateBacklog: zeroAmounts(),
    realEstateAnchor: 1,
    interbankTotals: null,
  };
}

/**
 * Row and column sums of the network, in one pass over it (the same additions in the same order
 * as summing one row or column at a time, so the same floats), cached until `owedChanged`.
 */
function interbankTotals(state: MarketState): { assets: number[]; liabilities: number[] } {
  if (state.interbankTotals) return state.interbankTotals;
  const n = state.owed.length;
  const assets = new Array<number>(n).fill(0);
  const liabilities = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i += 1) {
    const row = state.owed[i]!;
    let sum = 0;
    for (let j = 0; j < row.length; j += 1) {
      const x = row[j]!;
      sum += x;
      assets[j] = assets[j]! + x;
    }
    liabilities[i] = sum;
  }
  state.interbankTotals = { assets, liabilities };
  return state.interbankTotals;
}

/**
 * Forget the cached network sums after `owed` changed.
 *
 * @example
 * state.owed[3]![5] = 0; owedChanged(state);
 */
export function owedChanged(state: MarketState): void {
  state.interbankTotals = null;
}

/** What entity `i` lent to others (sum of column `i`). */
export function interbankAssetsOf(state: MarketState, i: number): number {
  return interbankTotals(state).assets[i] ?? 0;
}

/** What entity `i` owes others (sum of row `i`). */
export function interbankLiabilitiesOf(state: MarketState, i: number): number {
  return interbankTotals(state).liabilities[i] ?? 0;
}

/**
 * Full-precision balance sheet of entity `i`.
 *
 * @example
 * bookMetrics(state, 0).equity;
 */
export function bookMetrics(state: MarketState, i: number): BookMetrics {
  const book = state.books[i];
  if (!book) throw new RangeError(`no entity at index ${i}`);
  return metrics(book, state.prices, interbankAssetsOf(state, i), interbankLiabilitiesOf(state, i));
}

/** Σ equity over all entities = Σ external assets − Σ deposits (interbank nets out). */
export function systemEquity(state: MarketState): number {
  let sum = 0;
  for (const book of state.books) {
    for (const c of CLASSES) sum += book.qty[c] * state.prices[c];
    sum -= book.deposits;
  }
  return sum;
}

/** Value of all holdings of one class across the system. */
function holdingsValue(state: MarketState, c: AssetClass): number {
  let sum = 0;
  for (const book of state.books) sum += book.qty[c] * state.prices[c];
  return sum;
}

/**
 * Move a price to `next` (floored), returning the revaluation of everyone's holdings so the
 * caller books it under the right ledger flow.
 *
 * @example
 * state.flows.returns += setPrice(state, 'equities', state.prices.equities * 1.01);
 */
export function setPrice(state: MarketState, c: AssetClass, next: number): number {
  const before = holdingsValue(state, c);
  state.prices[c] = Math.max(PRICE_FLOOR, next);
  return holdingsValue(state, c) - before;
}

/**
 * Sell `value` worth of one class at market price into sovereign bonds (the cash-like asset),
 * recording the volume for fire-sale price impact. Performing loans only: non-performing ones
 * cannot be sold at market. Returns the value actually sold.
 *
 * @example
 * sellAtMarket(state, book, 'equities', 25); // 25 if the bank holds that much
 */
export function sellAtMarket(
  state: MarketState,
  book: EntityBook,
  c: AssetClass,
  value: number,
): number {
  if (c === 'sovereign_bonds' || value <= 0) return 0;
  const price = state.prices[c];
  const available = c === 'corporate_loans' ? book.qty[c] - book.nplQty : book.qty[c];
  const qty = Math.min(Math.max(0, available), value / price);
  if (qty <= 0) return 0;
  book.qty[c] -= qty;
  book.qty.sovereign_bonds += (qty * price) / state.prices.sovereign_bonds;
  state.sold[c] += qty;
  return qty * price;
}

/** Order in which an entity raises cash: the most liquid risky asset first. */
const LIQUIDATION_ORDER: readonly AssetClass[] = ['equities', 'real_estate', 'corporate_loans'];

/**
 * Pay `amount` out of the entity's external assets: sovereign bonds first, then risky assets
 * sold at market. Returns what could be paid (less than `amount` when it runs out of assets).
 *
 * @example
 * const paid = payOut(state, book, 100); // deposits withdrawn in a run
 */
export function payOut(state: MarketState, book: EntityBook, amount: number): number {
  const sovPrice = state.prices.sovereign_bonds;
  const cash = (): number => Math.max(0, book.qty.sovereign_bonds) * sovPrice;
  for (const c of LIQUIDATION_ORDER) {
    if (cash() >= amount) break;
    sellAtMarket(state, book, c, amount - cash());
  }
  const paid = Math.min(amount, cash());
  book.qty.sovereign_bonds -= paid / sovPrice;
  return paid;
}

/**
 * Bring a negative sovereign position (a central-bank overdraft after paying interbank debts)
 * back to zero by selling risky assets.
 *
 * @example
 * coverOverdraft(state, book);
 */
export function coverOverdraft(state: MarketState, book: EntityBook): void {
  for (const c of LIQUIDATION_ORDER) {
    const short = -book.qty.sovereign_bonds * state.prices.sovereign_bonds;
    if (short <= 1e-9) return;
    sellAtMarket(state, book, c, short);
  }
}
