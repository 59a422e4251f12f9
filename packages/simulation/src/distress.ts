import { RISKY_CLASSES } from './balanceSheet.js';
import {
  bookMetrics,
  coverOverdraft,
  type MarketState,
  sellAtMarket,
  setPrice,
  zeroAmounts,
} from './market.js';
import { ESTATE_SALE_CLASSES } from './resolution.js';

/** Capital ratio below which a bank deleverages by selling risky assets. */
export const DISTRESS_CAPITAL_RATIO = 0.05;
/** Share of equities and real estate a distressed bank sells in one step. */
export const DISTRESS_SALE_SHARE = 0.1;
/** A fund whose equity fell more than this in a step de-risks. */
export const FUND_DRAWDOWN_TRIGGER = 0.03;

/**
 * Distressed banks and funds in a drawdown sell risky assets (into sovereign bonds), and every
 * overdraft is covered by sales. Sales feed the fire-sale price impact.
 *
 * @example
 * deleverage(state, equityAtStepStart);
 */
export function deleverage(state: MarketState, equityAtStart: ReadonlyArray<number>): void {
  for (const book of state.books) {
    if (!book.alive) continue;
    coverOverdraft(state, book);
    const mt = bookMetrics(state, book.index);
    const distressed =
      book.type === 'bank'
        ? mt.capitalRatio < DISTRESS_CAPITAL_RATIO
        : mt.equity < (equityAtStart[book.index] ?? 0) * (1 - FUND_DRAWDOWN_TRIGGER);
    if (!distressed) continue;
    const share = book.type === 'bank' ? DISTRESS_SALE_SHARE : DISTRESS_SALE_SHARE / 2;
    for (const c of ['equities', 'real_estate'] as const) {
      sellAtMarket(state, book, c, mt.assets[c] * share);
    }
  }
}

/** Share of the outstanding fire-sale discount that buyers arbitrage away each step. */
export const FIRE_SALE_RECOVERY = 0.3;
/** Share of the defaulted estates' unsold securities and property sold into the market each step. */
export const ESTATE_RELEASE_RATE = 0.25;

/**
 * Fire-sale price impact: a class's price falls by `exp(−impact × 4 × soldShare)`, so with
 * impact 0.05 selling a tenth of the outstanding quantity in a step costs about 2 %. Outside
 * buyers then close 30 % of the accumulated discount each step, so prices partly recover once
 * selling stops. Books both as `fireSaleImpact` and clears the sales counter.
 *
 * @example
 * applyFireSaleImpact(state, 0.05);
 */
export function applyFireSaleImpact(state: MarketState, impact: number): void {
  const sold = state.sold;
  state.sold = zeroAmounts();
  for (const c of ESTATE_SALE_CLASSES) {
    const released = state.estateBacklog[c] * ESTATE_RELEASE_RATE;
    state.estateBacklog[c] -= released;
    sold[c] += released;
  }
  for (const c of RISKY_CLASSES) {
    let logMove = state.fireSaleDiscount[c] * FIRE_SALE_RECOVERY;
    state.fireSaleDiscount[c] -= logMove;
    if (impact > 0 && sold[c] > 0) {
      let outstanding = sold[c];
      for (const book of state.books) outstanding += Math.max(0, book.qty[c]);
      const drop = impact * 4 * (sold[c] / outstanding);
      state.fireSaleDiscount[c] += drop;
      logMove -= drop;
    }
    if (logMove !== 0)
      state.flows.fireSaleImpact += setPrice(state, c, state.prices[c] * Math.exp(logMove));
  }
}
