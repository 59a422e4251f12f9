import type { EntityBook } from './balanceSheet.js';
import { createMarket, type MarketState, zeroNetwork } from './market.js';
import { createPrng, deriveSeed } from './prng.js';
import { book, bankName, entityId, fundName } from './setup.js';

/** What the Gai–Kapadia market needs from the engine config. */
export interface ErdosRenyiOptions {
  seed: number;
  banks: number;
  funds: number;
  meanDegree: number;
  interbankShare: number;
  /** Equity share of every bank; null draws it per bank, 6–16 %. */
  capitalShare: number | null;
}

/** Total assets of every bank before interbank borrowing beyond its size (millions). */
export const UNIFORM_BANK_SIZE = 1_000;
/** Size of each fund's portfolio (millions); funds hold no bank debt in this network. */
const FUND_SIZE = 800;

/**
 * Draw the directed Erdős–Rényi network: each ordered pair of banks (lender, borrower) is a loan
 * with probability `meanDegree / (banks − 1)`, one uniform per pair in a fixed order. Returns each
 * lender's borrowers.
 */
function drawLoans(options: ErdosRenyiOptions, seed: number): number[][] {
  const rng = createPrng(seed);
  const n = options.banks;
  const p = n > 1 ? options.meanDegree / (n - 1) : 0;
  const borrowers: number[][] = [];
  for (let lender = 0; lender < n; lender += 1) {
    const list: number[] = [];
    for (let borrower = 0; borrower < n; borrower += 1) {
      if (rng.next() < p && lender !== borrower) list.push(borrower);
    }
    borrowers.push(list);
  }
  return borrowers;
}

/**
 * Build the timestep-0 market of Gai & Kapadia (2010): identical banks of 1,000M whose
 * interbank assets (`interbankShare` of assets) are spread evenly over their loans; the rest of
 * the assets are corporate loans (a bank that lends to nobody holds only those). Interbank
 * liabilities follow from the network; equity is `capitalShare` of assets; deposits are the
 * rest. A bank that borrows more than its size allows holds the excess in sovereign bonds with no
 * deposits, so its capital and interbank assets keep their share of its nominal size.
 *
 * @example
 * createErdosRenyiMarket({ seed: 7, banks: 1000, funds: 0, meanDegree: 4, interbankShare: 0.2, capitalShare: 0.04 });
 */
export function createErdosRenyiMarket(options: ErdosRenyiOptions): MarketState {
  const rng = createPrng(deriveSeed(options.seed, 1));
  const lendsTo = drawLoans(options, deriveSeed(options.seed, 4));
  const nb = options.banks;
  const n = nb + options.funds;
  const owed = zeroNetwork(n);
  const size = UNIFORM_BANK_SIZE;
  const interbank = options.interbankShare * size;
  const borrowed = new Array<number>(nb).fill(0);
  for (let lender = 0; lender < nb; lender += 1) {
    const borrowers = lendsTo[lender]!;
    for (const borrower of borrowers) {
      owed[borrower]![lender] = interbank / borrowers.length;
      borrowed[borrower] = borrowed[borrower]! + interbank / borrowers.length;
    }
  }
  const books: EntityBook[] = [];
  for (let i = 0; i < nb; i += 1) {
    const lends = lendsTo[i]!.length > 0;
    const b = book(i, entityId('bank', i + 1), 'bank', bankName(i), {
      real_estate: 0,
      equities: 0,
      sovereign_bonds: 0,
      corporate_loans: lends ? size - interbank : size,
    });
    const capital = (options.capitalShare ?? 0.06 + 0.1 * rng.next()) * size;
    const deposits = size - capital - borrowed[i]!;
    if (deposits < 0) b.qty.sovereign_bonds = -deposits;
    b.deposits = Math.max(0, deposits);
    b.initialAssets = size + b.qty.sovereign_bonds;
    books.push(b);
  }
  for (let f = 0; f < options.funds; f += 1) {
    const qty = {
      real_estate: FUND_SIZE * 0.1,
      equities: FUND_SIZE * 0.4,
      sovereign_bonds: FUND_SIZE * 0.3,
      corporate_loans: FUND_SIZE * 0.2,
    };
    const fund = book(nb + f, entityId('fund', f + 1), 'fund', fundName(f), qty);
    fund.initialAssets = FUND_SIZE;
    books.push(fund);
  }
  return createMarket(books, owed);
}
