import type { SimulationSnapshot, SimulationStatus } from '@simstream/protocol';
import { type BookMetrics, money, ratio, toEntityState } from './balanceSheet.js';
import { bookMetrics, type MarketState } from './market.js';

/** Capital ratio at which a bank counts as fully adequate in system health. */
export const HEALTHY_CAPITAL_RATIO = 0.12;

/**
 * System health in [0, 1]: the share of the banking system (weighted by banks' timestep-0
 * total assets) still alive, times the average capital adequacy of the alive banks, where a
 * bank's adequacy is its capital ratio over 12 %, capped at 1. One number that falls both when
 * banks die and when the survivors get thin.
 *
 * @example
 * systemHealth(state); // 0.93
 */
export function systemHealth(
  state: MarketState,
  metrics: ReadonlyArray<BookMetrics> = state.books.map((b) => bookMetrics(state, b.index)),
): number {
  let total = 0;
  let alive = 0;
  let adequacy = 0;
  let aliveBanks = 0;
  for (const book of state.books) {
    if (book.type !== 'bank') continue;
    total += book.initialAssets;
    if (!book.alive) continue;
    alive += book.initialAssets;
    aliveBanks += 1;
    const cr = metrics[book.index]!.capitalRatio;
    adequacy += Math.min(1, Math.max(0, cr / HEALTHY_CAPITAL_RATIO));
  }
  if (aliveBanks === 0 || total <= 0) return 0;
  return Math.min(1, Math.max(0, (alive / total) * (adequacy / aliveBanks)));
}

/**
 * The wire snapshot of the market (rounded; a fresh object every call).
 *
 * @example
 * buildSnapshot(state, { simulationId: 'sim-1', timestep: 3, status: 'running', playerEntityId: 'BANK_001' });
 */
export function buildSnapshot(
  state: MarketState,
  meta: {
    simulationId: string;
    timestep: number;
    status: SimulationStatus;
    playerEntityId: string;
  },
): SimulationSnapshot {
  // One balance sheet per entity serves both the wire form and system health.
  const metrics = state.books.map((book) => bookMetrics(state, book.index));
  const entities = state.books.map((book) => toEntityState(book, metrics[book.index]!));
  return {
    simulation_id: meta.simulationId,
    timestep: meta.timestep,
    status: meta.status,
    system_health: ratio(systemHealth(state, metrics)),
    alive_agents: state.books.filter((b) => b.alive).length,
    total_agents: state.books.length,
    prices: {
      real_estate: ratio(state.prices.real_estate),
      equities: ratio(state.prices.equities),
      sovereign_bonds: ratio(state.prices.sovereign_bonds),
      corporate_loans: ratio(state.prices.corporate_loans),
    },
    player_entity_id: meta.playerEntityId,
    entities,
  };
}

/**
 * The interbank network as a list of exposures (`from` lent `amount` to `to`), rounded.
 *
 * @example
 * exposureList(state)[0]; // { from: 'BANK_004', to: 'BANK_001', amount: 31.9 }
 */
export function exposureList(
  state: MarketState,
): Array<{ from: string; to: string; amount: number }> {
  const list: Array<{ from: string; to: string; amount: number }> = [];
  state.owed.forEach((row, debtor) => {
    row.forEach((amount, creditor) => {
      if (amount > 0)
        list.push({
          from: state.books[creditor]!.id,
          to: state.books[debtor]!.id,
          amount: money(amount),
        });
    });
  });
  return list;
}
