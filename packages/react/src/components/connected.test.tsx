import './testSetup.js';
import type { EngineEvent, Envelope } from '@simstream/protocol';
import { QueryClient } from '@tanstack/react-query';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { snapshotAt, stepEvent } from '../../../client/src/testing/fixtures.js';
import { setup } from '../../../client/src/testing/harness.js';
import { SimulationStreamProvider } from '../SimulationStreamProvider.js';
import { DecisionPrompt } from './DecisionPrompt.js';
import { EventFeed } from './EventFeed.js';
import {
  defaultEvent,
  pendingDecisionEvent,
  resolvedDecisionEvent,
  shockEvent,
} from './fixtures.js';
import { LiveIndicator } from './LiveIndicator.js';

/** The connected components against the real stream client and the real server core (in memory). */
function harness() {
  const { client, server } = setup({ lingerMs: 50 });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const renderLive = (ui: ReactNode) =>
    render(
      <SimulationStreamProvider client={client} queryClient={queryClient}>
        {ui}
      </SimulationStreamProvider>,
    );
  const publish = (...envelopes: Envelope[]) =>
    act(() => {
      server.publish(
        'sim',
        envelopes.map(({ type, data }) => ({ type, data }) as EngineEvent),
      );
    });
  return { client, server, renderLive, publish };
}

