/** Input of an interbank clearing: who owes whom, and what each participant owns outside the network. */
export interface ClearingInput {
  /** `liabilities[i][j]`: nominal amount participant `i` owes participant `j` (≥ 0). */
  liabilities: ReadonlyArray<ArrayLike<number>>;
  /** Going-concern value of each participant's external (non-interbank) assets. */
  externalAssets: ReadonlyArray<number>;
  /**
   * Value the external assets realize if the participant defaults (liquidation at a discount,
   * Rogers–Veraart). Defaults to `externalAssets` — plain Eisenberg–Noe.
   */
  liquidationValues?: ReadonlyArray<number>;
  /** Liabilities senior to interbank debt (deposits); paid first out of a defaulter's estate. */
  seniorLiabilities?: ReadonlyArray<number>;
  /**
   * External liabilities ranking pari passu with interbank debt (deposits in the original
   * Eisenberg–Noe model): a defaulter splits what it has between them and its interbank
   * creditors in proportion to the amounts owed.
   */
  externalLiabilities?: ReadonlyArray<number>;
  /** Participants in default whatever their balance sheet says (e.g. a failed deposit run). */
  forcedDefaults?: ReadonlyArray<boolean>;
  /**
   * Most a defaulter pays its interbank creditors, as a share of what it owes them (0 = zero
   * recovery, as in Gai–Kapadia). Without it a defaulter pays what its estate allows.
   */
  interbankRecovery?: number;
  /** Equity after clearing at or below this counts as default (rounding noise). Default 0. */
  tolerance?: number;
}

export interface ClearingResult {
  /** What each participant pays in total on its interbank liabilities (≤ its nominal total). */
  payments: number[];
  /** Whether each participant is in default at the clearing vector. */
  defaulted: boolean[];
  /** Fixed-point iterations used (for diagnostics). */
  iterations: number;
}

const TOLERANCE = 1e-10;
const MAX_ITERATIONS = 100_000;

/**
 * The greatest clearing vector of an interbank network (Eisenberg–Noe 2001, with the
 * Rogers–Veraart 2013 liquidation discount when `liquidationValues` are given).
 *
 * Participant `i` pays in full when its external assets plus what it receives, minus its senior
 * and external liabilities, cover what it owes (equity after clearing > 0); otherwise it is in
 * default and its estate — `liquidationValue + received − senior`, floored at 0 — is shared
 * between its external and interbank liabilities in proportion to their size; the interbank part
 * goes to its interbank creditors pro rata to their claims. Starting from full payment and iterating
 * the (monotone) payment map converges from above to the greatest fixed point, the standard choice.
 *
 * @example
 * // A owes B 10; A has 4 outside, B owes nobody.
 * clearingVector({ liabilities: [[0, 10], [0, 0]], externalAssets: [4, 0] }).payments; // [4, 0]
 */
export function clearingVector(input: ClearingInput): ClearingResult {
  const { liabilities, externalAssets } = input;
  const n = externalAssets.length;
  const liquidation = input.liquidationValues ?? externalAssets;
  const senior = input.seniorLiabilities ?? new Array<number>(n).fill(0);
  const external = input.externalLiabilities ?? new Array<number>(n).fill(0);
  const forced = input.forcedDefaults ?? new Array<boolean>(n).fill(false);
  const tolerance = input.tolerance ?? 0;
  const recovery = input.interbankRecovery;
  const claims = sparseClaims(liabilities);
  const totalOwed = claims.totals;

  let payments = totalOwed.slice();
  let defaulted = new Array<boolean>(n).fill(false);
  let iterations = 0;
  while (iterations < MAX_ITERATIONS) {
    iterations += 1;
    const received = receivedSparse(claims, totalOwed, payments);
    const nextDefaulted = new Array<boolean>(n);
    const next = new Array<number>(n);
    let change = 0;
    for (let i = 0; i < n; i += 1) {
      const owed = totalOwed[i] ?? 0;
      const inflow = received[i] ?? 0;
      const ext = external[i] ?? 0;
      const goingConcern = (externalAssets[i] ?? 0) + inflow - (senior[i] ?? 0) - ext;
      // Equity after clearing ≤ 0 means default (the engine's rule: default when equity ≤ 0).
      const inDefault = (forced[i] ?? false) || goingConcern - owed <= tolerance;
      nextDefaulted[i] = inDefault;
      const estate = Math.max(0, (liquidation[i] ?? 0) + inflow - (senior[i] ?? 0));
      let pay = inDefault ? Math.min(owed, owed > 0 ? (estate * owed) / (owed + ext) : 0) : owed;
      if (inDefault && recovery !== undefined) pay = Math.min(pay, recovery * owed);
      next[i] = pay;
      change = Math.max(change, Math.abs(pay - (payments[i] ?? 0)));
    }
    payments = next;
    defaulted = nextDefaulted;
    if (change <= TOLERANCE) break;
  }
  return { payments, defaulted, iterations };
}

