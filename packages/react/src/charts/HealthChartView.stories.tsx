import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { recordedRun } from './fixtures.js';
import { HealthChartView } from './HealthChartView.js';
import { healthSeries } from './healthSeries.js';

const meta = {
  title: 'Components/HealthChartView',
  component: HealthChartView,
  parameters: { layout: 'padded' },
  args: { totalAgents: 30 },
} satisfies Meta<typeof HealthChartView>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Before the first step: a waiting message instead of an empty plot. */
export const WaitingForTheFirstStep: Story = {
  args: { points: [] },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    await expect(c.getByRole('figure')).toHaveAttribute('data-state', 'empty');
    await expect(c.getByText('Waiting for the first step…')).toBeVisible();
  },
};

/** Thirty calm steps of the engine's own market: health high, every agent alive. */
export const Calm: Story = {
  args: { points: healthSeries(recordedRun(0, 30), undefined, 120) },
  play: async ({ canvasElement }) => {
    const figure = within(canvasElement).getByRole('figure');
    await expect(figure).toHaveAttribute('data-state', 'ready');
    await expect(figure).toHaveAccessibleName(
      /over the last 30 timesteps ?: now \d+(\.\d)? % health and 30 alive agents at timestep 30/,
    );
  },
};

/** A −35 % property crash: health falls and agents default, step by step. */
export const AfterACrash: Story = {
  args: { points: healthSeries(recordedRun(-0.35, 30), undefined, 120) },
  play: async ({ canvasElement }) => {
    const figure = within(canvasElement).getByRole('figure');
    const name = figure.getAttribute('aria-labelledby');
    const caption = canvasElement.querySelector(`[id="${name}"]`)?.textContent ?? '';
    const alive = Number(/and (\d+) alive agents/.exec(caption)?.[1]);
    await expect(alive).toBeLessThan(30);
    await expect(within(figure).getByRole('img')).toBeVisible();
  },
};
