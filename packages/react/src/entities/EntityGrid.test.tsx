import '../components/testSetup.js';
import type { EngineEvent, SimulationSnapshot } from '@simstream/protocol';
import { createEngine } from '@simstream/simulation';
import { QueryClient } from '@tanstack/react-query';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { stepEvent } from '../../../client/src/testing/fixtures.js';
import { setup } from '../../../client/src/testing/harness.js';
import { SimulationStreamProvider } from '../SimulationStreamProvider.js';
import { EntityGrid, EntityGridView, entityHealth, MIN_CAPITAL_RATIO } from './index.js';

/** A real engine run: a −45 % real-estate crash, then `steps` steps (seed 3: defaults by 4). */
function crashed(steps: number): SimulationSnapshot {
  const engine = createEngine({ simulationId: 'grid', seed: 3 });
  engine.applyShock({ shock_type: 'asset_price_crash', target: 'real_estate', magnitude: -0.45 });
  for (let i = 0; i < steps; i += 1) engine.step();
  return engine.snapshot();
}

const tiles = (root: HTMLElement) => [...root.querySelectorAll<HTMLElement>('li[data-entity-id]')];

describe('EntityGridView', () => {
  it('groups banks and funds weakest first, defaulted last, with the state in words', () => {
    const snapshot = crashed(6);
    const defaulted = snapshot.entities.filter((e) => !e.alive);
    expect(defaulted.length).toBeGreaterThan(0);
    render(
      <EntityGridView
        entities={snapshot.entities}
        playerEntityId={snapshot.player_entity_id}
        timestep={snapshot.timestep}
      />,
    );
    const grid = document.querySelector<HTMLElement>('[data-slot="entity-grid"]')!;
    expect(grid).toHaveAttribute('data-state', 'ready');
    expect(grid).toHaveAttribute('data-timestep', String(snapshot.timestep));
    const banks = screen.getByRole('region', { name: /^Banks/ });
    const bankCount = snapshot.entities.filter((e) => e.type === 'bank').length;
    const bankDefaults = defaulted.filter((e) => e.type === 'bank').length;
    expect(banks).toHaveAccessibleName(`Banks (${bankCount}, ${bankDefaults} defaulted)`);
    expect(screen.getByRole('region', { name: /^Funds/ })).toBeInTheDocument();

    // Weakest first, defaulted last: the capital ratios of the alive tiles never fall.
    const bankTiles = tiles(banks);
    const states = bankTiles.map((t) => t.dataset.state);
    expect(states.slice(-bankDefaults)).toEqual(Array(bankDefaults).fill('defaulted'));
    const byId = new Map(snapshot.entities.map((e) => [e.id, e]));
    const ratios = bankTiles
      .filter((t) => t.dataset.state !== 'defaulted')
      .map((t) => byId.get(t.dataset.entityId!)!.capital_ratio);
    expect(ratios).toEqual([...ratios].sort((a, b) => a - b));

    // Every tile says its state in words, not only in colour.
    for (const tile of bankTiles) {
      const entity = byId.get(tile.dataset.entityId!)!;
      expect(tile.dataset.state).toBe(entityHealth(entity));
      if (!entity.alive) expect(tile).toHaveTextContent(`Defaulted at t=${entity.defaulted_at}`);
      else if (entity.capital_ratio < MIN_CAPITAL_RATIO)
        expect(tile).toHaveTextContent('Under-capitalised');
      else expect(tile).toHaveTextContent('Healthy');
    }
    const player = bankTiles.find((t) => t.dataset.entityId === snapshot.player_entity_id)!;
    expect(player).toHaveAccessibleName(/\(your bank\)/);
    expect(within(player).getByText('you')).toBeVisible();
  });

  it('selects an entity with its tile button, and clears it when pressed again', async () => {
    const snapshot = crashed(1);
    const onSelect = vi.fn();
    const { rerender } = render(
      <EntityGridView entities={snapshot.entities} onSelectEntity={onSelect} />,
    );
    const first = snapshot.entities.find((e) => e.type === 'bank')!;
    const button = screen.getByRole('button', { name: new RegExp(first.name) });
    expect(button).toHaveAttribute('aria-pressed', 'false');
    await userEvent.click(button);
    expect(onSelect).toHaveBeenLastCalledWith(first.id);
    rerender(
      <EntityGridView
        entities={snapshot.entities}
        onSelectEntity={onSelect}
        selectedId={first.id}
      />,
    );
    expect(button).toHaveAttribute('aria-pressed', 'true');
    button.focus();
    await userEvent.keyboard('{Enter}');
    expect(onSelect).toHaveBeenLastCalledWith(null);
  });

  it('says when it is loading or there is nothing to show', () => {
    const { rerender } = render(<EntityGridView entities={undefined} />);
    expect(screen.getByText('Loading entities…')).toBeVisible();
    rerender(<EntityGridView entities={[]} />);
    expect(screen.getByText('No entities.')).toBeVisible();
  });
});

describe('EntityGrid (connected)', () => {
  it('follows the live snapshot, and shows a past timestep when given `at`', async () => {
    const { client, server } = setup({ lingerMs: 50 });
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const past = crashed(0);
    const view = (at: { timestep: number; seq: number; snapshot: SimulationSnapshot } | null) => (
      <SimulationStreamProvider client={client} queryClient={queryClient}>
        <EntityGrid simulationId="sim" at={at} />
      </SimulationStreamProvider>
    );
    const { rerender } = render(view(null));
    const grid = () => document.querySelector<HTMLElement>('[data-slot="entity-grid"]')!;
    await waitFor(() => expect(grid()).toHaveAttribute('data-state', 'ready'));
    expect(tiles(grid())).toHaveLength(3);
    // A step streams in: the grid follows it.
    await waitFor(() => expect(server.subscription('sim') !== undefined).toBe(true));
    act(() => {
      server.publish('sim', [stepEvent('sim', 1, 5) as EngineEvent]);
    });
    await waitFor(() => expect(grid()).toHaveAttribute('data-timestep', '1'));
    expect(tiles(grid())).toHaveLength(5);

    // Pointed at a past moment: that moment's entities; back to live: the live ones again.
    rerender(view({ timestep: past.timestep, seq: 1, snapshot: past }));
    expect(grid()).toHaveAttribute('data-timestep', String(past.timestep));
    expect(tiles(grid())).toHaveLength(past.entities.length);
    rerender(view(null));
    expect(grid()).toHaveAttribute('data-timestep', '1');
    expect(tiles(grid())).toHaveLength(5);
    client.destroy();
  });
});
