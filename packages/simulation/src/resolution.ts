import { CLASSES, RISKY_CLASSES } from './balanceSheet.js';
import { type ClearingResult, clearingVector, receivedSparse, sparseClaims } from './clearing.js';
import { bookMetrics, interbankLiabilitiesOf, type MarketState, owedChanged } from './market.js';
import type { DefaultRule, DepositSeniority } from './types.js';

/** Classes a defaulter's estate sells into the market (loans are transferred, not traded). */
export const ESTATE_SALE_CLASSES = ['equities', 'real_estate'] as const;

export type DefaultCause = 'insolvency' | 'contagion' | 'liquidity';

export interface DefaultRecord {
  index: number;
  cause: DefaultCause;
  /** Interbank claims on this entity that were not paid (Σ nominal − clearing payment). */
  creditorLosses: number;
}

/** How defaults are found and settled (the engine config's fields of the same names). */
export interface ResolutionRules {
  recoveryRate: number;
  depositSeniority: DepositSeniority;
  interbankRecovery: number | null;
  defaultAt: DefaultRule;
  solvencyTolerance: number;
}

/** One clearing of the alive entities: its inputs (by position among the alive) and result. */
interface Clearing {
  alive: number[];
  /** Read only: it may be the market's own network. */
  liabilities: ReadonlyArray<ArrayLike<number>>;
  externalAssets: number[];
  liquidationValues: number[];
  deposits: number[];
  equityBefore: number[];
  totalOwed: number[];
  result: ClearingResult;
}

/**
 * The clearing's default line (a bank fails at equity ≤ it): +margin when exhausting capital is
 * default; below −margin when only a loss beyond capital is (the smallest negative double when
 * the margin is 0, so that equity exactly 0 survives).
 */
function clearingTolerance(rules: ResolutionRules): number {
  const margin = rules.solvencyTolerance;
  return rules.defaultAt === 'capital-exhausted' ? margin : -Math.max(margin, Number.MIN_VALUE);
}

function clearAlive(
  state: MarketState,
  alive: number[],
  illiquid: ReadonlySet<number>,
  rules: ResolutionRules,
): Clearing {
  // While nobody has defaulted yet the alive are everyone: the network itself is the matrix.
  const liabilities =
    alive.length === state.owed.length
      ? state.owed
      : alive.map((i) => alive.map((j) => state.owed[i]![j]!));
  const externalAssets: number[] = [];
  const liquidationValues: number[] = [];
  const deposits: number[] = [];
  const equityBefore: number[] = [];
  for (const i of alive) {
    const mt = bookMetrics(state, i);
    externalAssets.push(mt.external);
    let liquidation = mt.assets.sovereign_bonds;
    for (const c of RISKY_CLASSES) liquidation += mt.assets[c] * rules.recoveryRate;
    liquidationValues.push(liquidation);
    deposits.push(mt.deposits);
    equityBefore.push(mt.equity);
  }
  const senior = rules.depositSeniority === 'senior';
  const tolerance = clearingTolerance(rules);
  const result = clearingVector({
    liabilities,
    externalAssets,
    liquidationValues,
    ...(senior ? { seniorLiabilities: deposits } : { externalLiabilities: deposits }),
    forcedDefaults: alive.map((i) => illiquid.has(i)),
    ...(rules.interbankRecovery === null ? {} : { interbankRecovery: rules.interbankRecovery }),
    ...(tolerance !== 0 ? { tolerance } : {}),
  });
  const totalOwed = alive.map((i) => interbankLiabilitiesOf(state, i));
  return {
    alive,
    liabilities,
    externalAssets,
    liquidationValues,
    deposits,
    equityBefore,
    totalOwed,
    result,
  };
}

/**
 * Book a defaulter's estate in the ledger and close its books. Its estate (liquidation value
 * plus what it received) goes to depositors and interbank creditors by the seniority rule; what a
 * recovery cap withholds from the creditors is lost (a bankruptcy cost); any surplus goes to the
 * shareholders, outside the system.
 */
