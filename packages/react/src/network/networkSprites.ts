import type { NetworkColors, ScreenPoint } from './networkCanvas.js';
import type { CapitalBand } from './networkModel.js';

/** Makes a small offscreen canvas (a test passes a recording one). */
export type CanvasFactory = (width: number, height: number) => HTMLCanvasElement | OffscreenCanvas;

type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** Radii are drawn in quarter-pixel steps: one sprite serves every node within a step. */
const STEP = 0.25;

export const defaultCanvasFactory: CanvasFactory = (width, height) => {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(width, height);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  return canvas;
};

/**
 * Node discs as sprites: each band and radius is rasterised once (anti-aliased fill, an
 * outline in the background colour, a cross when defaulted) and then copied wherever a node
 * of that kind sits. Without a GPU, filling a thousand anti-aliased arcs costs tens of
 * milliseconds a step; copying a thousand small bitmaps costs a few.
 *
 * @example
 * const sprites = createNodeSprites(colors, devicePixelRatio);
 * sprites.draw(ctx, 'defaulted', sprites.place({ x: 120, y: 80, r: 9 }));
 */
export function createNodeSprites(
  colors: NetworkColors,
  dpr: number,
  makeCanvas: CanvasFactory = defaultCanvasFactory,
) {
  const cache = new Map<string, { image: CanvasImageSource; size: number }>();
  const spriteOf = (band: CapitalBand, r: number) => {
    const key = `${band}:${r}`;
    const found = cache.get(key);
    if (found) return found;
    const size = Math.ceil((2 * r + 3) * dpr);
    const image = makeCanvas(size, size);
    const ctx = image.getContext('2d') as Context2D | null;
    if (ctx) paintDisc(ctx, band, r, size / dpr / 2, dpr, colors);
    // An ImageBitmap is an immutable bitmap, copied as it is; drawing from the OffscreenCanvas
    // itself makes Chromium snapshot it on every copy (~20 µs a node without a GPU).
    const sprite = {
      image: 'transferToImageBitmap' in image ? image.transferToImageBitmap() : image,
      size,
    };
    cache.set(key, sprite);
    return sprite;
  };
  return {
    /**
     * Where the disc of a node at `p` goes: its radius step and its box in CSS pixels, on
     * whole device pixels (so the copy stays as sharp as the sprite). Two nodes with the same
     * place and band look the same: what the nodes layer compares between steps.
     */
    place(p: ScreenPoint): SpritePlace {
      const r = Math.max(STEP, Math.round(p.r / STEP) * STEP);
      const size = Math.ceil((2 * r + 3) * dpr) / dpr;
      return {
        r,
        x: Math.round((p.x - size / 2) * dpr) / dpr,
        y: Math.round((p.y - size / 2) * dpr) / dpr,
        size,
      };
    },
    /** Copy the disc of `band` at a place (`ctx` already scaled by the pixel ratio). */
    draw(ctx: Context2D, band: CapitalBand, at: SpritePlace): void {
      ctx.drawImage(spriteOf(band, at.r).image, at.x, at.y, at.size, at.size);
    },
  };
}

/** A disc's radius step and box (CSS pixels): see `NodeSprites.place`. */
export interface SpritePlace {
  r: number;
  x: number;
  y: number;
  size: number;
}

export type NodeSprites = ReturnType<typeof createNodeSprites>;

function paintDisc(
  ctx: Context2D,
  band: CapitalBand,
  r: number,
  centre: number,
  dpr: number,
  colors: NetworkColors,
): void {
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.beginPath();
  ctx.arc(centre, centre, r, 0, Math.PI * 2);
  ctx.fillStyle = colors.bands[band];
  ctx.fill();
  ctx.strokeStyle = colors.background;
  ctx.lineWidth = 1;
  ctx.stroke();
  if (band !== 'defaulted') return;
  // A cross marks a default, so it reads without colour too.
  const d = r * 0.55;
  ctx.beginPath();
  ctx.moveTo(centre - d, centre - d);
  ctx.lineTo(centre + d, centre + d);
  ctx.moveTo(centre + d, centre - d);
  ctx.lineTo(centre - d, centre + d);
  ctx.lineWidth = 1.5;
  ctx.stroke();
}
