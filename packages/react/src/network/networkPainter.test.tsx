import '../components/testSetup.js';
import type { Exposure, SimulationSnapshot } from '@simstream/protocol';
import { createEngine } from '@simstream/simulation';
import { describe, expect, it } from 'vitest';
import type { NetworkColors } from './networkCanvas.js';
import { createNetworkLayout } from './networkLayout.js';
import { buildNetworkModel } from './networkModel.js';
import { MOVING_LINKS_LIMIT } from './networkClaims.js';
import { createNetworkPainter } from './networkPainter.js';
import { MAX_PULSES_PER_STEP, PULSE_MS } from './networkPulses.js';

/** A 2D context that counts what it was asked to draw (jsdom has no canvas). */
function recordingCanvas() {
  const calls = { clearRect: 0, lineTo: 0, arc: 0, drawImage: 0, fillText: 0 };
  const ctx = new Proxy(
    {},
    {
      get: (_, name: string) =>
        name in calls
          ? () => {
              calls[name as keyof typeof calls] += 1;
            }
          : () => {},
      set: () => true,
    },
  );
  const canvas = { getContext: () => ctx } as unknown as HTMLCanvasElement;
  return { canvas, calls };
}

const COLORS: NetworkColors = {
  bands: { strong: 'g', adequate: 'b', weak: 'o', critical: 'r', defaulted: 'x' },
  link: 'l',
  writtenOff: 'w',
  ring: 'r',
  player: 'p',
  label: 't',
  background: 'bg',
};

function setup(snapshot: SimulationSnapshot) {
  const links = recordingCanvas();
  const nodes = recordingCanvas();
  const overlay = recordingCanvas();
  let colorReads = 0;
  const sprites: ReturnType<typeof recordingCanvas>[] = [];
  const painter = createNetworkPainter(
    { links: links.canvas, nodes: nodes.canvas, overlay: overlay.canvas },
    () => {
      colorReads += 1;
      return COLORS;
    },
    () => {
      const sprite = recordingCanvas();
      sprites.push(sprite);
      return sprite.canvas;
    },
  );
  const model = buildNetworkModel(snapshot);
  const layout = createNetworkLayout(model);
  painter.setSize(640, 360, 1);
  painter.setModel(model, layout);
  return { painter, layout, links, nodes, overlay, sprites, colorReads: () => colorReads };
}

const engineSnapshot = (config: Parameters<typeof createEngine>[0] | null = null) =>
  createEngine({ simulationId: 'paint', seed: 3, ...config }).snapshot();

/** 400 banks on a random network of mean degree 6: ~2,400 claims. */
const LARGE = {
  simulationId: 'paint',
  banks: 400,
  funds: 0,
  network: 'erdos-renyi',
  meanDegree: 6,
} as const;

