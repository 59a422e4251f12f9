/**
 * The picture's worker: it owns the nodes canvas and, where it was handed over too, the claims
 * canvas (both transferred with `transferControlToOffscreen`). It copies the discs the main
 * thread sends and plays the claims layer's recorded strokes, so the rasterisation of a
 * thousand discs (6–11 ms without a GPU) and of ten thousand claims leaves the page's main
 * thread. Started by `startNodesWorker` (networkNodes.ts); the messages are `NodesMessage`,
 * and it answers each with a `NodesReport` (discs copied, size of the strokes played).
 */
import type { NetworkColors } from './networkCanvas.js';
import type { CapitalBand } from './networkModel.js';
import {
  DISC_BANDS,
  DISC_FIELDS,
  type NodesMessage,
  type NodesReport,
} from './networkNodesProtocol.js';
import { createNodeSprites, type NodeSprites } from './networkSprites.js';
import { replayStrokes } from './networkStrokes.js';

let canvas: OffscreenCanvas | null = null;
/** The claims canvas, where the page handed it over too. */
let links: OffscreenCanvas | null = null;
let colors: NetworkColors | null = null;
let sprites: NodeSprites | null = null;
let spritesDpr = 0;

const report = (message: NodesReport) =>
  (globalThis as unknown as { postMessage(report: NodesReport): void }).postMessage(message);

/** Size a canvas for a frame (a resize clears it: only when the size changed). */
function fit(target: OffscreenCanvas, width: number, height: number, dpr: number): void {
  const w = Math.round(width * dpr);
  const h = Math.round(height * dpr);
  if (target.width !== w) target.width = w;
  if (target.height !== h) target.height = h;
}

function paint(message: Extract<NodesMessage, { type: 'paint' }>): void {
  if (!canvas) return;
  const { width, height, dpr, discs } = message;
  fit(canvas, width, height, dpr);
  if (message.colors) {
    colors = message.colors;
    sprites = null;
  }
  if (!colors) return;
  if (!sprites || spritesDpr !== dpr) {
    sprites = createNodeSprites(colors, dpr);
    spritesDpr = dpr;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  let count = 0;
  for (let i = 0; i + DISC_FIELDS <= discs.length; i += DISC_FIELDS) {
    count += 1;
    const band = DISC_BANDS[discs[i] as number] as CapitalBand;
    const [r = 0, x = 0, y = 0, size = 0] = discs.subarray(i + 1, i + DISC_FIELDS);
    sprites.draw(ctx, band, { r, x, y, size });
  }
  // How many discs this paint copied: the view shows it (tests and stories read it).
  report({ discs: count });
}

/** The claims layer: play the strokes the page recorded (a whole paint or a step's patch). */
function stroke(message: Extract<NodesMessage, { type: 'strokes' }>): void {
  if (!links) return;
  fit(links, message.width, message.height, message.dpr);
  const ctx = links.getContext('2d');
  if (!ctx) return;
  replayStrokes(ctx, message.strokes);
  report({ strokes: message.strokes.ops.length });
}

globalThis.addEventListener('message', (event: MessageEvent<NodesMessage>) => {
  const message = event.data;
  if (message.type === 'canvas') {
    canvas = message.canvas;
    links = message.links;
  } else if (message.type === 'paint') paint(message);
  else stroke(message);
});
