import type { DecisionAction, DecisionPolicy, PendingDecisionData } from '@simstream/protocol';
import { type BookMetrics, money, ratio } from './balanceSheet.js';
import { emptyFlows } from './ledger.js';
import { bookMetrics, type MarketState, sellAtMarket, zeroAmounts } from './market.js';

/** What can raise a decision for the player's bank. */
export type DecisionTrigger = 'high_npa' | 'low_capital';

/** Capital ratio below which the player is asked to act (the second trigger besides NPA). */
export const CAPITAL_FLOOR = 0.08;
/** Capital ratio a capital raise aims for. */
export const CAPITAL_TARGET = 0.12;
/** Steps after a decision is resolved before the same trigger may raise another one. */
export const DECISION_COOLDOWN_STEPS = 10;
/** Share of non-performing loans the recommended NPA action sells, and at what share of book. */
const NPL_SALE_SHARE = 0.6;
const NPL_SALE_PRICE = 0.7;
const ASSET_SALE_SHARE = 0.25;

/**
 * The trigger the player's metrics cross right now, if any (NPA first), skipping triggers
 * still in their cool-down.
 *
 * @example
 * detectTrigger(m, policy, { high_npa: 0, low_capital: 0 }, 12); // 'high_npa' | 'low_capital' | null
 */
export function detectTrigger(
  m: BookMetrics,
  policy: DecisionPolicy,
  coolDownUntil: Readonly<Record<DecisionTrigger, number>>,
  timestep: number,
): DecisionTrigger | null {
  if (m.npaRatio > policy.npaThreshold && timestep >= coolDownUntil.high_npa) return 'high_npa';
  if (m.capitalRatio < CAPITAL_FLOOR && timestep >= coolDownUntil.low_capital) return 'low_capital';
  return null;
}

const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;

/**
 * Apply a decision action to entity `index`: it really changes the books (and books its flow in
 * the ledger). Unknown kinds and dead entities are no-ops.
 *
 * - `raise_capital { amount }`: new equity from outside, held as sovereign bonds.
 * - `sell_npl { share, price }`: sell a share of non-performing loans at `price` × book; the
 *   discount is a loss, NPA falls.
 * - `sell_assets { share }`: sell that share of equities and real estate at market (feeds the
 *   fire-sale impact); lowers risk-weighted assets.
 * - `hold`: nothing.
 *
 * @example
 * applyAction(state, 0, { kind: 'raise_capital', params: { amount: 50 }, ... });
 */
export function applyAction(state: MarketState, index: number, action: DecisionAction): void {
  const book = state.books[index];
  if (!book?.alive) return;
  const num = (key: string): number => {
    const v = action.params[key];
    return typeof v === 'number' && Number.isFinite(v) ? v : 0;
  };
  const sov = state.prices.sovereign_bonds;
  switch (action.kind) {
    case 'raise_capital': {
      const amount = Math.max(0, num('amount'));
      book.qty.sovereign_bonds += amount / sov;
      state.flows.capitalRaised += amount;
      break;
    }
    case 'sell_npl': {
      const qty = book.nplQty * Math.min(1, Math.max(0, num('share')));
      const bookValue = qty * state.prices.corporate_loans;
      const proceeds = bookValue * Math.min(1, Math.max(0, num('price')));
      book.qty.corporate_loans -= qty;
      book.nplQty -= qty;
      book.qty.sovereign_bonds += proceeds / sov;
      state.flows.actionLosses -= bookValue - proceeds;
      break;
    }
    case 'sell_assets': {
      const share = Math.min(1, Math.max(0, num('share')));
      for (const c of ['equities', 'real_estate'] as const) {
        sellAtMarket(state, book, c, book.qty[c] * state.prices[c] * share);
      }
      break;
    }
    default:
      break;
  }
}

