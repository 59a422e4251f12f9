import '../components/testSetup.js';
// First: msw listens before engine.io-client (loaded by the imports below) captures WebSocket.
import { server } from './mswServer.testkit.js';
import { createStreamClient, simulationKeys } from '@simstream/client';
import { createManualClock } from '@simstream/hub';
import { createMockStream, type MockStream, type MockStreamOptions } from '@simstream/mock';
import { QueryClient } from '@tanstack/react-query';
import { act, configure, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SimulationStreamProvider } from '../SimulationStreamProvider.js';
import { useConnectionState } from '../useConnectionState.js';
import { useDecisions } from '../useDecisions.js';
import { useSimulationEvents } from '../useSimulationEvents.js';
import { useSimulationSnapshot } from '../useSimulationSnapshot.js';
import { useSimulationStream } from '../useSimulationStream.js';
import { HealthChart } from '../charts/index.js';
import { RunTimeline, useSimulationAt, useSimulationTimeline } from './index.js';

// Two clients, a real hub and REST through msw on a shared 2-core machine: every wait below
// is for an outcome (a seq, a timestep shown), never for speed, so give each one time.
configure({ asyncUtilTimeout: 15_000 });

let mock: MockStream | null = null;
const stops: Array<() => void> = [];

afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  mock?.dispose();
  mock = null;
  server.resetHandlers();
});
afterAll(() => server.close());

/** One viewer: its own stream client and QueryClient, the live hooks a dashboard uses. */
function viewer(url: string) {
  const client = createStreamClient({ url, lingerMs: 0 });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  stops.push(() => client.destroy());
  return { client, queryClient };
}

function Wrap({ viewer: v, children }: { viewer: ReturnType<typeof viewer>; children: ReactNode }) {
  return (
    <SimulationStreamProvider client={v.client} queryClient={v.queryClient}>
      {children}
    </SimulationStreamProvider>
  );
}

function Live({ id, name }: { id: string; name: string }) {
  const snapshot = useSimulationSnapshot(id);
  useSimulationEvents(id);
  useDecisions(id);
  const stream = useSimulationStream(id);
  const connection = useConnectionState();
  return (
    <p
      data-testid={`${name}-live`}
      data-ready={connection.status === 'live' && stream?.phase === 'live'}
    >
      {snapshot.data?.seq ?? 'none'}
    </p>
  );
}

/** Every render of the Traveller: the timeline's mode and the timestep its view showed. */
const renders: Array<{ mode: string; timestep: number | undefined }> = [];

function Traveller({ id }: { id: string }) {
  const timeline = useSimulationTimeline(id, { stepIntervalMs: 40 });
  const { snapshot } = useSimulationAt(id, timeline.position);
  renders.push({ mode: timeline.mode, timestep: snapshot?.timestep });
  return (
    <>
      <RunTimeline timeline={timeline} />
      <HealthChart simulationId={id} at={timeline.position} />
      <p data-testid="shown" data-seq={timeline.position?.seq}>
        {snapshot ? `t${snapshot.timestep}` : 'none'}
      </p>
    </>
  );
}

/** The mock server for `scenario` (a real hub on a manual clock), its handlers installed. */
function startMock(scenario: MockStreamOptions['scenario']): MockStream {
  const clock = createManualClock(Date.parse('2025-01-01T00:00:00Z'));
  mock = createMockStream({ clock, scenario });
  server.use(...mock.handlers);
  return mock;
}

/** Viewer `a`: the live hooks a dashboard uses and the Traveller, on its own client. */
function ViewerA({ id, viewer: a }: { id: string; viewer: ReturnType<typeof viewer> }) {
  return (
    <Wrap viewer={a}>
      <Live id={id} name="a" />
      <Traveller id={id} />
    </Wrap>
  );
}

/** Every query's key and data, in a stable order: what "the caches" of a viewer are. */
const caches = (qc: QueryClient) =>
  qc
    .getQueryCache()
    .getAll()
    .map((q) => [q.queryHash, q.state.data] as const)
    .sort(([a], [b]) => a.localeCompare(b));

