import type { EngineEvent, EntityDefaultData, Exposure } from '@simstream/protocol';
import { money } from './balanceSheet.js';
import type { MarketState } from './market.js';

/**
 * The exposure network as the wire shows it: every claim the market started with, in a fixed
 * order, open ones with their amounts and closed ones with when and how they closed. The market
 * itself zeroes a defaulter's claims (`owed`); this keeps the history a snapshot needs to show
 * which claims a default hit and what its creditors lost.
 */
export interface ExposureNetwork {
  /**
   * Claims in the order the market holds them (debtor-major). Each claim object is frozen and
   * shared by every snapshot until it closes (then replaced by a new one), so a snapshot costs an
   * array copy and a diff of two snapshots is mostly identity checks — even at 50,000 claims.
   */
  readonly claims: Readonly<Exposure>[];
}

/**
 * The network of a market at its start: one open claim per non-zero `owed` entry.
 *
 * @example
 * const network = createExposureNetwork(market);
 * network.claims[0]; // { lender: 'BANK_004', borrower: 'BANK_001', amount: 31.9 }
 */
export function createExposureNetwork(state: MarketState): ExposureNetwork {
  const claims: Exposure[] = [];
  state.owed.forEach((row, debtor) => {
    row.forEach((amount, creditor) => {
      if (amount > 0)
        claims.push(
          Object.freeze({
            lender: state.books[creditor]!.id,
            borrower: state.books[debtor]!.id,
            amount: money(amount),
          }),
        );
    });
  });
  return { claims };
}

/**
 * Close the claims this step's defaults hit: a claim on a defaulter is written off for its
 * share of the defaulter's unpaid interbank debt (`creditorLosses` pro rata to the amounts
 * owed, as the clearing pays creditors), a claim held by a defaulter is settled (its debtor
 * repays the estate in full). A claim between two defaulters counts as written off.
 *
 * Read from the step's `entity_default` events, so it follows whatever the market decided.
 *
 * @example
 * closeDefaulted(network, stepMarket(market, step), t);
 */
export function closeDefaulted(
  network: ExposureNetwork,
  events: readonly EngineEvent[],
  timestep: number,
): void {
  const defaults = events.flatMap((e): EntityDefaultData[] =>
    e.type === 'entity_default' ? [e.data] : [],
  );
  if (defaults.length === 0) return;
  const losses = new Map(defaults.map((d) => [d.entity_id, d.creditor_losses ?? 0]));
  const owedBy = new Map<string, number>();
  for (const claim of network.claims) {
    if (claim.status === undefined && losses.has(claim.borrower))
      owedBy.set(claim.borrower, (owedBy.get(claim.borrower) ?? 0) + claim.amount);
  }
  network.claims.forEach((claim, i) => {
    if (claim.status !== undefined) return;
    const lost = losses.get(claim.borrower);
    if (lost !== undefined) {
      const owed = owedBy.get(claim.borrower) ?? 0;
      const loss = money(owed > 0 ? Math.min(claim.amount, (claim.amount * lost) / owed) : 0);
      network.claims[i] = Object.freeze({
        ...claim,
        status: 'written_off',
        closed_at: timestep,
        loss,
      });
    } else if (losses.has(claim.lender)) {
      network.claims[i] = Object.freeze({
        ...claim,
        status: 'settled',
        closed_at: timestep,
        loss: 0,
      });
    }
  });
}

/** The network for a snapshot: a fresh list (callers may keep it) of the shared, frozen claims. */
export function exposureSnapshot(network: ExposureNetwork): Exposure[] {
  return network.claims.slice();
}
