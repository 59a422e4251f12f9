/**
 * Where the system's equity went between two consecutive `simulation_step` snapshots. Interbank
 * claims net to zero inside the system, so system equity = external assets − deposits, and it
 * changes only through the flows below; `equityAfter − equityBefore` must equal their sum.
 */
export interface StepLedger {
  fromTimestep: number;
  toTimestep: number;
  /** Σ equity of all entities (defaulted ones hold nothing) at the previous and this snapshot. */
  equityBefore: number;
  equityAfter: number;
  flows: LedgerFlows;
}

export interface LedgerFlows {
  /** Seeded price returns revaluing holdings. */
  returns: number;
  /** Net interest margin earned on performing loans (positive). */
  netInterest: number;
  /** Seeded loan write-offs (loss given default on loans turning non-performing). */
  loanLosses: number;
  /** Price crashes and credit-loss shocks. */
  shocks: number;
  /** Revaluation from the price impact of fire sales. */
  fireSaleImpact: number;
  /** Value destroyed liquidating defaulted entities' assets below market (negative). */
  bankruptcyCosts: number;
  /** Deposits defaulted entities could not repay: a loss borne outside the system (positive). */
  depositorLosses: number;
  /** Surplus of a liquidated estate paid out to its shareholders, outside the system (negative). */
  shareholderPayouts: number;
  /** New equity raised from outside by decisions (positive). */
  capitalRaised: number;
  /** Losses booked by decisions, e.g. selling loans below book (negative). */
  actionLosses: number;
}

/** Flow names in a fixed order (for sums and reports). */
export const FLOW_NAMES: readonly (keyof LedgerFlows)[] = [
  'returns',
  'netInterest',
  'loanLosses',
  'shocks',
  'fireSaleImpact',
  'bankruptcyCosts',
  'depositorLosses',
  'shareholderPayouts',
  'capitalRaised',
  'actionLosses',
];

/**
 * A ledger with every flow at zero.
 *
 * @example
 * const flows = emptyFlows(); flows.returns += 12.5;
 */
export function emptyFlows(): LedgerFlows {
  return {
    returns: 0,
    netInterest: 0,
    loanLosses: 0,
    shocks: 0,
    fireSaleImpact: 0,
    bankruptcyCosts: 0,
    depositorLosses: 0,
    shareholderPayouts: 0,
    capitalRaised: 0,
    actionLosses: 0,
  };
}

/**
 * Sum of all flows of a ledger.
 *
 * @example
 * totalFlow(engine.ledger().flows); // ≈ equityAfter − equityBefore
 */
export function totalFlow(flows: LedgerFlows): number {
  let sum = 0;
  for (const name of FLOW_NAMES) sum += flows[name];
  return sum;
}
