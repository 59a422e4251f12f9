import { drawLinks, type NetworkColors, type Projection, patchLinks } from './networkCanvas.js';
import type { NetworkModel } from './networkModel.js';
import type { NodesWorker } from './networkNodes.js';
import { createStrokeRecorder, type StrokeContext } from './networkStrokes.js';

/** Above this many claims, claims are hidden while nodes move (sigma.js's hideEdgesOnMove). */
export const MOVING_LINKS_LIMIT = 2_000;

/**
 * What a paint did to the claims layer: painted whole, patched with a step's changed claims,
 * cleared while a large network's nodes move, or left alone.
 */
export type ClaimsPaint = 'full' | 'patch' | 'hidden' | 'kept';

/**
 * The claims canvas's 2D context (or a recorder of its strokes for the worker that owns it),
 * scaled to CSS pixels and cleared when asked.
 */
export type PrepareClaims = (clear: boolean) => StrokeContext | null;

/**
 * Where the claims are drawn: a context on this thread, or the worker that owns their canvas
 * (then the strokes are recorded and posted to it as one transferred buffer, for a frame of
 * this size).
 */
export type ClaimsTarget =
  | { prepare: PrepareClaims }
  | { worker: NodesWorker; frame: { width: number; height: number; dpr: number } };

const recorder = createStrokeRecorder();

/** A `PrepareClaims` that records for the worker: scaled, cleared when asked. */
function recording(frame: { width: number; height: number; dpr: number }): PrepareClaims {
  return (clear) => {
    recorder.context.setTransform(frame.dpr, 0, 0, frame.dpr, 0, 0);
    if (clear) recorder.context.clearRect(0, 0, frame.width, frame.height);
    return recorder.context;
  };
}

/**
 * The claims layer (ten thousand strokes, by far the costliest to rasterise without a GPU):
 * it remembers the model it shows, so it is painted whole only after `reset` (nodes moved,
 * the size or the theme changed), patched when a step closes claims (`patchLinks`), cleared
 * while a large network's nodes move, and left alone when the claims are the ones shown.
 *
 * @example
 * const claims = createClaimsLayer();
 * claims.paint({ prepare }, model, points, colors, false); // 'full'
 * claims.paint({ worker, frame }, nextStep, points, colors, false); // 'patch' (or 'kept')
 */
export function createClaimsLayer() {
  /** The model the layer shows (null: it must be painted whole). */
  let shown: NetworkModel | null = null;
  /** Whether the layer was cleared while nodes move. */
  let hidden = false;
  /** Whether the layer already shows `model`: same claims, and no write-off to take off. */
  const shows = (model: NetworkModel): boolean => {
    if (!shown || shown.links !== model.links) return false;
    if (shown.timestep === model.timestep) return true;
    const before = shown.timestep;
    return !shown.links.some((l) => l.status === 'written_off' && l.closedAt === before);
  };
  return {
    /** Forget what is painted: the next paint is whole. */
    reset(): void {
      shown = null;
    },
    /** Whether a paint of `model` would change the layer. */
    stale: (model: NetworkModel): boolean => !shows(model),
    paint(
      target: ClaimsTarget,
      model: NetworkModel,
      points: Projection,
      colors: NetworkColors,
      moving: boolean,
    ): ClaimsPaint {
      if ('prepare' in target) return draw(target.prepare, model, points, colors, moving);
      const painted = draw(recording(target.frame), model, points, colors, moving);
      if (!recorder.empty) {
        const strokes = recorder.take();
        target.worker.post({ type: 'strokes', ...target.frame, strokes }, [strokes.ops.buffer]);
      }
      return painted;
    },
  };

  /** Paint, patch, hide or keep the layer on whatever `prepare` hands out. */
  function draw(
    prepare: PrepareClaims,
    model: NetworkModel,
    points: Projection,
    colors: NetworkColors,
    moving: boolean,
  ): ClaimsPaint {
    if (moving && model.links.length > MOVING_LINKS_LIMIT) {
      if (hidden) return 'kept';
      prepare(true);
      hidden = true;
      shown = null;
      return 'hidden';
    }
    if (shows(model)) {
      shown = model;
      return 'kept';
    }
    const previous = shown;
    shown = model;
    hidden = false;
    const patchable = previous ? prepare(false) : null;
    if (patchable && previous && patchLinks(patchable, previous, model, points, colors))
      return 'patch';
    const ctx = prepare(true);
    if (ctx) drawLinks(ctx, model, points, colors);
    return 'full';
  }
}

export type ClaimsLayer = ReturnType<typeof createClaimsLayer>;
