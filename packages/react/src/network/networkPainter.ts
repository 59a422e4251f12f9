import {
  type ClaimsLayer,
  type ClaimsPaint,
  type ClaimsTarget,
  createClaimsLayer,
} from './networkClaims.js';
import {
  drawMarks,
  type Fit,
  fitLayout,
  type NetworkColors,
  type Projection,
  project,
} from './networkCanvas.js';
import type { NetworkLayout } from './networkLayout.js';
import type { NetworkLink, NetworkModel } from './networkModel.js';
import { createNodesLayer, type NodesLayer, type NodesWorker } from './networkNodes.js';
import { createPulses, type Pulses, pulseLinks } from './networkPulses.js';
import {
  type CanvasFactory,
  createNodeSprites,
  defaultCanvasFactory,
  type NodeSprites,
} from './networkSprites.js';

/**
 * What a painter draws on, bottom to top: claims (and this step's write-offs), nodes, and an
 * overlay of marks (rings and names) and defaults in flight.
 */
export interface NetworkLayers {
  links: HTMLCanvasElement;
  nodes: HTMLCanvasElement;
  overlay: HTMLCanvasElement;
  /** The worker that owns the nodes canvas (`startNodesWorker`); null: paint it here. */
  nodesWorker?: NodesWorker | null;
}

export interface NetworkMarks {
  focusedId: string | null;
  hoveredId: string | null;
  selectedId: string | null;
}

/**
 * What a paint did to each layer (what the tests and the benchmark look at): the claims
 * layer's `ClaimsPaint`, the nodes layer painted or not, the overlay painted or not.
 */
export interface PaintReport {
  links: ClaimsPaint;
  /** Painted whole (a disc changed), or left alone. */
  nodes: 'full' | 'kept';
  /** Whether the overlay (marks and dots in flight) was painted. */
  overlay: boolean;
  /** Dots in flight painted on the overlay. */
  pulses: number;
}

/**
 * Paints a network on three stacked canvases and redraws only what changed. The claims layer
 * (ten thousand strokes, by far the costliest to rasterise without a GPU) is painted whole
 * only when nodes moved, the size or the theme changed; a step that closes claims patches it.
 * The nodes layer is painted when a disc changed (`createNodesLayer`). The overlay
 * (rings, names, defaults in flight) is small work: painted when a mark moves, a step
 * arrives, and every frame while dots fly. Every canvas repaint uploads its whole bitmap, so a
 * frame with nothing new does nothing at all.
 */
export interface NetworkPainter {
  setModel(model: NetworkModel, layout: NetworkLayout): void;
  setMarks(marks: NetworkMarks): void;
  setSize(width: number, height: number, dpr: number): void;
  /** Read the colours again at the next paint (the theme changed). */
  invalidateColors(): void;
  /** Animate defaults along these claims (the largest, at the next paint). */
  addPulses(links: readonly NetworkLink[]): void;
  /** Paint what changed (`now`: the frame's time, for the dots in flight); null when nothing did. */
  paint(now?: number): PaintReport | null;
  /** Whether dots are in flight: the view keeps asking for frames while they are. */
  readonly animating: boolean;
  /** The current fit (pointer hit testing maps screen points back to layout units). */
  readonly fit: Fit;
}

interface PainterState {
  model: NetworkModel | null;
  layout: NetworkLayout | null;
  marks: NetworkMarks;
  width: number;
  height: number;
  dpr: number;
  colors: NetworkColors | null;
  /** Node discs for the current colours and pixel ratio (null: make them again). */
  sprites: NodeSprites | null;
  nodes: NodesLayer;
  /** Claims hit by a step's defaults, launched at the next paint. */
  pulses: NetworkLink[];
  flight: Pulses;
  fit: Fit;
  points: Projection;
  seenVersion: number;
  claims: ClaimsLayer;
  nodesDirty: boolean;
  overlayDirty: boolean;
  /** Whether the nodes worker has the current colours. */
  colorsSent: boolean;
}

function prepare(canvas: HTMLCanvasElement, s: PainterState, clear = true) {
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.setTransform(s.dpr, 0, 0, s.dpr, 0, 0);
  if (clear) ctx.clearRect(0, 0, s.width, s.height);
  return ctx;
}

/** Fit and projection follow node moves and size changes, not radii: steps do not shift them. */
function reproject(s: PainterState, layout: NetworkLayout, positionsMoved: boolean): void {
  if (positionsMoved) {
    const margin = s.model?.nodes.reduce((m, n) => Math.max(m, n.radius), 0) ?? 0;
    s.fit = fitLayout(layout, s.width, s.height, margin);
  }
  s.points = project(layout, s.fit);
}

/** The overlay: marks, and the defaults in flight where they are at `now`. */
function paintOverlay(canvas: HTMLCanvasElement, s: PainterState, now: number): number {
  const { model, colors } = s;
  const ctx = prepare(canvas, s);
  s.overlayDirty = false;
  if (!ctx || !model || !colors) return 0;
  drawMarks(ctx, { model, points: s.points, colors, ...s.marks });
  return s.flight.paint(ctx, now, colors.writtenOff);
}

