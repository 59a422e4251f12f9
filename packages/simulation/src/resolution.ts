import { CLASSES, RISKY_CLASSES } from './balanceSheet.js';
import { clearingVector } from './clearing.js';
import {
  bookMetrics,
  coverOverdraft,
  interbankLiabilitiesOf,
  type MarketState,
  sellAtMarket,
  setPrice,
  zeroAmounts,
} from './market.js';

/** Classes a defaulter's estate sells into the market (loans are transferred, not traded). */
const ESTATE_SALE_CLASSES = ['equities', 'real_estate'] as const;

export type DefaultCause = 'insolvency' | 'contagion' | 'liquidity';

export interface DefaultRecord {
  index: number;
  cause: DefaultCause;
  /** Interbank claims on this entity that were not paid (Σ nominal − clearing payment). */
  creditorLosses: number;
}

/**
 * Find this step's defaults with one clearing of the whole network and settle them.
 *
 * Every alive entity takes part. The clearing (Eisenberg–Noe with a Rogers–Veraart discount:
 * a defaulter's risky assets realize `recoveryRate` of market value, sovereign bonds full value;
 * deposits rank pari passu with interbank debt)
 * decides who defaults and what each defaulter pays. Settlement then moves real money:
 * surviving debtors of a defaulter pay it in full out of sovereign bonds (an overdraft if
 * needed, covered later by sales); each estate is shared between its depositors and its interbank
 * creditors pro rata (in sovereign bonds); creditors write off the rest of their claims; the
 * estate's risky assets are sold into the market and its books closed.
 *
 * @example
 * const defaults = resolveDefaults(state, 12, new Set([3]), 0.4);
 */
export function resolveDefaults(
  state: MarketState,
  timestep: number,
  illiquid: ReadonlySet<number>,
  recoveryRate: number,
): DefaultRecord[] {
  const alive = state.books.filter((b) => b.alive).map((b) => b.index);
  const m = alive.length;
  if (m === 0) return [];
  const liabilities = alive.map((i) => alive.map((j) => state.owed[i]![j]!));
  const externalAssets: number[] = [];
  const liquidationValues: number[] = [];
  const deposits: number[] = [];
  const equityBefore: number[] = [];
  for (const i of alive) {
    const mt = bookMetrics(state, i);
    externalAssets.push(mt.external);
    let liquidation = mt.assets.sovereign_bonds;
    for (const c of RISKY_CLASSES) liquidation += mt.assets[c] * recoveryRate;
    liquidationValues.push(liquidation);
    deposits.push(mt.deposits);
    equityBefore.push(mt.equity);
  }
  const result = clearingVector({
    liabilities,
    externalAssets,
    liquidationValues,
    externalLiabilities: deposits,
    forcedDefaults: alive.map((i) => illiquid.has(i)),
  });
  if (!result.defaulted.some(Boolean)) return [];

  const totalOwed = alive.map((i) => interbankLiabilitiesOf(state, i));
  // What each alive entity receives on its claims at the clearing vector.
  const received = new Array<number>(m).fill(0);
  for (let a = 0; a < m; a += 1) {
    const ratio = totalOwed[a]! > 0 ? result.payments[a]! / totalOwed[a]! : 0;
    for (let b = 0; b < m; b += 1) received[b]! += liabilities[a]![b]! * ratio;
  }

  const sovPrice = state.prices.sovereign_bonds;
  const records: DefaultRecord[] = [];
  for (let a = 0; a < m; a += 1) {
    const i = alive[a]!;
    const book = state.books[i]!;
    if (result.defaulted[a]) {
      const realized = liquidationValues[a]! + received[a]!;
      const owedTotal = totalOwed[a]! + deposits[a]!;
      // Depositors rank pari passu with interbank creditors (Eisenberg–Noe).
      const depositorsPaid =
        owedTotal > 0
          ? Math.min(deposits[a]!, (Math.max(0, realized) * deposits[a]!) / owedTotal)
          : 0;
      state.flows.depositorLosses += deposits[a]! - depositorsPaid;
      state.flows.shareholderPayouts -= Math.max(0, realized - deposits[a]! - result.payments[a]!);
      state.flows.bankruptcyCosts -= externalAssets[a]! - liquidationValues[a]!;
      // The resolution authority sells the estate's securities and property over the next steps
      // (see applyFireSaleImpact); its loan book goes to a resolution fund outside the system
      // at the recovery value, not through the market.
      for (const c of ESTATE_SALE_CLASSES) state.estateBacklog[c] += Math.max(0, book.qty[c]);
      for (const c of CLASSES) book.qty[c] = 0;
      book.nplQty = 0;
      book.deposits = 0;
      book.alive = false;
      book.defaultedAt = timestep;
      records.push({
        index: i,
        cause: illiquid.has(i) ? 'liquidity' : equityBefore[a]! <= 0 ? 'insolvency' : 'contagion',
        creditorLosses: Math.max(0, totalOwed[a]! - result.payments[a]!),
      });
    } else {
      // A survivor: paid what defaulters owe it, pays in full what it owes them.
      let cashIn = 0;
      let cashOut = 0;
      for (let b = 0; b < m; b += 1) {
        if (!result.defaulted[b]) continue;
        const ratio = totalOwed[b]! > 0 ? result.payments[b]! / totalOwed[b]! : 0;
        cashIn += liabilities[b]![a]! * ratio;
        cashOut += liabilities[a]![b]!;
      }
      book.qty.sovereign_bonds += (cashIn - cashOut) / sovPrice;
    }
  }
  // Close every claim to or from a defaulter: they are settled above.
  for (let a = 0; a < m; a += 1) {
    if (!result.defaulted[a]) continue;
    const i = alive[a]!;
    for (let j = 0; j < state.books.length; j += 1) {
      state.owed[i]![j] = 0;
      state.owed[j]![i] = 0;
    }
  }
  return records;
}

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
