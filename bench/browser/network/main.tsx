/**
 * The network bench page: `ExposureNetworkView` (production React, the kit from its sources)
 * drawing a real engine's network of `?nodes=N` banks (the engine's own market on a random
 * network of mean degree 10: 1,000 banks have ~10,000 claims), while the engine steps and each
 * step's snapshot is handed to the view as the live cache holds it (each step applied to the
 * previous snapshot as a delta, so unchanged claims keep their identity, as they do in the
 * kit). `?nodes=0` draws nothing: the same-run baseline of an idle page's frames.
 * Loaded by ../entry.ts at `?page=network`. bench/browser/network.ts drives `window.__bench`
 * with Playwright and reads the view's own paint times (`onFrame`) and the page's frame
 * intervals (requestAnimationFrame).
 */
import { applyDelta, diffSnapshots, type SimulationSnapshot } from '@simstream/protocol';
import { ExposureNetworkView } from '@simstream/react/network';
import { createEngine } from '@simstream/simulation';
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import '../page/styles.css';

const nodes = Number(new URLSearchParams(location.search).get('nodes') ?? 100);
const engine =
  nodes > 0
    ? createEngine({
        simulationId: 'bench',
        seed: 3,
        banks: nodes,
        funds: 0,
        network: 'erdos-renyi',
        meanDegree: 10,
        decisions: false,
      })
    : null;
let paints: number[] = [];
let publish: (snapshot: SimulationSnapshot) => void = () => {};

function Page() {
  const [snapshot, setSnapshot] = useState(() => engine?.snapshot());
  useEffect(() => {
    publish = setSnapshot;
  }, []);
  if (!snapshot) return <p>Idle page (the baseline).</p>;
  return (
    <ExposureNetworkView
      snapshot={snapshot}
      height={600}
      animate
      onFrame={(ms) => paints.push(ms)}
    />
  );
}

createRoot(document.getElementById('root')!).render(<Page />);

let steps: SimulationSnapshot[] = [];

/**
 * Runs a −30 % real-estate crash and `count` steps ahead, keeping each step's snapshot as the
 * live cache would hold it: the engine's own cost (a server's, in production) stays out of
 * the measured frames. Returns how many defaulted by the last step.
 */
function record(count: number): number {
  if (!engine) return 0;
  engine.applyShock({ shock_type: 'asset_price_crash', target: 'real_estate', magnitude: -0.3 });
  let wire = engine.snapshot();
  let cached = wire;
  steps = [];
  for (let i = 0; i < count; i += 1) {
    engine.step();
    const next = engine.snapshot();
    cached = applyDelta(cached, diffSnapshots(wire, next));
    wire = next;
    steps.push(cached);
  }
  return cached.entities.filter((e) => !e.alive).length;
}

/** Frames after the last step in which its defaults are still in flight (1.2 s at 60 Hz). */
const TAIL_FRAMES = 75;

/**
 * Over `ms` of wall time (or until `until()`): the view's paint times and the page's frame
 * intervals (ms). With `stepEveryFrames`, the recorded steps stream in, one every that many
 * animation frames (6: every 100 ms at 60 Hz), and the run ends once the last step's dots
 * have landed (or at `ms`). Paced by frames, not by a timer: on a loaded machine a timer
 * piles several steps into one late frame, and the frame cost then measures the machine's
 * load, not a step's work.
 */
async function run(
  ms: number,
  stepEveryFrames: number | null,
  until: () => boolean = () => false,
): Promise<{ paints: number[]; intervals: number[] }> {
  paints = [];
  const intervals: number[] = [];
  let next = 0;
  let frames = 0;
  let running = true;
  let last: number | null = null;
  const streamed = () =>
    stepEveryFrames !== null && frames > steps.length * stepEveryFrames + TAIL_FRAMES;
  const onFrame = (now: number) => {
    if (last !== null) intervals.push(now - last);
    last = now;
    frames += 1;
    if (stepEveryFrames !== null && frames % stepEveryFrames === 0) {
      const snapshot = steps[next++];
      if (snapshot) publish(snapshot);
    }
    if (running) requestAnimationFrame(onFrame);
  };
  requestAnimationFrame(onFrame);
  const end = performance.now() + ms;
  while (performance.now() < end && !until() && !streamed())
    await new Promise((resolve) => setTimeout(resolve, 50));
  running = false;
  return { paints, intervals };
}

/** The first paint's layout coming to rest: how long it took, and the frames meanwhile. */
async function settle(maxMs: number) {
  const started = performance.now();
  const settled = () => document.querySelector('[data-layout="settled"]') !== null;
  const frames = await run(maxMs, null, settled);
  return { ms: performance.now() - started, settled: settled(), ...frames };
}

(window as unknown as { __bench: unknown }).__bench = {
  ready: () => new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 300)),
  settle,
  record,
  run,
};
