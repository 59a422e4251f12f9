import type { EngineEvent, ShockInput } from '@simstream/protocol';
import { money } from './balanceSheet.js';
import {
  applyLoanLosses,
  applyReturns,
  applyShock,
  cureLoans,
  earnInterest,
  updateAnchor,
} from './dynamics.js';
import { bookMetrics, type MarketState } from './market.js';
import type { Prng } from './prng.js';
import { applyFireSaleImpact, deleverage } from './distress.js';
import { resolveDefaults } from './resolution.js';
import type { EngineConfig } from './types.js';

/**
 * Apply this step's shocks in order, one `shock_applied` event each. Returns the events and the
 * entities that could not pay a deposit run (they default for lack of liquidity).
 *
 * @example
 * const { events, illiquid } = applyShocks(market, [crash], 11);
 */
export function applyShocks(
  market: MarketState,
  shocks: ReadonlyArray<ShockInput>,
  timestep: number,
): { events: EngineEvent[]; illiquid: Set<number> } {
  const events: EngineEvent[] = [];
  const illiquid = new Set<number>();
  for (const shock of shocks) {
    for (const i of applyShock(market, shock)) illiquid.add(i);
    events.push({
      type: 'shock_applied',
      data: {
        shock_type: shock.shock_type,
        target: shock.target,
        magnitude: shock.magnitude,
        timestep,
      },
    });
  }
  return { events, illiquid };
}

/**
 * Clear the network once and settle this step's defaults, one `entity_default` event each
 * (in entity order).
 *
 * @example
 * events.push(...clearDefaults(market, 12, illiquid, config));
 */
export function clearDefaults(
  market: MarketState,
  timestep: number,
  illiquid: ReadonlySet<number>,
  config: Readonly<EngineConfig>,
): EngineEvent[] {
  return resolveDefaults(market, timestep, illiquid, config).map((record) => {
    const book = market.books[record.index]!;
    return {
      type: 'entity_default',
      data: {
        entity_id: book.id,
        entity_type: book.type,
        timestep,
        cause: record.cause,
        creditor_losses: money(record.creditorLosses),
      },
    };
  });
}

/**
 * Move the market one timestep: shocks (scheduled, then requested), returns, interest, loan
 * losses and cures, one clearing with its defaults, distress sales and the fire-sale impact.
 * Without `marketDynamics` only the shocks and the clearing run (the random stream is not
 * drawn). Returns the `shock_applied` and `entity_default` events in emission order.
 *
 * @example
 * const events = stepMarket(market, { timestep: 11, shocks, rng, config });
 */
export function stepMarket(
  market: MarketState,
  step: {
    timestep: number;
    shocks: ReadonlyArray<ShockInput>;
    rng: Prng;
    config: Readonly<EngineConfig>;
  },
): EngineEvent[] {
  const { timestep, rng, config } = step;
  // Funds de-risk on their drawdown within the step, so their equity is read before anything moves.
  const equityAtStart = market.books.map((b) =>
    b.alive ? bookMetrics(market, b.index).equity : 0,
  );
  const { events, illiquid } = applyShocks(market, step.shocks, timestep);
  if (!config.marketDynamics) {
    events.push(...clearDefaults(market, timestep, illiquid, config));
    return events;
  }
  applyReturns(market, rng);
  earnInterest(market);
  applyLoanLosses(market, rng);
  cureLoans(market);
  events.push(...clearDefaults(market, timestep, illiquid, config));
  deleverage(market, equityAtStart);
  applyFireSaleImpact(market, config.fireSaleImpact);
  updateAnchor(market);
  return events;
}