function settleDefaulter(
  state: MarketState,
  clearing: Clearing,
  a: number,
  received: number,
  rules: ResolutionRules,
): void {
  const book = state.books[clearing.alive[a]!]!;
  const deposits = clearing.deposits[a]!;
  const owed = clearing.totalOwed[a]!;
  const payment = clearing.result.payments[a]!;
  const realized = clearing.liquidationValues[a]! + received;
  const owedTotal = owed + deposits;
  let depositorsPaid: number;
  let estatePaid = payment;
  if (rules.depositSeniority === 'senior') {
    depositorsPaid = Math.min(deposits, Math.max(0, realized));
    estatePaid = Math.min(owed, Math.max(0, realized - deposits));
  } else {
    // Depositors rank pari passu with interbank creditors (Eisenberg–Noe).
    depositorsPaid =
      owedTotal > 0 ? Math.min(deposits, (Math.max(0, realized) * deposits) / owedTotal) : 0;
    if (rules.interbankRecovery !== null && owedTotal > 0)
      estatePaid = Math.min(owed, (Math.max(0, realized) * owed) / owedTotal);
  }
  if (rules.interbankRecovery === null) estatePaid = payment;
  state.flows.depositorLosses += deposits - depositorsPaid;
  state.flows.shareholderPayouts -= Math.max(0, realized - deposits - estatePaid);
  state.flows.bankruptcyCosts -= clearing.externalAssets[a]! - clearing.liquidationValues[a]!;
  if (estatePaid > payment) state.flows.bankruptcyCosts -= estatePaid - payment;
  // The resolution authority sells the estate's securities and property over the next steps
  // (see applyFireSaleImpact); its loan book goes to a resolution fund outside the system
  // at the recovery value, not through the market.
  for (const c of ESTATE_SALE_CLASSES) state.estateBacklog[c] += Math.max(0, book.qty[c]);
  for (const c of CLASSES) book.qty[c] = 0;
  book.nplQty = 0;
  book.deposits = 0;
  book.alive = false;
}

/** A survivor is paid its share of what each defaulter pays and pays its own debts to them in full. */
function settleSurvivor(
  state: MarketState,
  clearing: Clearing,
  a: number,
  defaulters: ReadonlyArray<number>,
): void {
  const { liabilities, totalOwed, result } = clearing;
  let cashIn = 0;
  let cashOut = 0;
  for (const b of defaulters) {
    const ratio = totalOwed[b]! > 0 ? result.payments[b]! / totalOwed[b]! : 0;
    cashIn += liabilities[b]![a]! * ratio;
    cashOut += liabilities[a]![b]!;
  }
  const book = state.books[clearing.alive[a]!]!;
  book.qty.sovereign_bonds += (cashIn - cashOut) / state.prices.sovereign_bonds;
}

/**
 * Find this step's defaults with one clearing of the whole network and settle them.
 *
 * Every alive entity takes part. The clearing (Eisenberg–Noe with a Rogers–Veraart discount:
 * a defaulter's risky assets realize `recoveryRate` of market value, sovereign bonds full value;
 * deposits rank pari passu with interbank debt or ahead of it, by `depositSeniority`; an
 * `interbankRecovery` caps what creditors get) decides who defaults and what each defaulter pays.
 * Settlement then moves real money: surviving debtors of a defaulter pay it in full out of
 * sovereign bonds (an overdraft if needed, covered later by sales); each estate is shared between
 * its depositors and its interbank creditors (in sovereign bonds); creditors write off the rest
 * of their claims; the estate's risky assets are sold into the market and its books closed.
 *
 * @example
 * const defaults = resolveDefaults(state, 12, new Set([3]), { recoveryRate: 0.4, depositSeniority: 'pari-passu', interbankRecovery: null, defaultAt: 'capital-exhausted', solvencyTolerance: 0 });
 */
export function resolveDefaults(
  state: MarketState,
  timestep: number,
  illiquid: ReadonlySet<number>,
  rules: ResolutionRules,
): DefaultRecord[] {
  const alive = state.books.filter((b) => b.alive).map((b) => b.index);
  const m = alive.length;
  if (m === 0) return [];
  const clearing = clearAlive(state, alive, illiquid, rules);
  const { liabilities, totalOwed, result } = clearing;
  if (!result.defaulted.some(Boolean)) return [];

  // What each alive entity receives on its claims at the clearing vector.
  const claims = sparseClaims(liabilities);
  const received = receivedSparse(claims, totalOwed, result.payments);
  const defaulters = alive.map((_, a) => a).filter((a) => result.defaulted[a]);

  const records: DefaultRecord[] = [];
  for (let a = 0; a < m; a += 1) {
    const i = alive[a]!;
    if (!result.defaulted[a]) {
      settleSurvivor(state, clearing, a, defaulters);
      continue;
    }
    settleDefaulter(state, clearing, a, received[a]!, rules);
    state.books[i]!.defaultedAt = timestep;
    records.push({
      index: i,
      cause: illiquid.has(i)
        ? 'liquidity'
        : clearing.equityBefore[a]! <= 0
          ? 'insolvency'
          : 'contagion',
      creditorLosses: Math.max(0, totalOwed[a]! - result.payments[a]!),
    });
  }
  // Close every claim to or from a defaulter: they are settled above. Claims between the alive
  // and the already dead are zero, so only the alive's positive claims need looking at.
  for (let a = 0; a < m; a += 1) {
    const row = state.owed[alive[a]!]!;
    if (result.defaulted[a]) row.fill(0);
    else for (const b of claims.creditors[a]!) if (result.defaulted[b]) row[alive[b]!] = 0;
  }
  owedChanged(state);
  return records;
}
