import type { LayoutNode, NetworkLayout } from './networkLayout.js';
import type { CapitalBand, NetworkLink, NetworkModel } from './networkModel.js';

/** Colours the canvas paints with, read from the kit's CSS variables (so themes apply). */
export interface NetworkColors {
  bands: Record<CapitalBand, string>;
  link: string;
  writtenOff: string;
  ring: string;
  player: string;
  label: string;
  background: string;
}

/** A default travelling along a claim it hit: from the defaulter to its creditor. */
export interface Pulse {
  link: NetworkLink;
  start: number;
}

export const PULSE_MS = 1_200;

/** Fit of layout units into the canvas: `screen = layout × scale + offset`. */
export interface Fit {
  scale: number;
  x: number;
  y: number;
}

/**
 * The transform that fits every node (with its radius) into a width × height box.
 *
 * @example
 * const fit = fitLayout(layout, 640, 360);
 */
export function fitLayout(layout: NetworkLayout, width: number, height: number, padding = 16): Fit {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const n of layout.nodes.values()) {
    minX = Math.min(minX, (n.x ?? 0) - n.r);
    maxX = Math.max(maxX, (n.x ?? 0) + n.r);
    minY = Math.min(minY, (n.y ?? 0) - n.r);
    maxY = Math.max(maxY, (n.y ?? 0) + n.r);
  }
  if (!Number.isFinite(minX)) return { scale: 1, x: width / 2, y: height / 2 };
  const scale = Math.min(
    2.5,
    (width - 2 * padding) / Math.max(1, maxX - minX),
    (height - 2 * padding) / Math.max(1, maxY - minY),
  );
  return {
    scale,
    x: width / 2 - ((minX + maxX) / 2) * scale,
    y: height / 2 - ((minY + maxY) / 2) * scale,
  };
}

export interface DrawInput {
  model: NetworkModel;
  layout: NetworkLayout;
  fit: Fit;
  colors: NetworkColors;
  focusedId: string | null;
  hoveredId: string | null;
  selectedId: string | null;
  pulses: readonly Pulse[];
  now: number;
  width: number;
  height: number;
}

type Point = { x: number; y: number };

/**
 * Paint the network: claims batched by width (one stroke per width), written-off claims of the
 * latest defaults in the warning colour, nodes batched by capital band, then the rings of the
 * player's, the focused, hovered and selected nodes and the pulses of defaults in flight.
 */
export function drawNetwork(ctx: CanvasRenderingContext2D, input: DrawInput): void {
  const { model, layout, fit, colors, width, height } = input;
  const at = (id: string): (Point & { r: number }) | null => {
    const n: LayoutNode | undefined = layout.nodes.get(id);
    if (!n) return null;
    return {
      x: (n.x ?? 0) * fit.scale + fit.x,
      y: (n.y ?? 0) * fit.scale + fit.y,
      r: n.r * Math.min(1.6, Math.max(0.6, fit.scale)),
    };
  };
  ctx.clearRect(0, 0, width, height);
  drawLinks(ctx, model, at, colors);
  drawNodes(ctx, model, at, colors);
  const marks: Array<[string | null, string, number]> = [
    [model.playerId, colors.player, 2.5],
    [input.selectedId, colors.ring, 3],
    [input.hoveredId, colors.ring, 1.5],
    [input.focusedId, colors.ring, 3],
  ];
  ctx.font = '11px ui-sans-serif, system-ui, sans-serif';
  ctx.textAlign = 'center';
  for (const [id, color, lineWidth] of marks) {
    const p = id ? at(id) : null;
    if (!p || !id) continue;
    ctx.beginPath();
    ctx.arc(p.x, p.y, p.r + 3, 0, Math.PI * 2);
    ctx.strokeStyle = color;
    ctx.lineWidth = lineWidth;
    ctx.stroke();
    ctx.fillStyle = colors.label;
    ctx.fillText(model.byId.get(id)?.name ?? id, p.x, p.y - p.r - 7);
  }
  drawPulses(ctx, input.pulses, input.now, at, colors);
}

