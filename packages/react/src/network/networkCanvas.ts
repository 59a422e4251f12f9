import type { NetworkLayout } from './networkLayout.js';
import type { CapitalBand, NetworkLink, NetworkModel } from './networkModel.js';
import type { NodeSprites } from './networkSprites.js';

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

/** Fit of layout units into the canvas: `screen = layout × scale + offset`. */
export interface Fit {
  scale: number;
  x: number;
  y: number;
}

/** A node where it is painted: CSS pixels, radius included. */
export interface ScreenPoint {
  x: number;
  y: number;
  r: number;
}

/** Every node's screen point, by id. */
export type Projection = ReadonlyMap<string, ScreenPoint>;

/**
 * The transform that fits every node centre, with `margin` layout units around it (room for
 * the largest node), into a width × height box. Centres only: radii that change with every
 * step do not move the picture.
 *
 * @example
 * const fit = fitLayout(layout, 640, 360, 22);
 */
export function fitLayout(
  layout: NetworkLayout,
  width: number,
  height: number,
  margin = 0,
  padding = 16,
): Fit {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const n of layout.nodes.values()) {
    minX = Math.min(minX, (n.x ?? 0) - margin);
    maxX = Math.max(maxX, (n.x ?? 0) + margin);
    minY = Math.min(minY, (n.y ?? 0) - margin);
    maxY = Math.max(maxY, (n.y ?? 0) + margin);
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

/**
 * Where each node is painted under a fit: radii follow the zoom within bounds, so a dense
 * network stays readable and a sparse one is not ballooned.
 *
 * @example
 * project(layout, fit).get('BANK_001'); // { x: 312.4, y: 120.9, r: 9.1 }
 */
export function project(layout: NetworkLayout, fit: Fit): Projection {
  const zoom = Math.min(1.6, Math.max(0.6, fit.scale));
  const points = new Map<string, ScreenPoint>();
  for (const n of layout.nodes.values())
    points.set(n.id, {
      x: (n.x ?? 0) * fit.scale + fit.x,
      y: (n.y ?? 0) * fit.scale + fit.y,
      r: n.r * zoom,
    });
  return points;
}

function segment(ctx: CanvasRenderingContext2D, a?: ScreenPoint, b?: ScreenPoint): void {
  if (!a || !b) return;
  ctx.moveTo(a.x, a.y);
  ctx.lineTo(b.x, b.y);
}

function strokeByWidth(
  ctx: CanvasRenderingContext2D,
  links: Iterable<NetworkLink>,
  points: Projection,
  extra = 0,
  min = 0,
): void {
  const buckets = new Map<number, NetworkLink[]>();
  for (const link of links) {
    const w = Math.max(min, Math.round(link.width * 2) / 2 + extra);
    const list = buckets.get(w);
    if (list) list.push(link);
    else buckets.set(w, [link]);
  }
  for (const [w, list] of buckets) {
    ctx.lineWidth = w;
    ctx.beginPath();
    for (const link of list) segment(ctx, points.get(link.source), points.get(link.target));
    ctx.stroke();
  }
}

/**
 * The claims layer: every open claim, batched by stroke width (half-pixel steps), so ten
 * thousand claims are a dozen strokes. The costliest layer to rasterise: painted again only
 * when nodes moved, the size or the theme changed (steps patch it, `patchLinks`).
 */
export function drawLinks(
  ctx: CanvasRenderingContext2D,
  model: NetworkModel,
  points: Projection,
  colors: NetworkColors,
): void {
  ctx.globalAlpha = 0.35;
  ctx.strokeStyle = colors.link;
  strokeByWidth(
    ctx,
    model.links.filter((l) => l.status === 'open'),
    points,
  );
  ctx.globalAlpha = 1;
}

/** Past this share of claims changing in one step, repainting is simpler than patching. */
const PATCH_LIMIT = 0.2;

/**
 * Bring a claims layer painted for `before` up to `after` without repainting it: claims that
 * closed are erased (a slightly wider stroke cut out of the layer), claims that opened are
 * drawn. A claim crossing an erased one loses the pixels of the crossing until the next full
 * paint — invisible at this alpha, and far cheaper than rasterising ten thousand strokes per
 * step. Returns false (nothing done) when the claims are not the same list in the same order,
 * or too many changed: then paint it whole with `drawLinks`.
 */
export function patchLinks(
  ctx: CanvasRenderingContext2D,
  before: readonly NetworkLink[],
  after: readonly NetworkLink[],
  points: Projection,
  colors: NetworkColors,
): boolean {
  if (before.length !== after.length) return false;
  const closed: NetworkLink[] = [];
  const opened: NetworkLink[] = [];
  for (let i = 0; i < after.length; i += 1) {
    const a = before[i] as NetworkLink;
    const b = after[i] as NetworkLink;
    if (a.source !== b.source || a.target !== b.target) return false;
    const wasOpen = a.status === 'open';
    if (wasOpen === (b.status === 'open') && (!wasOpen || a.width === b.width)) continue;
    if (wasOpen) closed.push(a);
    if (b.status === 'open') opened.push(b);
  }
  if (closed.length + opened.length > after.length * PATCH_LIMIT) return false;
  ctx.globalCompositeOperation = 'destination-out';
  ctx.globalAlpha = 1;
  strokeByWidth(ctx, closed, points, 1);
  ctx.globalCompositeOperation = 'source-over';
  ctx.globalAlpha = 0.35;
  ctx.strokeStyle = colors.link;
  strokeByWidth(ctx, opened, points);
  ctx.globalAlpha = 1;
  return true;
}

/**
 * The nodes layer: every node's disc, copied from its band's sprite (a cross on every
 * defaulted node, so a default reads without colour too).
 */
export function drawNodes(
  ctx: CanvasRenderingContext2D,
  model: NetworkModel,
  points: Projection,
  sprites: NodeSprites,
): void {
  for (const node of model.nodes) {
    const p = points.get(node.id);
    if (p) sprites.draw(ctx, node.band, p);
  }
}

export interface MarksInput {
  model: NetworkModel;
  points: Projection;
  colors: NetworkColors;
  focusedId: string | null;
  hoveredId: string | null;
  selectedId: string | null;
}

/** Under the nodes: the claims written off at this timestep, in the warning colour. */
export function drawWriteOffs(
  ctx: CanvasRenderingContext2D,
  model: NetworkModel,
  points: Projection,
  colors: NetworkColors,
): void {
  const hit = model.links.filter(
    (l) => l.status === 'written_off' && l.closedAt === model.timestep,
  );
  if (hit.length === 0) return;
  ctx.globalAlpha = 0.8;
  ctx.strokeStyle = colors.writtenOff;
  // Batched like the claims: a cascade that writes off hundreds of claims is a few strokes.
  strokeByWidth(ctx, hit, points, 0, 1);
  ctx.globalAlpha = 1;
}

/** Over the nodes: the rings and names of the player's, selected, hovered and focused nodes. */
export function drawMarks(ctx: CanvasRenderingContext2D, input: MarksInput): void {
  const { model, points, colors } = input;
  const marks: Array<[string | null, string, number]> = [
    [model.playerId, colors.player, 2.5],
    [input.selectedId, colors.ring, 3],
    [input.hoveredId, colors.ring, 1.5],
    [input.focusedId, colors.ring, 3],
  ];
  ctx.font = '11px ui-sans-serif, system-ui, sans-serif';
  ctx.textAlign = 'center';
  for (const [id, color, lineWidth] of marks) {
    const p = id ? points.get(id) : undefined;
    if (!p || !id) continue;
    ctx.beginPath();
    ctx.arc(p.x, p.y, p.r + 3, 0, Math.PI * 2);
    ctx.strokeStyle = color;
    ctx.lineWidth = lineWidth;
    ctx.stroke();
    ctx.fillStyle = colors.label;
    ctx.fillText(model.byId.get(id)?.name ?? id, p.x, p.y - p.r - 7);
  }
}
