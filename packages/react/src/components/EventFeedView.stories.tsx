import type { Meta, StoryObj } from '@storybook/react-vite';
import type { FeedEvent } from '@simstream/client';
import { useEffect, useState } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { EventFeedView, type EventFeedViewProps } from './EventFeedView.js';
import { ALL_EVENT_TYPES } from './eventFeedModel.js';
import { ENGINE_FEED, manySteps } from './fixtures.js';

/**
 * A short history exactly as the real engine emits it (seed 42), as `useSimulationEvents`
 * returns it (steps as summaries): a decision paused the simulation and was answered, then a
 * real-estate crash set off defaults.
 */
const MIXED: FeedEvent[] = [...ENGINE_FEED];

/** Event lists a designer picks from. */
const EVENT_LISTS = {
  'engine history (seed 42)': MIXED,
  none: [],
  '10,000 steps': manySteps(10_000),
} satisfies Record<string, FeedEvent[]>;

/** The story's args: a named event list instead of a raw JSON array. */
type FeedArgs = Omit<EventFeedViewProps, 'events'> & { events: keyof typeof EVENT_LISTS };

const toViewProps = ({ events, ...rest }: FeedArgs): EventFeedViewProps => ({
  ...rest,
  events: EVENT_LISTS[events],
});

const meta = {
  title: 'Kit/EventFeed',
  component: EventFeedView as unknown as (args: FeedArgs) => React.JSX.Element,
  render: (args) => <EventFeedView {...toViewProps(args)} />,
  args: {
    events: 'engine history (seed 42)',
    loading: false,
    hideFilter: false,
    onFilterChange: fn(),
    onSelectDecision: fn(),
    className: 'h-96 max-w-xl',
  },
  argTypes: {
    events: { control: 'select', options: Object.keys(EVENT_LISTS) },
    defaultFilter: { control: 'check', options: ALL_EVENT_TYPES },
    filter: { control: false },
    loading: { control: 'boolean' },
    hideFilter: { control: 'boolean' },
    retention: { control: { type: 'number', min: 1 } },
    initialRect: { control: false },
    onFilterChange: { control: false },
    onSelectDecision: { control: false },
  },
} satisfies Meta<FeedArgs>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Connected, but the simulation has emitted nothing yet. */
export const Empty: Story = {
  args: { events: 'none' },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('No events yet.')).toBeVisible();
  },
};

/** The initial load (snapshot and history) is still on its way. */
export const Loading: Story = {
  args: { events: 'none', loading: true },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('log')).toHaveAttribute('aria-busy', 'true');
  },
};