describe('connected components', () => {
  it('LiveIndicator follows the connection and reconnects from offline', async () => {
    const { client, renderLive } = harness();
    renderLive(<LiveIndicator simulationId="sim" />);
    const indicator = screen.getByRole('status');
    await waitFor(() => expect(indicator).toHaveAttribute('data-state', 'live'));
    act(() => client.disconnect());
    await waitFor(() => expect(indicator).toHaveAttribute('data-state', 'offline'));
    await userEvent.click(screen.getByRole('button', { name: 'Reconnect' }));
    await waitFor(() => expect(indicator).toHaveAttribute('data-state', 'live'));
  });

  it('EventFeed shows events as they stream in, newest first', async () => {
    const { renderLive, publish, server } = harness();
    renderLive(<EventFeed simulationId="sim" initialRect={{ width: 600, height: 600 }} />);
    await waitFor(() => expect(server.subscription('sim') !== undefined).toBe(true));
    publish(shockEvent(1), defaultEvent(2));
    await screen.findByText('Bank 008 defaulted');
    const rows = screen.getAllByRole('listitem');
    expect(rows[0]).toHaveAttribute('data-type', 'entity_default');
    expect(rows[1]).toHaveTextContent('Real estate prices −30%');
  });

  it('EventFeed starts again at a reset, showing the new run as a viewer loaded after it does', async () => {
    const { server, renderLive, publish } = harness();
    const box = { width: 600, height: 600 };
    renderLive(<EventFeed simulationId="sim" initialRect={box} />);
    await waitFor(() => expect(server.subscription('sim') !== undefined).toBe(true));
    publish(shockEvent(1), defaultEvent(2));
    await screen.findByText('Bank 008 defaulted');

    act(() => {
      server.reset('sim', snapshotAt('sim', 0));
    });
    publish(stepEvent('sim', 1) as Envelope);
    const oldest = () => screen.getAllByRole('listitem').at(-1);
    await waitFor(() => expect(oldest()).toHaveTextContent(/^Run restarted at \d/));
    // The earlier run's shock and default are gone: its banks are not the ones on screen.
    expect(screen.queryByText('Bank 008 defaulted')).not.toBeInTheDocument();
    expect(screen.queryByText('Real estate prices −30%')).not.toBeInTheDocument();
    const watched = screen.getAllByRole('listitem');
    expect(watched.at(-1)).toHaveTextContent(
      "A new run from step 0 · the earlier run's events are cleared",
    );
    expect(watched[0]).toHaveTextContent('Step 1');

    // A viewer that loads now (its own client and caches, REST first) sees the same rows.
    const fresh = setup({ lingerMs: 50 }, server);
    const freshCache = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const { container } = render(
      <SimulationStreamProvider client={fresh.client} queryClient={freshCache}>
        <EventFeed simulationId="sim" initialRect={box} />
      </SimulationStreamProvider>,
    );
    const rowsOf = (root: ParentNode) =>
      [...root.querySelectorAll('[data-slot="event-feed-row"]')].map((row) => ({
        seq: row.getAttribute('data-seq'),
        text: row.textContent,
      }));
    await waitFor(() => expect(rowsOf(container)).toHaveLength(watched.length));
    expect(rowsOf(container)).toEqual(rowsOf(watched[0]!.parentElement!));
  });

  it('EventFeed with `at` shows the events up to that moment, and live again without it', async () => {
    const { client, server, publish } = harness();
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const feed = (at: { seq: number } | null) => (
      <SimulationStreamProvider client={client} queryClient={queryClient}>
        <EventFeed simulationId="sim" at={at} initialRect={{ width: 600, height: 600 }} />
      </SimulationStreamProvider>
    );
    const { rerender } = render(feed(null));
    await waitFor(() => expect(server.subscription('sim') !== undefined).toBe(true));
    publish(shockEvent(1), defaultEvent(2));
    await screen.findByText('Bank 008 defaulted');
    const seqs = () => screen.getAllByRole('listitem').map((row) => Number(row.dataset.seq));
    const [newest, older] = seqs() as [number, number];
    expect(newest).toBeGreaterThan(older);
    // The timeline's moment is the shock's seq: the default after it is not shown.
    rerender(feed({ seq: older }));
    expect(seqs()).toEqual([older]);
    expect(screen.queryByText('Bank 008 defaulted')).toBeNull();
    rerender(feed(null));
    expect(seqs()).toEqual([newest, older]);
  });

  it('LiveIndicator and EventFeed together stay on compact steps; step rows come from the summaries', async () => {
    const { renderLive, server } = harness();
    renderLive(
      <>
        <LiveIndicator simulationId="sim" />
        <EventFeed simulationId="sim" initialRect={{ width: 600, height: 600 }} />
      </>,
    );
    await waitFor(() => expect(server.subscription('sim')?.steps).toBe('compact'));
    act(() => {
      server.publish('sim', [stepEvent('sim', 1), stepEvent('sim', 2), stepEvent('sim', 3)]);
    });
    await screen.findByText('Step 3');
    const rows = screen.getAllByRole('listitem');
    expect(rows.map((r) => r.getAttribute('data-type'))).toEqual([
      'simulation_step',
      'simulation_step',
      'simulation_step',
    ]);
    expect(rows[0]).toHaveTextContent('health 90% · 3 alive');
  });

  it('DecisionPrompt answers the pending decision and shows it accepted', async () => {
    const { renderLive, publish, server } = harness();
    renderLive(<DecisionPrompt simulationId="sim" />);
    await waitFor(() => expect(server.subscription('sim') !== undefined).toBe(true));
    publish(pendingDecisionEvent(1));
    const region = await screen.findByRole('region', { name: 'Risk Alert: High NPA Levels' });
    await userEvent.click(screen.getByRole('button', { name: 'Hold and work out' }));
    await waitFor(() => expect(region).toHaveAttribute('data-state', 'accepted'));
    expect(screen.getByRole('status')).toHaveTextContent(
      'Your answer was accepted: Hold and work out.',
    );
  });

  it('DecisionPrompt updates in place when another viewer resolves it', async () => {
    const { renderLive, publish, server } = harness();
    renderLive(<DecisionPrompt simulationId="sim" />);
    await waitFor(() => expect(server.subscription('sim') !== undefined).toBe(true));
    publish(pendingDecisionEvent(1));
    const region = await screen.findByRole('region', { name: 'Risk Alert: High NPA Levels' });
    publish(resolvedDecisionEvent(2));
    await waitFor(() => expect(region).toHaveAttribute('data-state', 'already_decided'));
    expect(screen.getByRole('status')).toHaveTextContent(
      'Already decided by viewer-2: Hold and work out won.',
    );
  });
});
