/**
 * The browser bench page. `?mode=kit`: the real kit (SimulationStreamProvider, EventFeed,
 * useSimulationSnapshot) over the in-page source. `?mode=naive`: the same view fed by a
 * naive hook. bench/browser/browser.ts drives `window.__bench` with Playwright.
 */
import { createStreamClient } from '@simstream/client';
import { type Envelope, type SnapshotResponse } from '@simstream/protocol';
import { EventFeed, SimulationStreamProvider, useSimulationSnapshot } from '@simstream/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createRoot } from 'react-dom/client';
import { EVENTS_PER_TICK } from '../../lib/ticks.js';
import { NaiveFeed } from './NaiveFeed.js';
import { createPageSource, SIMULATION_ID } from './source.js';
import './styles.css';
import { simulationKeys } from '@simstream/client';

const mode = new URLSearchParams(location.search).get('mode') === 'naive' ? 'naive' : 'kit';
const source = createPageSource(400);
const params = new URLSearchParams(location.search);
// `?sharing=off`: the lever experiment — no structural sharing on cache writes (TanStack
// Query deep-compares each new events array with the old one by default).
const structuralSharing = params.get('sharing') !== 'off';
const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, structuralSharing } },
});

function Health() {
  const snapshot = useSimulationSnapshot(SIMULATION_ID);
  return (
    <p data-testid="health">health {snapshot.data?.snapshot.system_health.toFixed(3) ?? '…'}</p>
  );
}

function KitPage() {
  const client = createStreamClient({
    transport: () => source.socket,
    fetch: source.fetch,
    heartbeatIntervalMs: 3_600_000,
  });
  return (
    <SimulationStreamProvider client={client} queryClient={queryClient} options={{ steps: 'full' }}>
      <Health />
      <EventFeed simulationId={SIMULATION_ID} className="h-[28rem]" />
    </SimulationStreamProvider>
  );
}

async function fetchSnapshot(): Promise<SnapshotResponse> {
  const response = await source.fetch(`/api/v1/simulations/${SIMULATION_ID}/snapshot`);
  return (await response.json()) as SnapshotResponse;
}

const root = createRoot(document.getElementById('root') as HTMLElement);
root.render(
  mode === 'kit' ? (
    <KitPage />
  ) : (
    <QueryClientProvider client={queryClient}>
      <NaiveFeed socket={source.socket} fetchSnapshot={fetchSnapshot} />
    </QueryClientProvider>
  ),
);

/** Seq of the newest event the feed shows (kit: the events query; naive: the DOM). */
function appliedSeq(): number {
  if (mode === 'kit') {
    const events = queryClient.getQueryData<Envelope[]>(simulationKeys.events(SIMULATION_ID));
    return events?.at(-1)?.seq ?? 0;
  }
  return source.seq;
}

function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  ] as number;
}

const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** One task per tick, like one WebSocket message per server frame (not clamped like timers). */
const channel = new MessageChannel();
let onTickFed: (events: number) => void = () => {};
channel.port1.onmessage = () => onTickFed(source.feedTicks(1));

/**
 * Feed at `rate` events/s for `ms` (after `warmupMs`) and record rAF intervals. A timer
 * pump posts the ticks due by then, each delivered in its own task.
 */
async function runLevel(rate: number, ms: number, warmupMs: number) {
  const intervals: number[] = [];
  let stop = false;
  let measuring = false;
  let last = await nextFrame();
  const frames = (async () => {
    while (!stop) {
      const t = await nextFrame();
      if (measuring) intervals.push(t - last);
      last = t;
    }
  })();
  const start = performance.now();
  let ticksPosted = 0;
  let eventsFed = 0;
  let measuredEvents = 0;
  let measureStart = 0;
  onTickFed = (events) => {
    eventsFed += events;
    if (measuring) measuredEvents += events;
  };
  while (performance.now() - start < warmupMs + ms) {
    const elapsed = performance.now() - start;
    if (!measuring && elapsed >= warmupMs) {
      measuring = true;
      measureStart = performance.now();
      measuredEvents = 0;
    }
    const due = Math.floor((elapsed / 1000) * (rate / EVENTS_PER_TICK));
    for (; ticksPosted < due; ticksPosted++) channel.port2.postMessage(null);
    await macrotask();
  }
  const seconds = (performance.now() - measureStart) / 1000;
  stop = true;
  await frames;
  onTickFed = () => {};
  // How far behind the feed the view is when the level ends (the kit coalesces per frame).
  await nextFrame();
  await nextFrame();
  const lag = source.seq - appliedSeq();
  return {
    rate,
    fedPerSec: measuredEvents / seconds,
    eventsFed,
    frames: intervals.length,
    p50: quantile(intervals, 0.5),
    p95: quantile(intervals, 0.95),
    p99: quantile(intervals, 0.99),
    lag,
  };
}

/** Feed `events` as fast as the page absorbs them (ticks in chunks, a frame between). */
async function feed(events: number) {
  const target = source.seq + events;
  while (source.seq < target) {
    source.feedTicks(Math.min(200, Math.ceil((target - source.seq) / EVENTS_PER_TICK)));
    await nextFrame();
  }
  await nextFrame();
  await nextFrame();
  return {
    seq: source.seq,
    applied: appliedSeq(),
    rows: document.querySelectorAll('[role="row"], li').length,
  };
}

async function ready(): Promise<boolean> {
  for (let i = 0; i < 500; i++) {
    if (document.querySelector('[data-testid="health"]')?.textContent?.includes('0.')) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return false;
}

Object.assign(window, { __bench: { mode, runLevel, feed, ready } });
