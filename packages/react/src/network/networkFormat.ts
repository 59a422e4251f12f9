import type { CapitalBand } from './networkModel.js';

/** Millions with a thousands separator: `1234.5` → `1,234.5M`. */
export function formatMillions(value: number): string {
  return `${value.toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 0 })}M`;
}

/** A ratio as a percentage with one decimal: `0.081` → `8.1%`. */
export function formatRatio(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

/** Words for each capital band (the legend and the details). */
export const BAND_LABELS: Record<CapitalBand, string> = {
  strong: 'Capital ≥ 12%',
  adequate: 'Capital 8–12%',
  weak: 'Capital 4–8%',
  critical: 'Capital < 4%',
  defaulted: 'Defaulted',
};

/** Tailwind background class per band (legend swatches; the canvas reads the same tokens). */
export const BAND_SWATCH: Record<CapitalBand, string> = {
  strong: 'bg-ss-live',
  adequate: 'bg-ss-accent-foreground',
  weak: 'bg-ss-reconnecting',
  critical: 'bg-ss-error',
  defaulted: 'bg-ss-offline',
};
