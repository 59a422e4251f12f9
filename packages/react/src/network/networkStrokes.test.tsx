import '../components/testSetup.js';
import { createEngine } from '@simstream/simulation';
import { describe, expect, it } from 'vitest';
import type { NetworkColors } from './networkCanvas.js';
import { createNetworkLayout } from './networkLayout.js';
import { buildNetworkModel } from './networkModel.js';
import type { NodesMessage } from './networkNodesProtocol.js';
import { createNetworkPainter } from './networkPainter.js';
import { replayStrokes, type StrokeContext } from './networkStrokes.js';

/** A 2D context that logs every call and property set, arguments included. */
function loggingContext() {
  const log: unknown[][] = [];
  const ctx = new Proxy(
    {},
    {
      get:
        (_, name: string) =>
        (...args: unknown[]) => {
          log.push([name, ...args]);
        },
      set: (_, name: string, value) => {
        log.push([`${name}=`, value]);
        return true;
      },
    },
  );
  return { ctx, log, canvas: { getContext: () => ctx } as unknown as HTMLCanvasElement };
}

const COLORS: NetworkColors = {
  bands: { strong: 'g', adequate: 'b', weak: 'o', critical: 'r', defaulted: 'x' },
  link: '#94a3b8',
  writtenOff: '#b91c1c',
  ring: 'r',
  player: 'p',
  label: 't',
  background: 'bg',
};

/** A crash and its steps: the first paint is whole, the later ones patch the claims layer. */
function steps() {
  const engine = createEngine({ simulationId: 'strokes', seed: 3 });
  const first = buildNetworkModel(engine.snapshot());
  engine.applyShock({ shock_type: 'asset_price_crash', target: 'real_estate', magnitude: -0.45 });
  const later = [1, 2, 3].map(() => {
    engine.step();
    return buildNetworkModel(engine.snapshot());
  });
  return [first, ...later];
}

describe('the claims layer painted by the worker', () => {
  it('plays in the worker exactly the calls the page would have made on its own canvas', () => {
    const models = steps();
    const layout = createNetworkLayout(models[0]!);
    const paintAll = (painter: ReturnType<typeof createNetworkPainter>) => {
      painter.setSize(640, 360, 2);
      return models.map((model) => {
        painter.setModel(model, layout);
        return painter.paint(0)?.links;
      });
    };

    const here = loggingContext();
    const onPage = createNetworkPainter(
      { links: here.canvas, nodes: loggingContext().canvas, overlay: loggingContext().canvas },
      () => COLORS,
      () => loggingContext().canvas,
    );
    const pageReports = paintAll(onPage);

    const sent: NodesMessage[] = [];
    const worker = { ownsLinks: true, post: (message: NodesMessage) => sent.push(message) };
    const offPage = createNetworkPainter(
      {
        links: loggingContext().canvas,
        nodes: loggingContext().canvas,
        overlay: loggingContext().canvas,
        nodesWorker: worker,
      },
      () => COLORS,
      () => loggingContext().canvas,
    );
    const workerReports = paintAll(offPage);

    expect(workerReports).toEqual(pageReports);
    expect(pageReports[0]).toBe('full');
    expect(pageReports).toContain('patch');
    const strokes = sent.flatMap((m) => (m.type === 'strokes' ? [m] : []));
    expect(strokes.length).toBe(pageReports.filter((r) => r === 'full' || r === 'patch').length);
    for (const m of strokes) expect(m).toMatchObject({ width: 640, height: 360, dpr: 2 });
    const played = loggingContext();
    for (const m of strokes) replayStrokes(played.ctx as StrokeContext, m.strokes);
    // getContext() is the page's own step; every drawing call and state set matches.
    expect(played.log).toEqual(here.log);
    expect(played.log.filter(([name]) => name === 'lineTo').length).toBeGreaterThan(100);
  });
});