/** Projected change of the headline metrics if `action` were applied now (on a copy). */
function project(
  state: MarketState,
  index: number,
  action: Omit<DecisionAction, 'effects'>,
): Record<string, number> {
  const original = state.books[index]!;
  const copy = { ...original, qty: { ...original.qty } };
  const books = state.books.slice();
  books[index] = copy;
  const scratch: MarketState = {
    prices: { ...state.prices },
    books,
    owed: state.owed,
    interbankTotals: state.interbankTotals,
    sold: zeroAmounts(),
    flows: emptyFlows(),
    fireSaleDiscount: zeroAmounts(),
    estateBacklog: zeroAmounts(),
    realEstateAnchor: state.realEstateAnchor,
  };
  const before = bookMetrics(scratch, index);
  applyAction(scratch, index, { ...action, effects: {} });
  const after = bookMetrics(scratch, index);
  return {
    capital_ratio: ratio(after.capitalRatio - before.capitalRatio),
    npa_ratio: ratio(after.npaRatio - before.npaRatio),
    equity: money(after.equity - before.equity),
  };
}

function action(
  state: MarketState,
  index: number,
  a: Omit<DecisionAction, 'effects'>,
): DecisionAction {
  return { ...a, effects: project(state, index, a) };
}

/**
 * Build the `pending_decision` for a trigger: title and description in the seed's style, a
 * recommended and an alternative action with parameters and projected effects.
 *
 * @example
 * buildDecision(state, 0, 'high_npa', { decisionId: 'DEC-14-1', timestep: 14, policy });
 */
export function buildDecision(
  state: MarketState,
  index: number,
  trigger: DecisionTrigger,
  ctx: { decisionId: string; timestep: number; policy: DecisionPolicy },
): PendingDecisionData {
  const book = state.books[index]!;
  const m = bookMetrics(state, index);
  const deadline = ctx.timestep + ctx.policy.deadlineSteps;
  const common = {
    decision_id: ctx.decisionId,
    entity_id: book.id,
    timestep: ctx.timestep,
    deadline_timestep: deadline,
    deadline_at: null,
    default_choice: 'recommended' as const,
    pauses_simulation: ctx.policy.pauseOnDecision,
  };
  if (trigger === 'high_npa') {
    const nplValue = book.nplQty * state.prices.corporate_loans;
    return {
      ...common,
      title: 'Risk Alert: High NPA Levels',
      description:
        `Your NPA ratio has exceeded ${percent(ctx.policy.npaThreshold)} (now ${percent(m.npaRatio)}). ` +
        `Non-performing loans of ${money(nplValue)}M weigh on ${book.name}'s capital ` +
        `(capital ratio ${percent(m.capitalRatio)}). Decide by timestep ${deadline}.`,
      recommended_action: action(state, index, {
        kind: 'sell_npl',
        label: 'Sell non-performing loans',
        description: `Sell ${NPL_SALE_SHARE * 100}% of the non-performing loans (${money(nplValue * NPL_SALE_SHARE)}M) to a distressed-debt buyer at ${NPL_SALE_PRICE * 100}% of book value.`,
        params: { share: NPL_SALE_SHARE, price: NPL_SALE_PRICE },
      }),
      alternative_action: action(state, index, {
        kind: 'hold',
        label: 'Hold and work out',
        description:
          'Keep the loans and work them out over time: no loss today, but NPA stays high and further losses may follow.',
        params: {},
      }),
    };
  }
  const amount = money(Math.max(0.02 * m.riskWeighted, CAPITAL_TARGET * m.riskWeighted - m.equity));
  return {
    ...common,
    title: 'Risk Alert: Capital Ratio Below Minimum',
    description:
      `Your capital ratio has fallen below ${percent(CAPITAL_FLOOR)} (now ${percent(m.capitalRatio)}). ` +
      `${book.name} needs ${amount}M to get back to ${percent(CAPITAL_TARGET)}. Decide by timestep ${deadline}.`,
    recommended_action: action(state, index, {
      kind: 'raise_capital',
      label: 'Raise capital',
      description: `Issue ${amount}M of new equity to restore the capital ratio to ${percent(CAPITAL_TARGET)}.`,
      params: { amount },
    }),
    alternative_action: action(state, index, {
      kind: 'sell_assets',
      label: 'Sell risky assets',
      description: `Sell ${ASSET_SALE_SHARE * 100}% of equities and real estate at market to cut risk-weighted assets; the sales push prices down.`,
      params: { share: ASSET_SALE_SHARE },
    }),
  };
}