/**
 * Each debtor's positive claims as parallel creditor/amount lists (in creditor order) and its
 * total debt. Networks are sparse: the clearing then costs the number of loans, not n².
 */
export interface SparseClaims {
  creditors: number[][];
  amounts: number[][];
  totals: number[];
}

/**
 * The sparse form of a liabilities matrix (claims are ≥ 0, so skipping zeros leaves every sum,
 * and the floats, unchanged).
 *
 * @example
 * sparseClaims([[0, 10], [0, 0]]); // { creditors: [[1], []], amounts: [[10], []], totals: [10, 0] }
 */
export function sparseClaims(liabilities: ReadonlyArray<ArrayLike<number>>): SparseClaims {
  const creditors: number[][] = [];
  const amounts: number[][] = [];
  const totals: number[] = [];
  for (const row of liabilities) {
    const who: number[] = [];
    const how: number[] = [];
    let total = 0;
    for (let j = 0; j < row.length; j += 1) {
      const claim = row[j]!;
      if (claim > 0) {
        who.push(j);
        how.push(claim);
        total += claim;
      }
    }
    creditors.push(who);
    amounts.push(how);
    totals.push(total);
  }
  return { creditors, amounts, totals };
}

/**
 * `receivedFrom` over the sparse claims: the same sums in the same order (so the same floats),
 * in time proportional to the number of loans rather than the square of the participants.
 *
 * @example
 * receivedSparse(sparseClaims([[0, 10], [0, 0]]), [10, 0], [4, 0]); // [0, 4]
 */
export function receivedSparse(
  claims: SparseClaims,
  totalOwed: ReadonlyArray<number>,
  payments: ReadonlyArray<number>,
): number[] {
  const n = totalOwed.length;
  const received = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i += 1) {
    const owed = totalOwed[i] ?? 0;
    if (owed <= 0) continue;
    const ratio = (payments[i] ?? 0) / owed;
    const who = claims.creditors[i]!;
    const how = claims.amounts[i]!;
    for (let k = 0; k < who.length; k += 1) {
      const j = who[k]!;
      received[j] = (received[j] ?? 0) + how[k]! * ratio;
    }
  }
  return received;
}

/**
 * What each participant receives when everyone pays `payments`: creditor `j` of `i` gets
 * `payments[i] × liabilities[i][j] / totalOwed[i]` (pro rata).
 *
 * @example
 * receivedFrom([[0, 10], [0, 0]], [10, 0], [4, 0]); // [0, 4]
 */
export function receivedFrom(
  liabilities: ReadonlyArray<ArrayLike<number>>,
  totalOwed: ReadonlyArray<number>,
  payments: ReadonlyArray<number>,
): number[] {
  const n = totalOwed.length;
  const received = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i += 1) {
    const owed = totalOwed[i] ?? 0;
    if (owed <= 0) continue;
    const ratio = (payments[i] ?? 0) / owed;
    const row = liabilities[i] ?? [];
    for (let j = 0; j < n; j += 1) {
      const claim = row[j] ?? 0;
      if (claim > 0) received[j] = (received[j] ?? 0) + claim * ratio;
    }
  }
  return received;
}