/** Following the stream: newest first, a pending decision offers "Open decision". */
export const Live: Story = {
  play: async ({ canvas, args }) => {
    const log = canvas.getByRole('log', { name: 'Simulation events' });
    await expect(within(log).getAllByRole('listitem').length).toBeGreaterThan(0);
    // The newest decision the engine raised: the crash pushed the player's capital down.
    await userEvent.click(
      within(log).getByRole('button', { name: /^Open decision.*Capital Ratio Below Minimum$/ }),
    );
    await expect(args.onSelectDecision).toHaveBeenCalledWith('DEC-4-2');
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
  args: { events: '10,000 steps', retention: 10_000 },
  play: async ({ canvas }) => {
    const rows = within(canvas.getByRole('log')).getAllByRole('listitem');
    await expect(rows.length).toBeGreaterThan(0);
    await expect(rows.length).toBeLessThan(100);
    await expect(rows[0]).toHaveAttribute('aria-setsize', '10000');
  },
};

/** Events keep arriving (`perTick` every `pushEvery` ms, `total` at most) while the feed follows the top. */
function Streaming({
  pushEvery = 300,
  perTick = 1,
  total = Number.POSITIVE_INFINITY,
  ...args
}: EventFeedViewProps & { pushEvery?: number; perTick?: number; total?: number }) {
  const [events, setEvents] = useState<FeedEvent[]>(() => manySteps(40));
  useEffect(() => {
    const timer = setInterval(
      () =>
        setEvents((list) => {
          const room = Math.min(perTick, total - list.length);
          if (room <= 0) return list;
          return [...list, ...manySteps(room, list.length + 1)];
        }),
      pushEvery,
    );
    return () => clearInterval(timer);
  }, [pushEvery, perTick, total]);
  return <EventFeedView {...args} events={events} />;
}

/** The user scrolled down to read; new events arrive above and a "N new" button offers the way back. */
export const ScrolledAwayWithNewEvents: Story = {
  // Rows arrive on a real timer: masked in the screenshots.
  parameters: { visual: { mask: ['[role="log"]'] } },
  render: (args) => <Streaming {...toViewProps(args)} pushEvery={150} />,
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

/** Forty events, then five more once the reader has scrolled away (and nothing after). */
function FiveArriveWhileReading(args: EventFeedViewProps) {
  const [events, setEvents] = useState<FeedEvent[]>(() => manySteps(40));
  const [delivered, setDelivered] = useState(false);
  return (
    <EventFeedView
      {...args}
      events={events}
      onScrollCapture={(event) => {
        if (delivered || (event.target as HTMLElement).scrollTop < 100) return;
        setDelivered(true);
        setEvents((list) => [...list, ...manySteps(5, list.length + 1)]);
      }}
    />
  );
}

/**
 * At rest, paused: the reader scrolled down, five events arrived above, and the feed holds
 * their place with a "5 new" button (state `paused-scroll`).
 */
export const PausedWithNewEvents: Story = {
  render: (args) => <FiveArriveWhileReading {...toViewProps(args)} />,
  play: async ({ canvas, canvasElement }) => {
    const log = canvas.getByRole('log');
    log.scrollTop = 280;
    log.dispatchEvent(new Event('scroll'));
    await expect(await canvas.findByRole('button', { name: '5 new' })).toBeVisible();
    const feed = canvasElement.querySelector('[data-slot="event-feed"]');
    await expect(feed).toHaveAttribute('data-state', 'paused-scroll');
    // The place is held: the row that was on top is still on top (five rows further down).
    await waitFor(() => expect(log.scrollTop).toBe(280 + 5 * 56));
  },
};

/**
 * A burst: 2,000 events in about two seconds (100 every 100 ms), then quiet. The feed keeps
 * up, stays virtualized and ends with every event in it.
 */
export const Burst: Story = {
  args: { retention: 5_000 },
  render: (args) => (
    <Streaming {...toViewProps(args)} pushEvery={100} perTick={100} total={2_040} />
  ),
  play: async ({ canvas }) => {
    const log = canvas.getByRole('log');
    await waitFor(
      () => expect(within(log).getAllByRole('listitem')[0]).toHaveAttribute('aria-setsize', '2040'),
      { timeout: 10_000 },
    );
    await expect(within(log).getAllByRole('listitem').length).toBeLessThan(100);
    await expect(within(log).getAllByRole('listitem')[0]).toHaveTextContent('Step 2040');
  },
};

const ALL: Array<[string, Partial<FeedArgs>]> = [
  ['Empty', { events: 'none' }],
  ['Loading', { events: 'none', loading: true }],
  ['Live', {}],
  ['Filtered', { defaultFilter: ['entity_default', 'shock_applied'] }],
  ['No matching events', { defaultFilter: [] }],
  ['Ten thousand steps', { events: '10,000 steps', retention: 10_000 }],
];

/** Every state side by side, for a glance. */
export const AllStates: Story = {
  render: (args) => (
    <div className="grid gap-4 md:grid-cols-2">
      {ALL.map(([name, stateArgs]) => (
        <section key={name} aria-label={name}>
          <h3 className="m-0 mb-1 text-sm font-medium">{name}</h3>
          <EventFeedView
            {...toViewProps({ ...args, ...stateArgs })}
            label={`${name} events`}
            className="h-64"
          />
        </section>
      ))}
    </div>
  ),
  play: async ({ canvas }) => {
    const logs = canvas.getAllByRole('log');
    await expect(logs).toHaveLength(ALL.length);
    // Two columns: the stories' `md:grid-cols-2` reached the CSS.
    const [first, second] = logs.map((log) => log.getBoundingClientRect());
    await expect(second?.top).toBe(first?.top);
  },
};
