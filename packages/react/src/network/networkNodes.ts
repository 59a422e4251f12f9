import type { Projection } from './networkCanvas.js';
import type { CapitalBand, NetworkModel } from './networkModel.js';
import type { NodeSprites, SpritePlace } from './networkSprites.js';

interface Drawn extends SpritePlace {
  band: CapitalBand;
}

const sameDisc = (a: Drawn, band: CapitalBand, b: SpritePlace) =>
  a.band === band && a.r === b.r && a.x === b.x && a.y === b.y;

/**
 * The nodes layer: every disc copied from its sprite, painted again only when a disc changed
 * (a band crossed, a radius step, a default, a move). Repainting only the changed discs'
 * boxes, clipped, was tried and measured: after a crash hundreds of discs change per step,
 * and the clipped copies cost more CPU than the whole layer.
 *
 * @example
 * const nodes = createNodesLayer();
 * nodes.paint(ctx, model, points, sprites, { width: 640, height: 360 }); // 'full'
 * nodes.paint(ctx, sameDiscs, points, sprites, { width: 640, height: 360 }); // 'kept'
 */
export function createNodesLayer() {
  let drawn = new Map<string, Drawn>();
  return {
    /** Forget what was painted: the next paint is whole (new sprites, size or canvas). */
    reset(): void {
      drawn = new Map();
    },
    paint(
      ctx: CanvasRenderingContext2D,
      model: NetworkModel,
      points: Projection,
      sprites: NodeSprites,
      size: { width: number; height: number },
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
      ctx.clearRect(0, 0, size.width, size.height);
      for (const node of model.nodes) {
        const at = next.get(node.id);
        if (at) sprites.draw(ctx, node.band, at);
      }
      return 'full';
    },
  };
}

export type NodesLayer = ReturnType<typeof createNodesLayer>;
