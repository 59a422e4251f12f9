import '../components/testSetup.js';
import type { SimulationSnapshot } from '@simstream/protocol';
import { sampleEntity } from '@simstream/protocol/testing';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ExposureNetworkView } from './ExposureNetworkView.js';

const snapshot: SimulationSnapshot = {
  simulation_id: 'net',
  timestep: 4,
  status: 'running',
  system_health: 0.7,
  alive_agents: 2,
  total_agents: 3,
  prices: { real_estate: 1, equities: 1, sovereign_bonds: 1, corporate_loans: 1 },
  player_entity_id: 'BANK_002',
  entities: [
    sampleEntity('BANK_001', { name: 'First Bank', capital_ratio: 0.15 }),
    sampleEntity('BANK_002', { name: 'Second Bank', capital_ratio: 0.09 }),
    sampleEntity('BANK_003', { name: 'Third Bank', alive: false, defaulted_at: 4 }),
  ],
  exposures: [
    { lender: 'BANK_001', borrower: 'BANK_002', amount: 80 },
    {
      lender: 'BANK_002',
      borrower: 'BANK_003',
      amount: 20,
      status: 'written_off',
      closed_at: 4,
      loss: 11,
    },
  ],
};

describe('ExposureNetworkView', () => {
  it('moves focus over nodes with the keyboard, shows the focused balance sheet, selects with Enter', async () => {
    const onSelectNode = vi.fn();
    render(<ExposureNetworkView snapshot={snapshot} onSelectNode={onSelectNode} />);
    const region = screen.getByRole('region', { name: 'Exposure network' });
    expect(region).toHaveAttribute('data-state', 'ready');
    expect(region).toHaveAttribute('data-defaulted', '1');
    const graph = screen.getByRole('application');
    await userEvent.tab();
    await userEvent.tab();
    expect(graph).toHaveFocus();
    const details = () => document.getElementById(graph.getAttribute('aria-describedby') ?? '')!;
    // The first arrow lands on the player's bank.
    await userEvent.keyboard('{ArrowRight}');
    expect(details()).toHaveTextContent('Second Bank (BANK_002, bank, your bank)');
    expect(details()).toHaveTextContent('Capital 8–12%');
    expect(details()).toHaveTextContent('Borrows (open)80M from 1');
    await userEvent.keyboard('{ArrowRight}');
    expect(details()).toHaveTextContent('Defaulted at timestep 4');
    await userEvent.keyboard('{Home}');
    expect(details()).toHaveTextContent('First Bank');
    expect(details()).toHaveTextContent('Largest loans to: BANK_002 80M');
    await userEvent.keyboard('{Enter}');
    expect(onSelectNode).toHaveBeenLastCalledWith('BANK_001');
    await userEvent.keyboard('{Escape}');
    expect(details()).toHaveTextContent('No entity focused.');
  });

  it('shows the same data as a table, with statuses, and selects from it', async () => {
    const onSelectNode = vi.fn();
    render(
      <ExposureNetworkView snapshot={snapshot} selectedId="BANK_002" onSelectNode={onSelectNode} />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Table' }));
    const table = screen.getByRole('table');
    expect(
      within(table).getByText(/Exposure network at timestep 4: 3 entities, 1 open claims/),
    ).toBeInTheDocument();
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.getAttribute('data-state'))).toEqual(['alive', 'alive', 'defaulted']);
    expect(rows[2]).toHaveTextContent('Defaulted (t4)');
    expect(rows[1]).toHaveTextContent('(yours)');
    expect(within(rows[1]!).getByRole('button', { name: 'Second Bank' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await userEvent.click(within(rows[0]!).getByRole('button', { name: 'First Bank' }));
    expect(onSelectNode).toHaveBeenLastCalledWith('BANK_001');
  });

  it('says when it is loading or the simulation reports no network', () => {
    const { rerender } = render(<ExposureNetworkView snapshot={undefined} />);
    expect(screen.getByRole('region')).toHaveAttribute('data-state', 'loading');
    rerender(<ExposureNetworkView snapshot={{ ...snapshot, exposures: [] }} />);
    expect(screen.getByText('This simulation reports no exposure network.')).toBeInTheDocument();
  });
});
