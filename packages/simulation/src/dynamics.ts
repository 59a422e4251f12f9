import type { AssetAmounts, ShockInput } from '@simstream/protocol';
import { CLASSES, type EntityBook } from './balanceSheet.js';
import { type MarketState, payOut, setPrice } from './market.js';
import type { Prng } from './prng.js';

/** Per-step drift and volatility of each price index (log returns). */
export const RETURN_PARAMS: Readonly<
  Record<keyof AssetAmounts, { drift: number; volatility: number }>
> = {
  real_estate: { drift: 0.0004, volatility: 0.008 },
  equities: { drift: 0.0008, volatility: 0.02 },
  sovereign_bonds: { drift: 0.0001, volatility: 0.001 },
  corporate_loans: { drift: 0.0002, volatility: 0.003 },
};

/** Chance per step that a bank books a loan-loss event, and the loss given default. */
export const LOAN_LOSS_PROBABILITY = 0.12;
export const LOSS_GIVEN_DEFAULT = 0.45;
/**
 * Net interest margin per step on performing loans, paid in sovereign bonds. It slightly exceeds
 * the expected loan loss (12 % × E[1–6 % hit] × 45 % ≈ 0.144 % of performing loans per step), so
 * a calm market does not bleed banks to death; the lumpy losses still make individual paths vary.
 */
export const NET_INTEREST_MARGIN = 0.0016;
/** Share of non-performing loans worked out (back to performing) each step. */
export const NPL_CURE_RATE = 0.06;

/**
 * Apply one step of seeded price returns to every class; books the revaluation as `returns`.
 *
 * @example
 * applyReturns(state, rng);
 */
export function applyReturns(state: MarketState, rng: Prng): void {
  for (const c of CLASSES) {
    const { drift, volatility } = RETURN_PARAMS[c];
    const z = rng.normal();
    state.flows.returns += setPrice(state, c, state.prices[c] * Math.exp(drift + volatility * z));
  }
}

/**
 * Turn `share` of an entity's performing loans non-performing: the loss given default is
 * written off at once, the rest stays on the books as a non-performing loan. Returns the loss.
 *
 * @example
 * state.flows.loanLosses -= writeOffLoans(state, book, 0.03);
 */
export function writeOffLoans(state: MarketState, book: EntityBook, share: number): number {
  const performing = Math.max(0, book.qty.corporate_loans - book.nplQty);
  const turning = performing * share;
  const writtenOff = turning * LOSS_GIVEN_DEFAULT;
  book.qty.corporate_loans -= writtenOff;
  book.nplQty += turning - writtenOff;
  return writtenOff * state.prices.corporate_loans;
}

/**
 * How strongly credit stress raises the loan-loss hazard: at a stress index `s` (real-estate
 * drawdown below its anchor) the chance of a hit is `12 % × (1 + 7 s)`: borrowers default more
 * when the collateral behind their loans loses value.
 */
export const STRESS_LOSS_SENSITIVITY = 7;
/** Share of the gap to the current real-estate price the anchor closes each step. */
export const ANCHOR_SPEED = 0.05;

/**
 * Credit-stress index in [0, 1): how far real estate trades below its slow-moving anchor.
 *
 * @example
 * creditStress(state); // 0 in a calm market, ≈ 0.3 right after a −30 % property crash
 */
export function creditStress(state: MarketState): number {
  return Math.max(0, 1 - state.prices.real_estate / state.realEstateAnchor);
}

/**
 * Move the real-estate anchor a step towards the current price, so stress fades as the market
 * settles at its new level.
 *
 * @example
 * updateAnchor(state);
 */
export function updateAnchor(state: MarketState): void {
  state.realEstateAnchor += (state.prices.real_estate - state.realEstateAnchor) * ANCHOR_SPEED;
}

/**
 * Seeded, lumpy loan losses: each bank has a chance (12 % in a calm market, more under credit
 * stress) of a 1–6 % hit to its performing loans. Two uniforms are drawn for every entity, alive
 * or not, so the random stream never depends on the state, and a higher stress turns the same
 * draws into more hits, never fewer (needed for the monotonicity of shocks on a fixed seed).
 *
 * @example
 * applyLoanLosses(state, rng);
 */
export function applyLoanLosses(state: MarketState, rng: Prng): void {
  const probability = LOAN_LOSS_PROBABILITY * (1 + STRESS_LOSS_SENSITIVITY * creditStress(state));
  for (const book of state.books) {
    const hit = rng.next();
    const size = rng.next();
    if (!book.alive || book.type !== 'bank' || hit >= probability) continue;
    state.flows.loanLosses -= writeOffLoans(state, book, 0.01 + 0.05 * size * size);
  }
}

/**
 * Every alive bank earns the net interest margin on its performing loans (booked as
 * `netInterest`, settled in sovereign bonds).
 *
 * @example
 * earnInterest(state);
 */
export function earnInterest(state: MarketState): void {
  const sov = state.prices.sovereign_bonds;
  for (const book of state.books) {
    if (!book.alive || book.type !== 'bank') continue;
    const performing = Math.max(0, book.qty.corporate_loans - book.nplQty);
    const income = performing * state.prices.corporate_loans * NET_INTEREST_MARGIN;
    book.qty.sovereign_bonds += income / sov;
    state.flows.netInterest += income;
  }
}

/**
 * Work out part of the non-performing loans (they return to performing). No money moves; it
 * keeps NPA ratios mean-reverting so decisions are not raised forever.
 *
 * @example
 * cureLoans(state);
 */
export function cureLoans(state: MarketState): void {
  for (const book of state.books) book.nplQty *= 1 - NPL_CURE_RATE;
}

/** The entities a shock hits: one id, or every alive entity for `system`. */
function shockTargets(state: MarketState, target: string, type: 'bank' | null): EntityBook[] {
  return state.books.filter(
    (b) => b.alive && (target === 'system' ? type === null || b.type === type : b.id === target),
  );
}

/**
 * Apply a validated shock. Returns the indices of entities that could not pay a deposit run in
 * full (they default for lack of liquidity).
 *
 * @example
 * applyShock(state, { shock_type: 'asset_price_crash', target: 'real_estate', magnitude: -0.3 });
 */
export function applyShock(state: MarketState, shock: ShockInput): number[] {
  const illiquid: number[] = [];
  switch (shock.shock_type) {
    case 'asset_price_crash': {
      const c = shock.target as keyof AssetAmounts;
      state.flows.shocks += setPrice(state, c, state.prices[c] * (1 + shock.magnitude));
      break;
    }
    case 'deposit_run': {
      for (const book of shockTargets(state, shock.target, 'bank')) {
        const withdrawn = book.deposits * shock.magnitude;
        const paid = payOut(state, book, withdrawn);
        book.deposits -= paid;
        if (paid < withdrawn - 1e-9) illiquid.push(book.index);
      }
      break;
    }
    case 'credit_loss': {
      for (const book of shockTargets(state, shock.target, null)) {
        state.flows.shocks -= writeOffLoans(state, book, shock.magnitude);
      }
      break;
    }
  }
  return illiquid;
}