describe('useSimulationTimeline + RunTimeline against the mock server (real hub)', {
  timeout: 90_000,
}, () => {
  it('scrubs, plays and returns to live without touching the live caches', async () => {
    const { simulationId: id, url } = startMock('calmMarket');
    const step = (n: number) => act(() => mock!.controls.step(n));
    const a = viewer(url);
    const b = viewer(url);
    render(
      <>
        <ViewerA id={id} viewer={a} />
        <Wrap viewer={b}>
          <Live id={id} name="b" />
        </Wrap>
      </>,
    );
    const seqOf = (name: string) => screen.getByTestId(`${name}-live`).textContent;
    await waitFor(() => expect(seqOf('a')).not.toBe('none'));
    await waitFor(() => {
      for (const name of ['a', 'b'])
        expect(screen.getByTestId(`${name}-live`)).toHaveAttribute('data-ready', 'true');
    });
    step(12);
    const at = () => String(mock!.runtime.seq);
    await waitFor(() => expect([seqOf('a'), seqOf('b')]).toEqual([at(), at()]));
    const group = screen.getByRole('group', { name: 'Run timeline' });
    expect(group).toHaveAttribute('data-state', 'live');

    // Scrub back: the view shows timestep 3; the live cache stays at now and keeps moving.
    const slider = screen.getByRole('slider', { name: 'Timestep' });
    fireEvent.change(slider, { target: { value: '0' } });
    await waitFor(() => expect(screen.getByTestId('shown')).toHaveTextContent('t0'));
    const fromPast = renders.length;
    fireEvent.change(slider, { target: { value: '3' } });
    await waitFor(() => expect(screen.getByTestId('shown')).toHaveTextContent('t3'));
    expect(group).toHaveAttribute('data-state', 'scrubbing');
    // The health chart follows the timeline: its history ends at the moment shown.
    expect(screen.getByRole('figure')).toHaveAccessibleName(/at timestep 3$/);
    step(3);
    await waitFor(() => expect([seqOf('a'), seqOf('b')]).toEqual([at(), at()]));
    expect(screen.getByTestId('shown')).toHaveTextContent('t3');

    // Play forward: timesteps advance on their own; pause holds; Live returns to now.
    await userEvent.click(screen.getByRole('button', { name: 'Play' }));
    expect(group).toHaveAttribute('data-state', 'playing');
    await waitFor(() => expect(screen.getByTestId('shown')).toHaveTextContent('t6'));
    await userEvent.click(screen.getByRole('button', { name: 'Pause' }));
    expect(group).toHaveAttribute('data-state', 'scrubbing');
    // While a scrubbed or replayed step loads, the previous past step stays shown: the view
    // never flashed back to the live timestep (12 and later) between past ones.
    const past = renders.slice(fromPast).filter((r) => r.mode !== 'live');
    expect(past.length).toBeGreaterThan(0);
    expect(past.filter((r) => r.timestep === undefined || r.timestep >= 12)).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: 'Live' }));
    expect(group).toHaveAttribute('data-state', 'live');
    const now = mock!.runtime.snapshot().snapshot.timestep;
    await waitFor(() => expect(screen.getByTestId('shown')).toHaveTextContent(`t${now}`));
    await waitFor(() =>
      expect(screen.getByRole('figure')).toHaveAccessibleName(new RegExp(`at timestep ${now}$`)),
    );

    // A viewer who scrubbed and returned holds exactly what one who never did holds.
    step(2);
    await waitFor(() => expect([seqOf('a'), seqOf('b')]).toEqual([at(), at()]));
    await waitFor(() => expect(caches(a.queryClient)).toEqual(caches(b.queryClient)));
    expect(caches(a.queryClient).some(([hash]) => hash.includes('"timeline"'))).toBe(false);
  });

  it('says when a timestep is no longer held and shows the nearest one', async () => {
    const { simulationId: id, url } = startMock({
      description: 'short log',
      hub: { logCapacity: 30 },
      simulation: { autoStart: false },
    });
    render(<ViewerA id={id} viewer={viewer(url)} />);
    await waitFor(() => expect(screen.getByTestId('a-live')).toHaveAttribute('data-ready', 'true'));
    act(() => {
      for (let i = 0; i < 40; i += 1) mock!.runtime.stepNow();
    });
    await waitFor(() =>
      expect(screen.getByTestId('a-live')).toHaveTextContent(String(mock!.runtime.seq)),
    );
    fireEvent.change(screen.getByRole('slider', { name: 'Timestep' }), { target: { value: '0' } });
    const status = await screen.findByText(
      /Timestep 0 is no longer held by the server \(it holds \d+–40\); showing \d+, the nearest\./,
    );
    const nearest = Number(/showing (\d+)/.exec(status.textContent ?? '')?.[1]);
    expect(nearest).toBeGreaterThan(1);
    await waitFor(() => expect(screen.getByTestId('shown')).toHaveTextContent(`t${nearest}`));
  });

  it('never shows the run before a reset: the timeline is keyed by epoch and run', async () => {
    const { simulationId: id, url } = startMock('calmMarket');
    const a = viewer(url);
    render(<ViewerA id={id} viewer={a} />);
    const live = screen.getByTestId('a-live');
    await waitFor(() => expect(live).toHaveAttribute('data-ready', 'true'));
    const settle = () => waitFor(() => expect(live).toHaveTextContent(String(mock!.runtime.seq)));
    act(() => mock!.controls.step(8));
    await settle();
    const slider = screen.getByRole('slider', { name: 'Timestep' });
    const shown = screen.getByTestId('shown');
    fireEvent.change(slider, { target: { value: '3' } });
    await waitFor(() => expect(shown).toHaveTextContent('t3'));
    const firstRun = Number(shown.getAttribute('data-seq'));
    fireEvent.change(slider, { target: { value: '5' } });
    await waitFor(() => expect(shown).toHaveTextContent('t5'));

    // Reset while scrubbing: a new run from timestep 0 (same epoch, the seq goes on).
    const resetAt = mock!.runtime.seq;
    act(() => mock!.runtime.reset());
    act(() => mock!.controls.step(8));
    await settle();
    fireEvent.change(slider, { target: { value: '3' } });
    await waitFor(() => expect(Number(shown.getAttribute('data-seq'))).toBeGreaterThan(resetAt));
    expect(shown).toHaveTextContent('t3');
    expect(firstRun).toBeLessThan(resetAt);
    // Both runs' entries are apart in the cache; back to live drops them all.
    const runs = new Set(
      a.queryClient
        .getQueryCache()
        .findAll({ queryKey: simulationKeys.timelines(id) })
        .map((q) => q.queryKey.slice(-2, -1)[0]),
    );
    expect([...runs].sort()).toEqual([0, 1]);
    await userEvent.click(screen.getByRole('button', { name: 'Live' }));
    expect(
      a.queryClient.getQueryCache().findAll({ queryKey: simulationKeys.timelines(id) }),
    ).toEqual([]);
  });
});