describe('network painter', () => {
  it('repaints only the layers whose input changed, and reads the colours once per theme', () => {
    const snapshot = engineSnapshot();
    const { painter, layout, links, nodes, overlay, sprites, colorReads } = setup(snapshot);
    expect(layout.moving).toBe(false); // a small network is laid out before the first paint
    expect(painter.paint()).toEqual({ links: 'full', nodes: 'full', overlay: true, pulses: 0 });
    const open = snapshot.exposures?.filter((e) => (e.status ?? 'open') === 'open').length ?? 0;
    expect(links.calls.lineTo).toBe(open);
    expect(painter.paint()).toBeNull(); // nothing new: no work at all
    // Every node is a copy of a disc rasterised once per band and size.
    expect(nodes.calls.drawImage).toBe(snapshot.entities.length);
    expect(sprites.length).toBeGreaterThan(0);
    expect(sprites.length).toBeLessThan(snapshot.entities.length);
    const discs = sprites.length;

    // A step that changes no disc (nor claim): nothing to paint.
    const step = { ...snapshot, timestep: snapshot.timestep + 1 };
    painter.setModel(buildNetworkModel(step), layout);
    expect(painter.paint()).toBeNull();
    // A step that changes balance sheets but no claim: the claims layer is kept as painted.
    const halved = snapshot.entities.map((e) => ({ ...e, capital_ratio: e.capital_ratio / 2 }));
    painter.setModel(buildNetworkModel({ ...step, entities: halved }), layout);
    expect(painter.paint()).toEqual({ links: 'kept', nodes: 'full', overlay: true, pulses: 0 });
    expect(nodes.calls.drawImage).toBe(2 * snapshot.entities.length);

    // A step that writes one claim off: the claims layer is patched, not repainted.
    const exposures = (snapshot.exposures ?? []).map(
      (e, i): Exposure =>
        i === 0 ? { ...e, status: 'written_off', closed_at: step.timestep + 1, loss: 1 } : e,
    );
    const before = links.calls.clearRect;
    const strokes = links.calls.lineTo;
    const writeOff = { ...step, entities: halved, timestep: step.timestep + 1, exposures };
    painter.setModel(buildNetworkModel(writeOff), layout);
    expect(painter.paint()).toEqual({ links: 'patch', nodes: 'kept', overlay: false, pulses: 0 });
    expect(links.calls.clearRect).toBe(before);
    // Cut out of the grey claims, drawn again in the warning colour: two strokes.
    expect(links.calls.lineTo - strokes).toBe(2);
    // The next step takes the write-off's warning colour off (one more cut), still a patch.
    painter.setModel(buildNetworkModel({ ...writeOff, timestep: writeOff.timestep + 1 }), layout);
    expect(painter.paint()).toEqual({ links: 'patch', nodes: 'kept', overlay: false, pulses: 0 });
    expect(links.calls.lineTo - strokes).toBe(3);

    // Focus moves a ring: only the overlay.
    const names = overlay.calls.fillText;
    painter.setMarks({ focusedId: 'BANK_002', hoveredId: null, selectedId: null });
    expect(painter.paint()).toEqual({ links: 'kept', nodes: 'kept', overlay: true, pulses: 0 });
    expect(overlay.calls.fillText - names).toBe(2); // the player's bank and the focused one
    expect(colorReads()).toBe(1);

    painter.invalidateColors();
    expect(painter.paint()).toEqual({ links: 'full', nodes: 'full', overlay: true, pulses: 0 });
    expect(colorReads()).toBe(2);
    expect(sprites.length).toBeGreaterThan(discs); // discs in the new theme's colours
  });

  it('hides the claims of a large network while it settles and paints them once at rest', () => {
    const snapshot = engineSnapshot(LARGE);
    expect(snapshot.exposures?.length).toBeGreaterThan(MOVING_LINKS_LIMIT);
    const { painter, layout } = setup(snapshot);
    expect(layout.moving).toBe(true);
    const reports = [];
    let guard = 0;
    while (layout.moving && guard++ < 1_000) {
      layout.advance(50);
      reports.push(painter.paint()?.links);
    }
    expect(layout.moving).toBe(false);
    expect(reports[0]).toBe('hidden');
    expect(reports.at(-1)).toBe('full');
    expect(reports.filter((r) => r === 'full')).toHaveLength(1);
    expect(painter.paint()).toBeNull();
  });

  it('sends a default along the claims it hit: dots painted each frame in flight, then cleared', () => {
    const snapshot = engineSnapshot(LARGE);
    const { painter, layout, nodes, overlay } = setup(snapshot);
    while (layout.moving) layout.advance(50);
    expect(painter.paint(0)?.pulses).toBe(0);
    expect(painter.animating).toBe(false);

    // A step's defaults hit more claims than are worth animating: the largest ones fly.
    const hit = buildNetworkModel(snapshot).links.slice(0, MAX_PULSES_PER_STEP + 10);
    painter.addPulses(hit);
    expect(painter.animating).toBe(true);
    const drawn = nodes.calls.drawImage;
    const arcs = overlay.calls.arc;
    expect(painter.paint(1_000)).toEqual({
      links: 'kept',
      nodes: 'kept',
      overlay: true,
      pulses: MAX_PULSES_PER_STEP,
    });
    // The dots, and the player's ring painted again with them.
    expect(overlay.calls.arc - arcs).toBe(MAX_PULSES_PER_STEP + 1);
    // In flight, each frame moves the dots and nothing else: the nodes are not repainted.
    expect(painter.paint(1_000 + PULSE_MS / 2)?.pulses).toBe(MAX_PULSES_PER_STEP);
    expect(nodes.calls.drawImage).toBe(drawn);
    // Arrived: one last paint clears the dots, then the frames stop.
    const cleared = overlay.calls.clearRect;
    expect(painter.paint(1_000 + PULSE_MS)).toEqual({
      links: 'kept',
      nodes: 'kept',
      overlay: true,
      pulses: 0,
    });
    expect(overlay.calls.clearRect).toBe(cleared + 1);
    expect(painter.animating).toBe(false);
    expect(painter.paint(1_000 + PULSE_MS + 16)).toBeNull();
  });
});
