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
 * Seeded, lumpy loan losses: each bank has a small chance of a 1–6 % hit to its performing
 * loans. Two uniforms are drawn for every entity, alive or not, so the random stream never
 * depends on the state (needed for the monotonicity of shocks on a fixed seed).
 *
 * @example
 * applyLoanLosses(state, rng);
 */
export function applyLoanLosses(state: MarketState, rng: Prng): void {
  for (const book of state.books) {
    const hit = rng.next();
    const size = rng.next();
    if (!book.alive || book.type !== 'bank' || hit >= LOAN_LOSS_PROBABILITY) continue;
    state.flows.loanLosses -= writeOffLoans(state, book, 0.01 + 0.05 * size * size);
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
