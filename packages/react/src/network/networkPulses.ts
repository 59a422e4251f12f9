import type { Projection } from './networkCanvas.js';
import type { NetworkLink } from './networkModel.js';

/** How long a default takes to travel along a claim. */
export const PULSE_MS = 1_200;

/**
 * At most this many claims animate per step (the largest losses first): a step in which a
 * hundred banks default still animates as a handful of dozens of dots, not thousands.
 */
export const MAX_PULSES_PER_STEP = 48;

/**
 * The claims of a step's defaults worth animating: written off, largest loss first, capped.
 *
 * @example
 * pulseLinks(defaultHits(model, model.timestep).flatMap((h) => h.links));
 */
export function pulseLinks(links: readonly NetworkLink[]): NetworkLink[] {
  return [...links]
    .sort((a, b) => b.loss - a.loss || b.amount - a.amount)
    .slice(0, MAX_PULSES_PER_STEP);
}

/**
 * Animate defaults along claims as dots moving from the defaulter (borrower) to the creditor
 * that takes the loss (lender): one element per dot, moved by a transform animation the
 * compositor runs, so a frame in flight costs the main thread nothing (a canvas repainted
 * every frame would re-upload its whole bitmap each time).
 *
 * @example
 * launchPulses(container, pulseLinks(hits), points, '#b91c1c');
 */
export function launchPulses(
  container: HTMLElement,
  links: readonly NetworkLink[],
  points: Projection,
  color: string,
): void {
  for (const link of links) {
    const from = points.get(link.target);
    const to = points.get(link.source);
    if (!from || !to) continue;
    const dot = container.ownerDocument.createElement('span');
    dot.style.cssText = `position:absolute;left:-3.5px;top:-3.5px;width:7px;height:7px;border-radius:50%;background:${color};will-change:transform`;
    container.append(dot);
    const animation = dot.animate(
      [
        { transform: `translate(${from.x}px, ${from.y}px)` },
        { transform: `translate(${to.x}px, ${to.y}px)` },
      ],
      { duration: PULSE_MS, easing: 'linear' },
    );
    const remove = () => dot.remove();
    animation.addEventListener('finish', remove);
    animation.addEventListener('cancel', remove);
  }
}