function paintLayers(
  layers: NetworkLayers,
  s: PainterState,
  makeCanvas: CanvasFactory,
  now: number,
): PaintReport | null {
  const { model, layout, colors } = s;
  if (!model || !layout || !colors || s.width === 0) return null;
  const moved = layout.version !== s.seenVersion;
  s.seenVersion = layout.version;
  if (moved) {
    s.nodesDirty = true;
    s.claims.reset();
  }
  const claimsStale = s.claims.stale(model);
  const flying = s.pulses.length > 0 || s.flight.active;
  if (!s.nodesDirty && !claimsStale && !s.overlayDirty && !flying) return null;
  if (s.nodesDirty || s.points.size === 0) reproject(s, layout, moved || s.points.size === 0);
  const worker = layers.nodesWorker;
  const target: ClaimsTarget = worker?.ownsLinks
    ? { worker, frame: { width: s.width, height: s.height, dpr: s.dpr } }
    : { prepare: (clear) => prepare(layers.links, s, clear) };
  const links = s.claims.paint(target, model, s.points, colors, layout.moving);
  let nodes: PaintReport['nodes'] = 'kept';
  if (s.nodesDirty) {
    s.sprites ??= createNodeSprites(colors, s.dpr, makeCanvas);
    const frame = { width: s.width, height: s.height, dpr: s.dpr, colors: null };
    if (layers.nodesWorker) {
      const worker = layers.nodesWorker;
      const sent = s.colorsSent ? frame : { ...frame, colors };
      nodes = s.nodes.paint({ worker }, model, s.points, s.sprites, sent);
      s.colorsSent ||= nodes === 'full';
    } else {
      const ctx = prepare(layers.nodes, s, false);
      if (ctx) nodes = s.nodes.paint({ ctx }, model, s.points, s.sprites, frame);
    }
    s.nodesDirty = false;
    // Rings follow their nodes' discs.
    s.overlayDirty ||= nodes !== 'kept';
  }
  if (s.pulses.length > 0) {
    s.flight.launch(pulseLinks(s.pulses), s.points, now);
    s.pulses = [];
  }
  const overlay = s.overlayDirty || flying;
  const pulses = overlay ? paintOverlay(layers.overlay, s, now) : 0;
  return links === 'kept' && nodes === 'kept' && !overlay
    ? null
    : { links, nodes, overlay, pulses };
}

/**
 * A painter for one view. `readColors` is called at the first paint and after
 * `invalidateColors`, never per frame; `makeCanvas` makes the node sprites' canvases.
 *
 * @example
 * const painter = createNetworkPainter({ links, nodes, overlay }, () => readColors(box));
 * painter.setSize(640, 360, devicePixelRatio);
 * painter.setModel(model, layout);
 * requestAnimationFrame((now) => painter.paint(now));
 */
export function createNetworkPainter(
  layers: NetworkLayers,
  readColors: () => NetworkColors,
  makeCanvas: CanvasFactory = defaultCanvasFactory,
): NetworkPainter {
  const s: PainterState = {
    model: null,
    layout: null,
    marks: { focusedId: null, hoveredId: null, selectedId: null },
    width: 0,
    height: 0,
    dpr: 1,
    colors: null,
    sprites: null,
    nodes: createNodesLayer(),
    pulses: [],
    flight: createPulses(),
    fit: { scale: 1, x: 0, y: 0 },
    points: new Map(),
    seenVersion: -1,
    claims: createClaimsLayer(),
    nodesDirty: true,
    overlayDirty: true,
    colorsSent: false,
  };
  const repaintAll = () => {
    s.sprites = null;
    s.nodes.reset();
    s.seenVersion = -1;
    s.claims.reset();
    s.nodesDirty = true;
    s.overlayDirty = true;
    s.colorsSent = false;
    s.flight.clear();
  };
  return {
    setModel(model, layout) {
      if (layout !== s.layout) repaintAll();
      s.nodesDirty ||= model !== s.model;
      s.model = model;
      s.layout = layout;
    },
    setMarks(marks) {
      const m = s.marks;
      if (
        m.focusedId === marks.focusedId &&
        m.hoveredId === marks.hoveredId &&
        m.selectedId === marks.selectedId
      )
        return;
      s.marks = { ...marks };
      s.overlayDirty = true;
    },
    setSize(width, height, dpr) {
      if (width === s.width && height === s.height && dpr === s.dpr) return;
      Object.assign(s, { width, height, dpr });
      repaintAll();
    },
    invalidateColors() {
      s.colors = null;
      repaintAll();
    },
    addPulses(links) {
      s.pulses.push(...links);
    },
    paint(now = performance.now()) {
      s.colors ??= s.model ? readColors() : null;
      return paintLayers(layers, s, makeCanvas, now);
    },
    get animating() {
      return s.pulses.length > 0 || s.flight.active;
    },
    get fit() {
      return s.fit;
    },
  };
}
