import type { Exposure } from './domain.js';

/** Identity of a claim in the network: one lender, one borrower. */
export function exposureKey(exposure: Pick<Exposure, 'lender' | 'borrower'>): string {
  return `${exposure.lender}>${exposure.borrower}`;
}

function sameExposure(a: Exposure, b: Exposure): boolean {
  return (
    a.amount === b.amount &&
    a.status === b.status &&
    a.closed_at === b.closed_at &&
    a.loss === b.loss
  );
}

/**
 * The claims of `next` that differ from `base` (or from any of `alsoAgainst`), each whole —
 * the `exposures` of a `simulation_delta`. Undefined when nothing is to be sent: `next` has no
 * network, or no claim changed. A base without a network gets the whole of `next`'s.
 *
 * @example
 * diffExposures(prev.exposures, next.exposures); // [{ lender: 'BANK_004', borrower: 'BANK_001', amount: 31.9, status: 'written_off', closed_at: 7, loss: 20.1 }]
 */
export function diffExposures(
  base: readonly Exposure[] | undefined,
  next: readonly Exposure[] | undefined,
  alsoAgainst: ReadonlyArray<readonly Exposure[] | undefined> = [],
): Exposure[] | undefined {
  if (next === undefined) return undefined;
  const bases = [base, ...alsoAgainst];
  if (bases.some((b) => b === undefined)) return next.map((e) => ({ ...e }));
  // Claims keep their order (and usually their identity) from step to step: compare by index,
  // and look a claim up by key only where the lists disagree.
  let maps: Map<string, Exposure>[] | null = null;
  const sameIn = (list: readonly Exposure[], i: number, exposure: Exposure, b: number) => {
    const at = list[i];
    if (at === exposure) return true;
    if (at && at.lender === exposure.lender && at.borrower === exposure.borrower)
      return sameExposure(at, exposure);
    maps ??= bases.map((l) => new Map((l ?? []).map((e) => [exposureKey(e), e])));
    const old = maps[b]?.get(exposureKey(exposure));
    return old !== undefined && sameExposure(old, exposure);
  };
  const changed: Exposure[] = [];
  next.forEach((exposure, i) => {
    if (!bases.every((list, b) => sameIn(list ?? [], i, exposure, b)))
      changed.push({ ...exposure });
  });
  return changed.length > 0 ? changed : undefined;
}

/**
 * The network after a delta's changed claims: each replaces the claim with its lender and
 * borrower, or is appended when new. Pure; with no changes the base list is returned as is
 * (same identity), and unchanged claims keep theirs.
 *
 * @example
 * applyExposures(snapshot.exposures, delta.exposures);
 */
export function applyExposures(
  base: readonly Exposure[] | undefined,
  changes: readonly Exposure[] | undefined,
): Exposure[] | undefined {
  if (changes === undefined) return base as Exposure[] | undefined;
  const pending = new Map(changes.map((c) => [exposureKey(c), c]));
  const merged = (base ?? []).map((exposure) => {
    const key = exposureKey(exposure);
    const change = pending.get(key);
    if (!change) return exposure;
    pending.delete(key);
    return { ...change };
  });
  for (const change of pending.values()) merged.push({ ...change });
  return merged;
}
