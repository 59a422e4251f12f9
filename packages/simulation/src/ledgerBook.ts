import { emptyFlows, type StepLedger } from './ledger.js';
import { type MarketState, systemEquity } from './market.js';

/**
 * Keeps the ledger of the last step: marks system equity at each snapshot and hands the flows
 * the market accumulated since the previous one to `StepLedger`s.
 *
 * @example
 * const ledger = createLedgerBook(market);
 * ledger.close(1); // after step 1's snapshot
 * ledger.last().flows.returns;
 */
export function createLedgerBook(
  market: MarketState,
  from?: { equityMark: number; last: StepLedger },
) {
  let equityMark = from?.equityMark ?? systemEquity(market);
  let last: StepLedger = from?.last ?? {
    fromTimestep: 0,
    toTimestep: 0,
    equityBefore: equityMark,
    equityAfter: equityMark,
    flows: emptyFlows(),
  };
  return {
    /** Where the books stand, for an engine checkpoint (`from` restores it). */
    state: () => ({ equityMark, last }),
    /** Close the books at `timestep`'s snapshot: its flows become the last ledger. */
    close(timestep: number): void {
      const equityNow = systemEquity(market);
      last = {
        fromTimestep: timestep - 1,
        toTimestep: timestep,
        equityBefore: equityMark,
        equityAfter: equityNow,
        flows: market.flows,
      };
      market.flows = emptyFlows();
      equityMark = equityNow;
    },
    /** A copy of the last step's ledger. */
    last: (): StepLedger => structuredClone(last),
  };
}

export type LedgerBook = ReturnType<typeof createLedgerBook>;
