import type { AssetAmounts } from '@simstream/protocol';
import type { EntityBook } from './balanceSheet.js';
import { createMarket, type MarketState, zeroNetwork } from './market.js';
import { createPrng, deriveSeed, type Prng } from './prng.js';

/** What the initial market needs from the engine config. */
export interface SetupOptions {
  seed: number;
  banks: number;
  funds: number;
  density: number;
  playerEntityId: string;
  /** Equity share of every bank; null draws it per bank. */
  capitalShare: number | null;
}

const BANK_PREFIXES = [
  'Atlas',
  'Harbor',
  'Summit',
  'Pioneer',
  'Meridian',
  'Crown',
  'Granite',
  'Beacon',
  'Northgate',
  'Riverside',
  'Keystone',
  'Oakmont',
  'Silverline',
  'Union',
  'Highland',
];
const BANK_SUFFIXES = ['Bank', 'Savings', 'Trust', 'Capital', 'Bancorp'];
const FUND_NAMES = [
  'Blackwater',
  'Evergreen',
  'Polaris',
  'Cedar',
  'Lighthouse',
  'Aurora',
  'Tidewater',
];

/**
 * Entity id from a type and a 1-based number, zero-padded to 3 digits.
 *
 * @example
 * entityId('bank', 1); // 'BANK_001'
 */
export function entityId(type: 'bank' | 'fund', n: number): string {
  return `${type.toUpperCase()}_${String(n).padStart(3, '0')}`;
}

export function bankName(i: number): string {
  const base = `${BANK_PREFIXES[i % BANK_PREFIXES.length]} ${BANK_SUFFIXES[Math.floor(i / BANK_PREFIXES.length) % BANK_SUFFIXES.length]}`;
  const round = Math.floor(i / (BANK_PREFIXES.length * BANK_SUFFIXES.length));
  return round > 0 ? `${base} ${round + 1}` : base;
}

export function fundName(i: number): string {
  const round = Math.floor(i / FUND_NAMES.length);
  const base = `${FUND_NAMES[i % FUND_NAMES.length]} Fund`;
  return round > 0 ? `${base} ${round + 1}` : base;
}

/** Largest interbank loan to one borrower, as a share of the lender's equity (Basel: 25 %). */
export const LARGE_EXPOSURE_LIMIT = 0.25;

/** Balance-sheet shares fixed for the player's bank (its NPA starts at 6.5 %). */
export const PLAYER_PROFILE = Object.freeze({ realEstate: 0.25, equity: 0.09 });

/** Lognormal size around `median`, clamped so no draw makes a bank absurdly small or large. */
function drawSize(rng: Prng, median: number, spread: number): number {
  return Math.min(median * 5, Math.max(median / 4, median * Math.exp(spread * rng.normal())));
}

export function book(
  index: number,
  id: string,
  type: 'bank' | 'fund',
  name: string,
  qty: AssetAmounts,
): EntityBook {
  return {
    index,
    id,
    type,
    name,
    alive: true,
    defaultedAt: null,
    qty,
    nplQty: 0,
    deposits: 0,
    initialAssets: 0,
  };
}

/**
 * Draw the `scaled` network into `owed`: each ordered pair of banks linked with probability
 * `density`, the loan scaling with both sizes (big banks are the hubs) under the large-exposure
 * limit; then each fund's bonds of three banks. Two uniforms per bank pair, two per fund bond, in
 * a fixed order (the seed's network depends on it).
 */
function drawScaledNetwork(
  rng: Prng,
  owed: Float64Array[],
  options: SetupOptions,
  sizes: readonly number[],
  equityTargets: readonly number[],
): void {
  // Bank-to-bank loans: the amount scales with both sizes, so big banks are the hubs.
  for (let lender = 0; lender < options.banks; lender += 1) {
    for (let borrower = 0; borrower < options.banks; borrower += 1) {
      if (lender === borrower) continue;
      const linked = rng.next() < options.density;
      const scale = 0.5 + rng.next();
      // Large-exposure limit: no single interbank loan above a share of the lender's equity.
      const limit = LARGE_EXPOSURE_LIMIT * equityTargets[lender]! * sizes[lender]!;
      if (linked)
        owed[borrower]![lender] = Math.min(
          limit,
          0.04 * scale * Math.sqrt(sizes[lender]! * sizes[borrower]!),
        );
    }
  }
  // Funds hold bank bonds: each lends ~5 % of its size to each of three banks.
  if (options.banks > 0) {
    for (let f = 0; f < options.funds; f += 1) {
      const lender = options.banks + f;
      for (let k = 0; k < 3; k += 1) {
        const borrower = Math.floor(rng.next() * options.banks);
        owed[borrower]![lender] =
          owed[borrower]![lender]! + 0.05 * (0.5 + rng.next()) * sizes[lender]!;
      }
    }
  }
}

