import type { NetworkColors } from './networkCanvas.js';
import type { CapitalBand } from './networkModel.js';

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
 * What the main thread tells the nodes worker: the canvas it owns (once), then the discs of
 * each paint (a Float32Array it transfers, so nothing is copied), with the colours when they
 * changed.
 */
export type NodesMessage =
  | { type: 'canvas'; canvas: OffscreenCanvas }
  | {
      type: 'paint';
      width: number;
      height: number;
      dpr: number;
      colors: NetworkColors | null;
      discs: Float32Array;
    };
