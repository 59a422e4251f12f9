import type { NetworkColors, Projection } from './networkCanvas.js';
import type { CapitalBand, NetworkModel } from './networkModel.js';
import {
  DISC_BANDS,
  DISC_FIELDS,
  type NodesMessage,
  type NodesReport,
} from './networkNodesProtocol.js';
import type { NodeSprites, SpritePlace } from './networkSprites.js';

interface Drawn extends SpritePlace {
  band: CapitalBand;
}

const sameDisc = (a: Drawn, band: CapitalBand, b: SpritePlace) =>
  a.band === band && a.r === b.r && a.x === b.x && a.y === b.y;

const BAND_INDEX = new Map(DISC_BANDS.map((band, i) => [band, i]));

/** The nodes worker as the painter sees it (`startNodesWorker`). */
export interface NodesWorker {
  post(message: NodesMessage, transfer?: Transferable[]): void;
  /** Whether it owns the claims canvas too (then the painter sends it the claims' strokes). */
  readonly ownsLinks: boolean;
}

/** Where the discs go: a 2D context on this thread, or the nodes worker. */
export type NodesTarget = { ctx: CanvasRenderingContext2D } | { worker: NodesWorker };

/** The frame a paint is for; `colors` only when the worker has not had them yet. */
export interface NodesFrame {
  width: number;
  height: number;
  dpr: number;
  colors: NetworkColors | null;
}

function post(worker: NodesWorker, discs: readonly Drawn[], frame: NodesFrame): void {
  const data = new Float32Array(discs.length * DISC_FIELDS);
  discs.forEach((d, i) => {
    data.set([BAND_INDEX.get(d.band) ?? 0, d.r, d.x, d.y, d.size], i * DISC_FIELDS);
  });
  worker.post({ type: 'paint', ...frame, discs: data }, [data.buffer]);
}

/**
 * The nodes layer: every disc copied from its sprite, painted again only when a disc changed
 * (a band crossed, a radius step, a default, a move) — on this thread, or by the nodes worker
 * that owns the canvas (then only the discs' places cross, as one transferred array).
 * Repainting only the changed discs' boxes, clipped, was tried and measured: after a crash
 * hundreds of discs change per step, and the clipped copies cost more CPU than the whole layer.
 *
 * @example
 * const nodes = createNodesLayer();
 * nodes.paint({ ctx }, model, points, sprites, frame); // 'full'
 * nodes.paint({ ctx }, sameDiscs, points, sprites, frame); // 'kept'
 */
export function createNodesLayer() {
  let drawn = new Map<string, Drawn>();
  return {
    /** Forget what was painted: the next paint is whole (new sprites, size or canvas). */
    reset(): void {
      drawn = new Map();
    },
    paint(
      target: NodesTarget,
      model: NetworkModel,
      points: Projection,
      sprites: NodeSprites,
      frame: NodesFrame,
    ): 'full' | 'kept' {
      const next = new Map<string, Drawn>();
      let changed = drawn.size !== model.nodes.length;
      for (const node of model.nodes) {
        const p = points.get(node.id);
        if (!p) continue;
        const place = sprites.place(p);
        const before = drawn.get(node.id);
        next.set(node.id, { ...place, band: node.band });
        changed ||= !before || !sameDisc(before, node.band, place);
      }
      drawn = next;
      if (!changed) return 'kept';
      if ('worker' in target) {
        post(target.worker, [...next.values()], frame);
        return 'full';
      }
      target.ctx.clearRect(0, 0, frame.width, frame.height);
      for (const disc of next.values()) sprites.draw(target.ctx, disc.band, disc);
      return 'full';
    },
  };
}

export type NodesLayer = ReturnType<typeof createNodesLayer>;

interface KeptWorker {
  worker: Worker;
  ownsLinks: boolean;
  stop: number | null;
}

const workers = new WeakMap<HTMLCanvasElement, KeptWorker>();

/** The canvases' worker, started once: null where a canvas cannot be handed over. */
function spawn(canvas: HTMLCanvasElement, links: HTMLCanvasElement | null): KeptWorker | null {
  if (
    typeof Worker === 'undefined' ||
    typeof OffscreenCanvas === 'undefined' ||
    typeof canvas.transferControlToOffscreen !== 'function'
  )
    return null;
  let worker: Worker | null = null;
  try {
    // The kit's build turns this into './networkNodes.worker.js' beside the built module; a
    // bundler (Vite, webpack, Next.js) bundles the worker from this pattern.
    worker = new Worker(new URL('./networkNodes.worker.ts', import.meta.url), { type: 'module' });
    const offscreen = canvas.transferControlToOffscreen();
    const linksOffscreen = links?.transferControlToOffscreen() ?? null;
    const message: NodesMessage = { type: 'canvas', canvas: offscreen, links: linksOffscreen };
    worker.postMessage(message, linksOffscreen ? [offscreen, linksOffscreen] : [offscreen]);
    return { worker, ownsLinks: linksOffscreen !== null, stop: null };
  } catch {
    worker?.terminate();
    return null;
  }
}

/**
 * Hand the nodes canvas (and the claims canvas, when given) to a worker
 * (`transferControlToOffscreen`), which paints the discs and plays the claims' strokes off
 * the main thread. Null where that is not possible (no Worker or OffscreenCanvas, jsdom): the
 * painter then paints on this thread. A canvas is transferred once for its life, so the
 * worker outlives a quick unmount and remount of the same elements (React's StrictMode) —
 * `releaseNodesWorker` stops it a second later unless the canvas is taken again.
 * `onPainted` hears each paint's report (the view shows it as data).
 *
 * @example
 * const worker = startNodesWorker(nodes, links, (r) => 'discs' in r && show(r.discs));
 */
export function startNodesWorker(
  canvas: HTMLCanvasElement,
  links: HTMLCanvasElement | null,
  onPainted: (report: NodesReport) => void,
): NodesWorker | null {
  const kept = workers.get(canvas) ?? spawn(canvas, links);
  if (!kept) return null;
  workers.set(canvas, kept);
  if (kept.stop !== null) clearTimeout(kept.stop);
  kept.stop = null;
  kept.worker.onmessage = (event: MessageEvent<NodesReport>) => onPainted(event.data);
  return {
    post: (message, transfer = []) => kept.worker.postMessage(message, transfer),
    ownsLinks: kept.ownsLinks,
  };
}

/** The view let go of the canvas: stop its worker unless it is taken again within a second. */
export function releaseNodesWorker(canvas: HTMLCanvasElement): void {
  const kept = workers.get(canvas);
  if (!kept || kept.stop !== null) return;
  kept.stop = window.setTimeout(() => {
    kept.worker.terminate();
    workers.delete(canvas);
  }, 1_000);
}
