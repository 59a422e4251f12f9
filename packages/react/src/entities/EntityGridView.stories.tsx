import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, userEvent, within } from 'storybook/test';
import { EntityGridView } from './EntityGridView.js';
import { engineSnapshot } from './fixtures.js';

const meta = {
  title: 'Components/EntityGridView',
  component: EntityGridView,
  parameters: { layout: 'padded' },
} satisfies Meta<typeof EntityGridView>;
export default meta;
type Story = StoryObj<typeof meta>;

const calm = engineSnapshot(0, 3);
const crash = engineSnapshot(-0.45, 6);

/** A calm market: every entity alive, weakest first, the player's bank ringed. */
export const Calm: Story = {
  args: { entities: calm.entities, playerEntityId: calm.player_entity_id, timestep: 3 },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    const grid = canvasElement.querySelector('[data-slot="entity-grid"]');
    await expect(grid).toHaveAttribute('data-state', 'ready');
    await expect(canvasElement.querySelectorAll('li[data-state="defaulted"]')).toHaveLength(0);
    await expect(c.getByRole('region', { name: /^Banks \(\d+, 0 defaulted\)$/ })).toBeVisible();
    await expect(c.getByLabelText(/\(your bank\)/)).toBeVisible();
  },
};

/** After a −45 % property crash: the failed banks last, each saying when it defaulted. */
export const AfterACrash: Story = {
  args: { entities: crash.entities, playerEntityId: crash.player_entity_id, timestep: 6 },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    const defaulted = [...canvasElement.querySelectorAll('li[data-state="defaulted"]')];
    await expect(defaulted.length).toBeGreaterThan(0);
    for (const tile of defaulted) await expect(tile).toHaveTextContent(/Defaulted at t=\d+/);
    const banks = within(c.getByRole('region', { name: /^Banks/ })).getAllByRole('listitem');
    // Defaulted tiles come after every alive one.
    const states = banks.map((tile) => tile.dataset.state);
    await expect(states.indexOf('defaulted')).toBeGreaterThan(states.lastIndexOf('healthy'));
  },
};

/** Tiles as buttons: pressing one selects it (the host shows that entity), again clears it. */
export const Selectable: Story = {
  args: { entities: crash.entities, playerEntityId: crash.player_entity_id },
  render: function Render(args) {
    const [selectedId, setSelectedId] = useState<string | null>(null);
    return (
      <>
        <p data-testid="selected">{selectedId ?? 'none'}</p>
        <EntityGridView {...args} selectedId={selectedId} onSelectEntity={setSelectedId} />
      </>
    );
  },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    const bank = crash.entities.find((e) => e.type === 'bank' && e.alive)!;
    const button = c.getByRole('button', { name: new RegExp(bank.name) });
    await userEvent.click(button);
    await expect(c.getByTestId('selected')).toHaveTextContent(bank.id);
    await expect(button).toHaveAttribute('aria-pressed', 'true');
    await userEvent.keyboard('{Enter}');
    await expect(c.getByTestId('selected')).toHaveTextContent('none');
  },
};

/** Before the snapshot arrives. */
export const Loading: Story = {
  args: { entities: undefined },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Loading entities…')).toBeVisible();
  },
};
