/**
 * Human formatting shared by the components. Pure functions, no locale state, so what a
 * test asserts is what every viewer sees.
 */

const MINUS = '\u2212';

/**
 * A signed fraction as a percentage: `0.02` → `+2.0%`, `-0.3` → `−30%`.
 *
 * @example
 * formatSignedPercent(-0.3, 0); // '−30%'
 */
export function formatSignedPercent(fraction: number, digits = 1): string {
  const pct = fraction * 100;
  const abs = Math.abs(pct).toFixed(digits);
  if (Number(abs) === 0) return `${Number(0).toFixed(digits)}%`;
  return `${pct < 0 ? MINUS : '+'}${abs}%`;
}

/**
 * `snake_case` domain names as words: `capital_ratio` → `capital ratio`.
 *
 * @example
 * humanize('sovereign_bonds'); // 'sovereign bonds'
 */
export function humanize(name: string): string {
  return name.replaceAll('_', ' ');
}

/**
 * One projected decision effect: ratios (keys ending in `_ratio`, or any |value| < 1) as
 * signed percentages, other amounts as signed millions, and zero as "no change" (a signed
 * "0.0%" reads like a measurement, not like "nothing happens").
 *
 * @example
 * formatEffect('capital_ratio', 0.02); // '+2.0% capital ratio'
 * formatEffect('equity', -7.01); // '−7.01M equity'
 * formatEffect('npa_ratio', 0); // 'no change in npa ratio'
 */
export function formatEffect(name: string, value: number): string {
  if (value === 0) return `no change in ${humanize(name)}`;
  const isFraction = name.endsWith('_ratio') || Math.abs(value) < 1;
  const formatted = isFraction
    ? formatSignedPercent(value)
    : `${value < 0 ? MINUS : '+'}${Math.abs(value).toLocaleString('en-US')}M`;
  return `${formatted} ${humanize(name)}`;
}

/**
 * A duration in whole seconds, minutes or hours: `4_200` → `4s`, `125_000` → `2m 5s`.
 *
 * @example
 * formatDuration(125_000); // '2m 5s'
 */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  if (total < 60) return `${total}s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes}m ${total % 60}s`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

/**
 * Seconds until an epoch time, rounded up so a countdown reads 3, 2, 1 and never shows 0
 * while time remains.
 *
 * @example
 * secondsUntil(10_500, 9_000); // 2
 */
export function secondsUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}