function drawLinks(
  ctx: CanvasRenderingContext2D,
  model: NetworkModel,
  at: (id: string) => Point | null,
  colors: NetworkColors,
): void {
  const buckets = new Map<number, NetworkLink[]>();
  const recent: NetworkLink[] = [];
  for (const link of model.links) {
    if (link.status === 'written_off' && link.closedAt === model.timestep) recent.push(link);
    if (link.status !== 'open') continue;
    const w = Math.round(link.width * 2) / 2;
    const list = buckets.get(w) ?? [];
    list.push(link);
    buckets.set(w, list);
  }
  ctx.globalAlpha = 0.35;
  ctx.strokeStyle = colors.link;
  for (const [w, links] of buckets) {
    ctx.lineWidth = w;
    ctx.beginPath();
    for (const link of links) segment(ctx, at(link.source), at(link.target));
    ctx.stroke();
  }
  ctx.globalAlpha = 0.8;
  ctx.strokeStyle = colors.writtenOff;
  for (const link of recent) {
    ctx.lineWidth = Math.max(1, link.width);
    ctx.beginPath();
    segment(ctx, at(link.source), at(link.target));
    ctx.stroke();
  }
  ctx.globalAlpha = 1;
}

function segment(ctx: CanvasRenderingContext2D, a: Point | null, b: Point | null): void {
  if (!a || !b) return;
  ctx.moveTo(a.x, a.y);
  ctx.lineTo(b.x, b.y);
}

function drawNodes(
  ctx: CanvasRenderingContext2D,
  model: NetworkModel,
  at: (id: string) => (Point & { r: number }) | null,
  colors: NetworkColors,
): void {
  const bands = new Map<CapitalBand, Array<Point & { r: number }>>();
  for (const node of model.nodes) {
    const p = at(node.id);
    if (!p) continue;
    const list = bands.get(node.band) ?? [];
    list.push(p);
    bands.set(node.band, list);
  }
  for (const [band, points] of bands) {
    ctx.beginPath();
    for (const p of points) {
      ctx.moveTo(p.x + p.r, p.y);
      ctx.arc(p.x, p.y, p.r, 0, Math.PI * 2);
    }
    ctx.fillStyle = colors.bands[band];
    ctx.fill();
    ctx.strokeStyle = colors.background;
    ctx.lineWidth = 1;
    ctx.stroke();
    if (band !== 'defaulted') continue;
    // A cross marks a default, so it reads without colour too.
    ctx.beginPath();
    for (const p of points) {
      const d = p.r * 0.55;
      ctx.moveTo(p.x - d, p.y - d);
      ctx.lineTo(p.x + d, p.y + d);
      ctx.moveTo(p.x + d, p.y - d);
      ctx.lineTo(p.x - d, p.y + d);
    }
    ctx.strokeStyle = colors.background;
    ctx.lineWidth = 1.5;
    ctx.stroke();
  }
}

function drawPulses(
  ctx: CanvasRenderingContext2D,
  pulses: readonly Pulse[],
  now: number,
  at: (id: string) => Point | null,
  colors: NetworkColors,
): void {
  ctx.fillStyle = colors.writtenOff;
  ctx.beginPath();
  for (const pulse of pulses) {
    const t = (now - pulse.start) / PULSE_MS;
    if (t < 0 || t > 1) continue;
    // From the defaulter (borrower) to the creditor that takes the loss (lender).
    const from = at(pulse.link.target);
    const to = at(pulse.link.source);
    if (!from || !to) continue;
    const x = from.x + (to.x - from.x) * t;
    const y = from.y + (to.y - from.y) * t;
    ctx.moveTo(x + 3.5, y);
    ctx.arc(x, y, 3.5, 0, Math.PI * 2);
  }
  ctx.fill();
}
