/**
 * The nodes layer's worker: it owns the nodes canvas (transferred with
 * `transferControlToOffscreen`) and copies the discs the main thread sends, so the
 * rasterisation of a thousand discs per step (6–11 ms without a GPU) leaves the page's main
 * thread. Started by `startNodesWorker` (networkNodes.ts); the messages are `NodesMessage`,
 * and it answers each paint with the number of discs it copied.
 */
import type { NetworkColors } from './networkCanvas.js';
import type { CapitalBand } from './networkModel.js';
import { DISC_BANDS, DISC_FIELDS, type NodesMessage } from './networkNodesProtocol.js';
import { createNodeSprites, type NodeSprites } from './networkSprites.js';

let canvas: OffscreenCanvas | null = null;
let colors: NetworkColors | null = null;
let sprites: NodeSprites | null = null;
let spritesDpr = 0;

function paint(message: Extract<NodesMessage, { type: 'paint' }>): void {
  if (!canvas) return;
  const { width, height, dpr, discs } = message;
  const w = Math.round(width * dpr);
  const h = Math.round(height * dpr);
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
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
  (globalThis as unknown as { postMessage(discs: number): void }).postMessage(count);
}

globalThis.addEventListener('message', (event: MessageEvent<NodesMessage>) => {
  const message = event.data;
  if (message.type === 'canvas') canvas = message.canvas;
  else paint(message);
});
