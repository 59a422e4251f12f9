import type { Projection } from './networkCanvas.js';
import type { NetworkLink } from './networkModel.js';

/** How long a default takes to travel along a claim. */
export const PULSE_MS = 1_200;

/**
 * At most this many claims animate per step (the largest losses first): a step in which a
 * hundred banks default still animates as a handful of dozens of dots, not thousands.
 */
export const MAX_PULSES_PER_STEP = 48;

/** Radius of a dot in flight (CSS pixels). */
const DOT_RADIUS = 3.5;

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

/** One dot in flight: from the defaulter to the creditor, in CSS pixels. */
interface Pulse {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  started: number;
}

/**
 * Defaults in flight: dots moving from the defaulter (borrower) to the creditor that takes the
 * loss (lender), painted on a canvas of their own, and only while any is in flight. A frame
 * then costs one small path fill; a step that launches dozens of them adds only array entries
 * (dots as DOM elements with Web Animations cost ~0.2 ms each to create and restyle, all in
 * the frame the step arrives — the one a frame budget is lost in).
 *
 * @example
 * const pulses = createPulses();
 * pulses.launch(pulseLinks(hits), points, performance.now());
 * requestAnimationFrame((now) => pulses.paint(ctx, now, '#b91c1c'));
 */
export function createPulses() {
  let flying: Pulse[] = [];
  /** Whether the canvas holds dots that must be cleared. */
  let shown = false;
  return {
    /** Whether dots are in flight (the view keeps requesting frames while they are). */
    get active(): boolean {
      return flying.length > 0 || shown;
    },
    launch(links: readonly NetworkLink[], points: Projection, now: number): void {
      for (const link of links) {
        const from = points.get(link.target);
        const to = points.get(link.source);
        if (from && to) flying.push({ x0: from.x, y0: from.y, x1: to.x, y1: to.y, started: now });
      }
    },
    /** Drop every dot (the picture moved or was resized: their paths no longer hold). */
    clear(): void {
      flying = [];
    },
    /**
     * Paint the dots where they are at `now` on a cleared canvas (`ctx` already scaled to CSS
     * pixels); returns how many were painted.
     */
    paint(ctx: CanvasRenderingContext2D, now: number, color: string): number {
      flying = flying.filter((p) => now - p.started < PULSE_MS);
      shown = flying.length > 0;
      if (!shown) return 0;
      ctx.fillStyle = color;
      ctx.beginPath();
      for (const p of flying) {
        const t = Math.max(0, (now - p.started) / PULSE_MS);
        const x = p.x0 + (p.x1 - p.x0) * t;
        const y = p.y0 + (p.y1 - p.y0) * t;
        ctx.moveTo(x + DOT_RADIUS, y);
        ctx.arc(x, y, DOT_RADIUS, 0, Math.PI * 2);
      }
      ctx.fill();
      return flying.length;
    },
  };
}

export type Pulses = ReturnType<typeof createPulses>;
