import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect, useState } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { EventFeedView, type EventFeedViewProps } from './EventFeedView.js';
import {
  defaultEvent,
  manySteps,
  pendingDecisionEvent,
  resolvedDecisionEvent,
  shockEvent,
  statusEvent,
  stepSummary,
} from './fixtures.js';
import type { FeedEvent } from '@simstream/client';

/**
 * A short, realistic history as `useSimulationEvents` returns it (steps as summaries): steps,
 * a shock, defaults, a decision and a status change.
 */
const MIXED: FeedEvent[] = [
  stepSummary(1),
  stepSummary(2),
  shockEvent(3),
  stepSummary(4, 3, 0.8, 19),
  defaultEvent(5),
  stepSummary(6, 4, 0.7, 18),
  pendingDecisionEvent(7),
  statusEvent(8),
  stepSummary(9, 5, 0.65, 18),
];

const meta = {
  title: 'Kit/EventFeed',
  component: EventFeedView,
  args: { events: MIXED, onFilterChange: fn(), onSelectDecision: fn(), className: 'h-96 max-w-xl' },
} satisfies Meta<typeof EventFeedView>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Connected, but the simulation has emitted nothing yet. */
export const Empty: Story = {
  args: { events: [] },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('No events yet.')).toBeVisible();
  },
};

/** The initial load (snapshot and history) is still on its way. */
export const Loading: Story = {
  args: { events: [], loading: true },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('log')).toHaveAttribute('aria-busy', 'true');
  },
};

/** Following the stream: newest first, a pending decision offers "Open decision". */
export const Live: Story = {
  play: async ({ canvas, args }) => {
    const log = canvas.getByRole('log', { name: 'Simulation events' });
    await expect(within(log).getAllByRole('listitem').length).toBeGreaterThan(0);
    await userEvent.click(within(log).getByRole('button', { name: /open decision/i }));
    await expect(args.onSelectDecision).toHaveBeenCalledWith('dec-1');
  },
};

/**
 * Rows fill the log exactly, padding and the tone border included, and the `#seq` column is
 * not clipped — with only the kit's CSS (no host reset, as in an app without Tailwind).
 */
export const RowsFitTheLog: Story = {
  play: async ({ canvas }) => {
    const log = canvas.getByRole('log', { name: 'Simulation events' });
    const logBox = log.getBoundingClientRect();
    const rows = within(log).getAllByRole('listitem');
    for (const row of rows) {
      await expect(row.getBoundingClientRect().width).toBeCloseTo(log.clientWidth, 0);
      const seq = within(row).getByText(/^#\d+$/);
      await expect(seq.getBoundingClientRect().right).toBeLessThanOrEqual(
        logBox.left + log.clientWidth,
      );
    }
    // Utilities like `border` assume the reset's `border-style: solid`; the kit brings its own.
    const toggle = canvas.getAllByRole('button', { pressed: true })[0]!;
    await expect(getComputedStyle(toggle).borderTopStyle).toBe('solid');
    await expect(getComputedStyle(toggle).boxSizing).toBe('border-box');
  },
};

/** Only defaults and shocks: the user switched the other categories off. */
export const Filtered: Story = {
  args: { defaultFilter: ['entity_default', 'shock_applied'] },
};

/** Every category switched off: nothing matches, and the feed says so. */
export const NoMatchingEvents: Story = {
  args: { defaultFilter: [] },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('No events match the filter.')).toBeVisible();
  },
};

/** The user filters the feed by pressing the category toggles. */
export const FilterTheFeed: Story = {
  play: async ({ canvas, args }) => {
    const steps = canvas.getByRole('button', { name: 'Steps' });
    await expect(steps).toHaveAttribute('aria-pressed', 'true');
    await userEvent.click(steps);
    await expect(steps).toHaveAttribute('aria-pressed', 'false');
    await expect(args.onFilterChange).toHaveBeenCalledOnce();
    const log = canvas.getByRole('log');
    await waitFor(() => expect(within(log).queryByText(/^Step \d+/)).toBeNull());
    await expect(within(log).getAllByRole('listitem').length).toBeGreaterThan(0);
  },
};

/** Ten thousand events: virtualized, so only a window of rows is in the DOM. */
export const TenThousandEvents: Story = {
  args: { events: manySteps(10_000), retention: 10_000 },
  play: async ({ canvas }) => {
    const rows = within(canvas.getByRole('log')).getAllByRole('listitem');
    await expect(rows.length).toBeGreaterThan(0);
    await expect(rows.length).toBeLessThan(100);
    await expect(rows[0]).toHaveAttribute('aria-setsize', '10000');
  },
};

/** Events keep arriving (one every 300 ms) while the feed follows the top. */
function Streaming({ pushEvery = 300, ...args }: EventFeedViewProps & { pushEvery?: number }) {
  const [events, setEvents] = useState<FeedEvent[]>(() => manySteps(40));
  useEffect(() => {
    const timer = setInterval(
      () => setEvents((list) => [...list, stepSummary(list.length + 1)]),
      pushEvery,
    );
    return () => clearInterval(timer);
  }, [pushEvery]);
  return <EventFeedView {...args} events={events} />;
}

/** The user scrolled down to read; new events arrive above and a "N new" button offers the way back. */
export const ScrolledAwayWithNewEvents: Story = {
  args: { events: [] },
  render: (args) => <Streaming {...args} pushEvery={150} />,
  play: async ({ canvas, step }) => {
    const log = canvas.getByRole('log');
    await step('scroll away from the newest events', async () => {
      await waitFor(() => expect(log.scrollHeight).toBeGreaterThan(log.clientHeight));
      log.scrollTop = 400;
      log.dispatchEvent(new Event('scroll'));
    });
    const jump = await canvas.findByRole('button', { name: /\d+ new/ }, { timeout: 5_000 });
    await step('jump back to the newest', async () => {
      await userEvent.click(jump);
      await waitFor(() => expect(log.scrollTop).toBe(0));
      await waitFor(() => expect(canvas.queryByRole('button', { name: /\d+ new/ })).toBeNull());
    });
  },
};

const ALL: Array<[string, Partial<EventFeedViewProps>]> = [
  ['Empty', { events: [] }],
  ['Loading', { events: [], loading: true }],
  ['Live', {}],
  ['Filtered', { defaultFilter: ['entity_default', 'shock_applied'] }],
  ['No matching events', { defaultFilter: [] }],
  ['Decision resolved', { events: [...MIXED, resolvedDecisionEvent(10)] }],
];

/** Every state side by side, for a glance. */
export const AllStates: Story = {
  render: (args) => (
    <div className="grid gap-4 md:grid-cols-2">
      {ALL.map(([name, stateArgs]) => (
        <section key={name} aria-label={name}>
          <h3 className="m-0 mb-1 text-sm font-medium">{name}</h3>
          <EventFeedView {...args} {...stateArgs} label={`${name} events`} className="h-64" />
        </section>
      ))}
    </div>
  ),
  play: async ({ canvas }) => {
    await expect(canvas.getAllByRole('log')).toHaveLength(ALL.length);
  },
};
