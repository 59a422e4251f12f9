/** One line of the benchmark table: a figure of ours next to a baseline from the same run. */
export interface BenchRow {
  section: string;
  metric: string;
  unit: string;
  ours: number;
  /** What the baseline is (e.g. "bare ws"). */
  baselineLabel: string;
  baseline: number;
  /** Human target on the ratio ours/baseline, e.g. "≤ 1.0×"; empty when none. */
  target: string;
  /** Whether the ratio meets the target; null when there is no target. */
  met: boolean | null;
  note?: string;
}

/**
 * ours / baseline, NaN when the baseline is 0, negative (a memory reading lost in noise) or
 * missing.
 *
 * @example
 * ratio(12, 10); // 1.2
 */
export function ratio(ours: number, baseline: number): number {
  return baseline <= 0 || !Number.isFinite(baseline) ? Number.NaN : ours / baseline;
}

/**
 * A row whose target is an upper (`max`) or lower (`min`) bound on the ratio.
 *
 * @example
 * row({ section: 'fan-out', metric: 'CPU', unit: 'µs', ours: 9, baselineLabel: 'ws', baseline: 10 }, { max: 1 });
 */
export function row(
  base: Omit<BenchRow, 'target' | 'met'>,
  bound: { max?: number; min?: number } = {},
): BenchRow {
  const r = ratio(base.ours, base.baseline);
  if (bound.max !== undefined) {
    return { ...base, target: `≤ ${bound.max}×`, met: Number.isFinite(r) && r <= bound.max };
  }
  if (bound.min !== undefined) {
    return { ...base, target: `≥ ${bound.min}×`, met: Number.isFinite(r) && r >= bound.min };
  }
  return { ...base, target: '', met: null };
}

/** Format a figure with about three significant digits. */
export function fmt(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  const abs = Math.abs(value);
  if (abs >= 100_000) return `${(value / 1000).toFixed(0)}k`;
  if (abs >= 1000) return value.toFixed(0);
  if (abs >= 100) return value.toFixed(1);
  if (abs >= 10) return value.toFixed(2);
  return value.toFixed(3);
}

/**
 * Render rows as one aligned plain-text (Markdown-compatible) table.
 *
 * @example
 * console.log(renderTable(rows));
 */
export function renderTable(rows: readonly BenchRow[]): string {
  const header = ['section', 'metric', 'ours', 'baseline', 'ratio', 'target', ''];
  const body = rows.map((r) => {
    const rt = ratio(r.ours, r.baseline);
    return [
      r.section,
      r.note ? `${r.metric} (${r.note})` : r.metric,
      `${fmt(r.ours)} ${r.unit}`,
      `${fmt(r.baseline)} ${r.unit} ${r.baselineLabel}`,
      Number.isFinite(rt) ? `${rt.toFixed(rt < 0.1 ? 3 : 2)}×` : 'n/a',
      r.target,
      r.met === null ? '' : r.met ? 'ok' : 'MISSED',
    ];
  });
  const all = [header, ...body];
  const widths = header.map((_, i) => Math.max(...all.map((cells) => (cells[i] ?? '').length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...body.map(line),
  ].join('\n');
}
