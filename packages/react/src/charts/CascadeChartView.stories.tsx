import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { CascadeChartView } from './CascadeChartView.js';
import { cascadeSeries, costliestDefaults } from './cascadeSeries.js';
import { recordedRun } from './fixtures.js';

const meta = {
  title: 'Components/CascadeChartView',
  component: CascadeChartView,
  parameters: { layout: 'padded' },
} satisfies Meta<typeof CascadeChartView>;
export default meta;
type Story = StoryObj<typeof meta>;

const calm = recordedRun(0, 20);
const crash = recordedRun(-0.35, 12);

/** No default yet: the caption and the ranking say so. */
export const Calm: Story = {
  args: { points: cascadeSeries(calm, null), costliest: costliestDefaults(calm, null) },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    await expect(canvasElement.querySelector('[data-slot="cascade-chart"]')).toHaveAttribute(
      'data-state',
      'calm',
    );
    await expect(c.getByText('No defaults yet.')).toBeVisible();
    await expect(c.getByText('None yet.')).toBeVisible();
  },
};

/** A −35 % property crash: defaults by cause per timestep, the costliest ranked first. */
export const CascadeUnfolding: Story = {
  args: { points: cascadeSeries(crash, null), costliest: costliestDefaults(crash, null) },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    await expect(c.getByRole('figure')).toHaveAccessibleName(/\d+ defaults over \d+ timesteps/);
    const ranking = c.getByRole('list', { name: 'Defaults ranked by creditor losses' });
    const losses = within(ranking)
      .getAllByRole('listitem')
      .map((item) => Number(/([\d,.]+)M$/.exec(item.textContent ?? '')?.[1]?.replace(/,/g, '')));
    await expect(losses.length).toBeGreaterThan(0);
    await expect(losses).toEqual([...losses].sort((a, b) => b - a));
  },
};
