import type { NetworkLayout } from './networkLayout.js';
import type { CapitalBand, NetworkLink, NetworkModel } from './networkModel.js';
import type { StrokeContext } from './networkStrokes.js';

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

function segment(ctx: StrokeContext, a?: ScreenPoint, b?: ScreenPoint): void {
  if (!a || !b) return;
  ctx.moveTo(a.x, a.y);
  ctx.lineTo(b.x, b.y);
}

function strokeByWidth(
  ctx: StrokeContext,
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

/** Whether a claim was written off at the model's timestep (drawn in the warning colour). */
const writtenOffNow = (link: NetworkLink, timestep: number) =>
  link.status === 'written_off' && link.closedAt === timestep;

function strokeWriteOffs(
  ctx: StrokeContext,
  links: readonly NetworkLink[],
  points: Projection,
  colors: NetworkColors,
): void {
  if (links.length === 0) return;
  ctx.globalAlpha = 0.8;
  ctx.strokeStyle = colors.writtenOff;
  strokeByWidth(ctx, links, points, 0, 1);
  ctx.globalAlpha = 1;
}

/**
 * The claims layer: every open claim, batched by stroke width (half-pixel steps), so ten
 * thousand claims are a dozen strokes, and over them the claims written off at this timestep
 * in the warning colour. The costliest layer to rasterise: painted again only when nodes
 * moved, the size or the theme changed (steps patch it, `patchLinks`).
 */
export function drawLinks(
  ctx: StrokeContext,
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
  const now = model.links.filter((l) => writtenOffNow(l, model.timestep));
  strokeWriteOffs(ctx, now, points, colors);
}

/** Past this share of claims changing in one step, repainting is simpler than patching. */
const PATCH_LIMIT = 0.2;

/** Whether a written-off claim is marked in one model and not the other. */
const markMoves = (link: NetworkLink, before: NetworkModel, after: NetworkModel) =>
  link.closedAt === before.timestep || link.closedAt === after.timestep;

/** What a step changed on the claims layer: strokes to cut out, strokes to add. */
function claimChanges(before: NetworkModel, after: NetworkModel) {
  const changes = { erase: [] as NetworkLink[], unmark: [] as NetworkLink[] };
  const add = { open: [] as NetworkLink[], marked: [] as NetworkLink[] };
  for (let i = 0; i < after.links.length; i += 1) {
    const a = before.links[i] as NetworkLink;
    const b = after.links[i] as NetworkLink;
    // The same link (the model reuses unchanged claims' links): only a write-off mark can move.
    if (a === b && (a.status !== 'written_off' || !markMoves(a, before, after))) continue;
    if (a.source !== b.source || a.target !== b.target) return null;
    const wasOpen = a.status === 'open';
    const isOpen = b.status === 'open';
    if (wasOpen && (!isOpen || a.width !== b.width)) changes.erase.push(a);
    if (isOpen && (!wasOpen || a.width !== b.width)) add.open.push(b);
    const wasMarked = writtenOffNow(a, before.timestep);
    const isMarked = writtenOffNow(b, after.timestep);
    if (wasMarked && !isMarked) changes.unmark.push(a);
    if (isMarked && !wasMarked) add.marked.push(b);
  }
  return { ...changes, ...add };
}

/**
 * Bring a claims layer painted for `before` up to `after` without repainting it: claims that
 * closed, and the previous step's write-offs, are erased (a slightly wider stroke cut out of
 * the layer); claims that opened and this step's write-offs are drawn. A claim crossing an
 * erased one loses the pixels of the crossing until the next full paint — invisible at this
 * alpha, and far cheaper than rasterising ten thousand strokes per step. Returns false
 * (nothing done) when the claims are not the same list in the same order, or too many
 * changed: then paint it whole with `drawLinks`.
 */
export function patchLinks(
  ctx: StrokeContext,
  before: NetworkModel,
  after: NetworkModel,
  points: Projection,
  colors: NetworkColors,
): boolean {
  if (before.links.length !== after.links.length) return false;
  const c = claimChanges(before, after);
  if (!c) return false;
  const count = c.erase.length + c.unmark.length + c.open.length + c.marked.length;
  if (count > after.links.length * PATCH_LIMIT) return false;
  ctx.globalCompositeOperation = 'destination-out';
  ctx.globalAlpha = 1;
  strokeByWidth(ctx, c.erase, points, 1);
  strokeByWidth(ctx, c.unmark, points, 1, 2);
  ctx.globalCompositeOperation = 'source-over';
  ctx.globalAlpha = 0.35;
  ctx.strokeStyle = colors.link;
  strokeByWidth(ctx, c.open, points);
  ctx.globalAlpha = 1;
  strokeWriteOffs(ctx, c.marked, points, colors);
  return true;
}

export interface MarksInput {
  model: NetworkModel;
  points: Projection;
  colors: NetworkColors;
  focusedId: string | null;
  hoveredId: string | null;
  selectedId: string | null;
}

/** Above the nodes: the rings and names of the player's, selected, hovered and focused nodes. */
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
