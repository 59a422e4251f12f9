import '../components/testSetup.js';
import { createEngine } from '@simstream/simulation';
import { describe, expect, it } from 'vitest';
import { createNetworkLayout } from './networkLayout.js';
import { buildNetworkModel } from './networkModel.js';

describe('network layout', () => {
  it('keeps every position through steps that change no topology, and reheats gently when one does', () => {
    const engine = createEngine({ simulationId: 'layout', seed: 3 });
    const first = engine.snapshot();
    const layout = createNetworkLayout(buildNetworkModel(first));
    expect(layout.moving).toBe(false);
    const positions = () => [...layout.nodes.values()].map((n) => [n.id, n.x, n.y]);
    const before = positions();
    const version = layout.version;

    // A crash and five steps: balance sheets, radii and claim statuses change; banks and claims stay.
    engine.applyShock({ shock_type: 'asset_price_crash', target: 'real_estate', magnitude: -0.35 });
    for (let i = 0; i < 5; i += 1) {
      engine.step();
      expect(layout.update(buildNetworkModel(engine.snapshot()))).toBe(false);
    }
    expect(layout.moving).toBe(false);
    expect(layout.version).toBe(version);
    expect(positions()).toEqual(before);

    // A new claim is a new topology: the layout moves again, from where it was.
    const last = engine.snapshot();
    const grown = buildNetworkModel({
      ...last,
      exposures: [
        ...(last.exposures ?? []),
        { lender: 'BANK_001', borrower: 'BANK_025', amount: 9 },
      ],
    });
    expect(layout.update(grown)).toBe(true);
    expect(layout.moving).toBe(true);
    expect(positions()).toEqual(before);
    while (layout.advance(50));
    const moved = positions().map(([id, x, y], i) => {
      const [, x0, y0] = before[i] as [string, number, number];
      return [id, Math.hypot((x as number) - x0, (y as number) - y0)] as const;
    });
    // A gentle reheat: the picture adjusts, it is not laid out again from scratch.
    const median = moved.map(([, d]) => d).sort((a, b) => a - b)[Math.floor(moved.length / 2)];
    expect(median).toBeLessThan(25);
  });
});
