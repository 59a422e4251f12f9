/** Small statistics helpers for the benchmarks (no dependencies). */

/**
 * The q-quantile (0..1) of the values, nearest-rank; NaN when empty.
 *
 * @example
 * quantile([1, 2, 3, 4], 0.5); // 2
 */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

/**
 * The median of the values.
 *
 * @example
 * median([3, 1, 2]); // 2
 */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Bin width of {@link LatencyHistogram}, in ms. */
const BIN_MS = 0.05;
/** Bins up to 20 s; slower arrivals land in the last bin. */
const BINS = 400_000;

/**
 * A mergeable latency histogram (0.05 ms bins): client processes each fill one and the
 * parent sums them, so percentiles over millions of arrivals need no raw samples.
 *
 * @example
 * const h = new LatencyHistogram();
 * h.add(1.2);
 * h.quantile(0.99);
 */
export class LatencyHistogram {
  readonly counts = new Uint32Array(BINS);
  total = 0;

  add(ms: number): void {
    const bin = Math.min(BINS - 1, Math.max(0, Math.floor(ms / BIN_MS)));
    this.counts[bin] = (this.counts[bin] ?? 0) + 1;
    this.total++;
  }

  /** Non-empty bins as `[bin, count]` pairs (compact for IPC). */
  toSparse(): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (let i = 0; i < BINS; i++) {
      const c = this.counts[i] ?? 0;
      if (c > 0) out.push([i, c]);
    }
    return out;
  }

  addSparse(pairs: ReadonlyArray<readonly [number, number]>): void {
    for (const [bin, count] of pairs) {
      this.counts[bin] = (this.counts[bin] ?? 0) + count;
      this.total += count;
    }
  }

  /** Upper edge of the bin holding the q-quantile, in ms. */
  quantile(q: number): number {
    if (this.total === 0) return Number.NaN;
    const target = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let i = 0; i < BINS; i++) {
      seen += this.counts[i] ?? 0;
      if (seen >= target) return (i + 1) * BIN_MS;
    }
    return BINS * BIN_MS;
  }
}
