/**
 * The network bench page: `ExposureNetworkView` (production React, the kit from its sources)
 * drawing a real engine's network of `?nodes=N` banks (the Gai–Kapadia preset), while the
 * engine steps and each step's snapshot is handed to the view, as the stream's cache would.
 * bench/browser/network.ts drives `window.__bench` with Playwright and reads the view's own
 * paint times (`onFrame`).
 */
import type { SimulationSnapshot } from '@simstream/protocol';
import { ExposureNetworkView } from '@simstream/react/network';
import { createEngine } from '@simstream/simulation';
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import '../page/styles.css';

const nodes = Number(new URLSearchParams(location.search).get('nodes') ?? 100);
const engine = createEngine({
  simulationId: 'bench',
  seed: 3,
  banks: nodes,
  funds: 0,
  preset: 'gai-kapadia',
});
let frames: number[] = [];
let publish: (snapshot: SimulationSnapshot) => void = () => {};

function Page() {
  const [snapshot, setSnapshot] = useState(() => engine.snapshot());
  useEffect(() => {
    publish = setSnapshot;
  }, []);
  return (
    <ExposureNetworkView
      snapshot={snapshot}
      height={600}
      animate
      onFrame={(ms) => frames.push(ms)}
    />
  );
}

createRoot(document.getElementById('root')!).render(<Page />);

let steps: SimulationSnapshot[] = [];

/**
 * Runs the crash and `count` steps ahead, keeping each step's snapshot: the engine's own cost
 * (a server's, in production) stays out of the measured frames.
 */
function record(count: number): number {
  engine.applyShock({ shock_type: 'asset_price_crash', target: 'real_estate', magnitude: -0.3 });
  steps = [];
  for (let i = 0; i < count; i += 1) {
    engine.step();
    steps.push(engine.snapshot());
  }
  return steps.filter((s) => s.entities.length > 0).length;
}

/** Paint times (ms) over `ms` of wall time; with `stepEveryMs`, the recorded steps stream in. */
async function run(ms: number, stepEveryMs: number | null): Promise<number[]> {
  frames = [];
  let next = 0;
  const timer =
    stepEveryMs === null
      ? null
      : setInterval(() => {
          const snapshot = steps[next++];
          if (snapshot) publish(snapshot);
        }, stepEveryMs);
  await new Promise((resolve) => setTimeout(resolve, ms));
  if (timer !== null) clearInterval(timer);
  return frames;
}

(window as unknown as { __bench: unknown }).__bench = {
  ready: () => new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 300)),
  record,
  run,
};
