import type { NetworkColors } from './networkCanvas.js';
import type { CapitalBand } from './networkModel.js';
import type { StrokeRecording } from './networkStrokes.js';

/** The bands by index, as a disc's first field carries them. */
export const DISC_BANDS: readonly CapitalBand[] = [
  'strong',
  'adequate',
  'weak',
  'critical',
  'defaulted',
];

/** Fields per disc in a paint message: band index, radius step, x, y, size (CSS pixels). */
export const DISC_FIELDS = 5;

/**
 * What the main thread tells the picture's worker: the canvases it owns (once; the claims
 * canvas too where it was handed over), then the discs of each paint (a Float32Array it
 * transfers, so nothing is copied), with the colours when they changed, and the claims
 * layer's strokes (`networkStrokes.ts`) whenever the claims layer is painted or patched.
 */
export type NodesMessage =
  | { type: 'canvas'; canvas: OffscreenCanvas; links: OffscreenCanvas | null }
  | {
      type: 'paint';
      width: number;
      height: number;
      dpr: number;
      colors: NetworkColors | null;
      discs: Float32Array;
    }
  | { type: 'strokes'; width: number; height: number; dpr: number; strokes: StrokeRecording };

/** What the worker reports after each paint: discs copied, or the size of the strokes played. */
export type NodesReport = { discs: number } | { strokes: number };
