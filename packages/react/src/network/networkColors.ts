import type { NetworkColors } from './networkCanvas.js';

/**
 * The canvas colours from the kit's CSS variables as they apply at `el` (so a theme on any
 * ancestor applies), with the light theme's values where a variable is missing. Reading
 * computed style costs a style recalculation: the painter caches the result and reads again
 * only when `watchTheme` reports a change.
 *
 * @example
 * const colors = readColors(box); // colors.bands.defaulted === '#6b7280' in the light theme
 */
export function readColors(el: HTMLElement): NetworkColors {
  const style = getComputedStyle(el);
  const v = (name: string, fallback: string) =>
    style.getPropertyValue(`--ss-${name}`).trim() || fallback;
  return {
    bands: {
      strong: v('live', '#16a34a'),
      adequate: v('accent-foreground', '#2563eb'),
      weak: v('reconnecting', '#d97706'),
      critical: v('error', '#dc2626'),
      defaulted: v('offline', '#6b7280'),
    },
    link: v('muted-foreground', '#64748b'),
    writtenOff: v('destructive', '#b91c1c'),
    ring: v('ring', '#2563eb'),
    player: v('foreground', '#111827'),
    label: v('foreground', '#111827'),
    background: v('background', '#ffffff'),
  };
}

/**
 * Calls `onChange` when the theme that applies at `el` may have changed: a `class`, `style`
 * or `data-theme` attribute changed on `el` or one of its ancestors (`.dark`,
 * `[data-theme]`), or the OS switched between light and dark. Returns the unsubscribe.
 *
 * @example
 * const stop = watchTheme(box, () => painter.invalidateColors());
 */
export function watchTheme(el: HTMLElement, onChange: () => void): () => void {
  const stops: Array<() => void> = [];
  if (typeof MutationObserver !== 'undefined') {
    const observer = new MutationObserver((records) => {
      if (records.some((r) => r.target instanceof Node && r.target.contains(el))) onChange();
    });
    observer.observe(el.ownerDocument.documentElement, {
      attributes: true,
      attributeFilter: ['class', 'style', 'data-theme'],
      subtree: true,
    });
    stops.push(() => observer.disconnect());
  }
  if (typeof window !== 'undefined' && typeof window.matchMedia === 'function') {
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    query.addEventListener('change', onChange);
    stops.push(() => query.removeEventListener('change', onChange));
  }
  return () => {
    for (const stop of stops) stop();
  };
}