/**
 * Build the timestep-0 market from the seed: bank and fund balance sheets and the interbank
 * exposure network (bank→bank with probability `density`, fund→bank as bank bonds).
 *
 * Banks: external assets ≈ lognormal around 1,000M split over the four classes, plus interbank
 * loans; funded by deposits, interbank borrowing and 6–16 % equity (`capitalShare` when set). Funds: equity-funded
 * portfolios (mostly equities and bonds) that also hold bank debt. Every price starts at 1.0, so
 * quantities equal values at timestep 0.
 *
 * @example
 * const state = createInitialMarket({ seed: 7, banks: 25, funds: 5, density: 0.2, playerEntityId: 'BANK_001', capitalShare: null });
 */
export function createInitialMarket(options: SetupOptions): MarketState {
  const rng = createPrng(deriveSeed(options.seed, 1));
  const n = options.banks + options.funds;
  const owed = zeroNetwork(n);
  const books: EntityBook[] = [];
  const sizes: number[] = [];
  const equityTargets: number[] = [];

  for (let i = 0; i < options.banks; i += 1) {
    const id = entityId('bank', i + 1);
    const size = drawSize(rng, 1_000, 0.5);
    // Real-estate concentration is skewed: most banks hold 6–20 %, a few mortgage lenders up to
    // 50 %. They are the ones a property crash takes down first.
    const drawnRe = 0.06 + 0.44 * rng.next() ** 2;
    const eq = 0.05 + 0.1 * rng.next();
    const sov = 0.15 + 0.1 * rng.next();
    const player = id === options.playerEntityId;
    const npa = player ? 0.065 : 0.01 + 0.04 * rng.next();
    // Leverage differs a lot between banks: equity 6–16 % of total assets.
    const drawnEquity = 0.06 + 0.1 * rng.next();
    // The player's bank has the same profile on every seed (the draws are still consumed, so
    // the other banks do not depend on who the player is): a mid-sized lender with some
    // property exposure, a thin-ish buffer and high NPA, so the player has decisions to make.
    const re = player ? PLAYER_PROFILE.realEstate : drawnRe;
    equityTargets.push(options.capitalShare ?? (player ? PLAYER_PROFILE.equity : drawnEquity));
    const qty = {
      real_estate: size * re,
      equities: size * eq,
      sovereign_bonds: size * sov,
      corporate_loans: size * (1 - re - eq - sov),
    };
    const b = book(i, id, 'bank', bankName(i), qty);
    b.nplQty = qty.corporate_loans * npa;
    books.push(b);
    sizes.push(size);
  }
  for (let f = 0; f < options.funds; f += 1) {
    const size = drawSize(rng, 800, 0.4);
    const qty = {
      real_estate: size * 0.1,
      equities: size * 0.4,
      sovereign_bonds: size * 0.3,
      corporate_loans: size * 0.2,
    };
    books.push(book(options.banks + f, entityId('fund', f + 1), 'fund', fundName(f), qty));
    sizes.push(size);
  }

  drawScaledNetwork(rng, owed, options, sizes, equityTargets);

  const state = createMarket(books, owed);
  for (const b of books) {
    let lent = 0;
    let borrowed = 0;
    for (let j = 0; j < n; j += 1) {
      lent += owed[j]![b.index]!;
      borrowed += owed[b.index]![j]!;
    }
    const external = () =>
      b.qty.real_estate + b.qty.equities + b.qty.sovereign_bonds + b.qty.corporate_loans;
    if (b.type === 'bank') {
      const target = equityTargets[b.index]!;
      let total = external() + lent;
      // Keep deposits at least 30 % of the balance sheet: a heavy interbank borrower gets
      // extra sovereign bonds (funded by deposits) rather than a negative deposit base.
      const minTotal = borrowed / (1 - target - 0.3);
      if (total < minTotal) {
        b.qty.sovereign_bonds += minTotal - total;
        total = minTotal;
      }
      b.deposits = total - borrowed - target * total;
    }
    b.initialAssets = external() + lent;
  }
  return state;
}
