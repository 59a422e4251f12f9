import type { ConnectionState, RecoveryOutcome } from '@simstream/client';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, userEvent, within } from 'storybook/test';
import { LiveIndicatorView, type LiveIndicatorViewProps } from './LiveIndicatorView.js';

/** A fixed "now", so countdowns and "last event" ages render the same in every run. */
const NOW = Date.parse('2026-01-01T12:00:00.000Z');

/** The connection states a designer picks from (times relative to the story's `now`). */
const CONNECTIONS = {
  live: (now) => ({ status: 'live', since: now - 60_000 }),
  connecting: () => ({ status: 'connecting' }),
  reconnecting: (now) => ({
    status: 'reconnecting',
    attempt: 2,
    maxAttempts: 5,
    nextRetryAt: now + 3_000,
    lastError: 'transport close',
  }),
  offline: (now) => ({ status: 'offline', reason: 'attempts_exhausted', since: now - 5_000 }),
  'offline (disconnected by the user)': (now) => ({
    status: 'offline',
    reason: 'manual',
    since: now - 5_000,
  }),
  error: (now) => ({
    status: 'error',
    error: { code: 'unauthorized', message: 'A valid token is required in auth.token.' },
    since: now - 1_000,
  }),
  idle: () => ({ status: 'idle' }),
} satisfies Record<string, (now: number) => ConnectionState>;
type ConnectionName = keyof typeof CONNECTIONS;

const RECOVERIES = {
  none: () => null,
  'replayed 12 events': (now) => ({ kind: 'replayed', count: 12, at: now - 1_000 }),
  resynced: (now) => ({ kind: 'resynced', at: now - 1_000 }),
} satisfies Record<string, (now: number) => RecoveryOutcome | null>;
type RecoveryName = keyof typeof RECOVERIES;

/** The story's args: named presets and dates instead of raw objects and epoch numbers. */
type IndicatorArgs = Omit<LiveIndicatorViewProps, 'connection' | 'lastRecovery' | 'now'> & {
  connection: ConnectionName;
  lastRecovery: RecoveryName;
  /** The story's "now" (a date control). */
  now: number;
};

function toViewProps({ connection, lastRecovery, now, ...rest }: IndicatorArgs) {
  return {
    ...rest,
    now,
    connection: CONNECTIONS[connection](now),
    lastRecovery: RECOVERIES[lastRecovery](now),
  } satisfies LiveIndicatorViewProps;
}

const meta = {
  title: 'Kit/LiveIndicator',
  component: LiveIndicatorView as unknown as (args: IndicatorArgs) => React.JSX.Element,
  render: (args) => <LiveIndicatorView {...toViewProps(args)} />,
  args: {
    connection: 'live',
    lastRecovery: 'none',
    compact: false,
    resyncing: false,
    now: NOW,
    lastEventAt: null,
    onReconnect: fn(),
  },
  argTypes: {
    connection: {
      control: 'select',
      options: Object.keys(CONNECTIONS),
      description: 'The client’s connection state (`useConnectionState()`).',
    },
    lastRecovery: {
      control: 'radio',
      options: Object.keys(RECOVERIES),
      description: 'How the last reconnect caught up (`useSimulationStream(id).lastRecovery`).',
    },
    compact: { control: 'boolean' },
    resyncing: { control: 'boolean' },
    now: { control: 'date' },
    lastEventAt: { control: 'date' },
    onReconnect: { control: false },
  },
} satisfies Meta<IndicatorArgs>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Connected and receiving events; shows how long ago the last one arrived. */
export const Live: Story = {
  args: { lastEventAt: NOW - 2_000 },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('status')).toHaveAttribute('data-state', 'live');
    await expect(canvas.getByRole('status')).toHaveTextContent('last event 2s ago');
  },
};

/** The first connection attempt, before the server answered. */
export const Connecting: Story = { args: { connection: 'connecting' } };

/** The connection dropped: attempt 2 of 5, with a countdown to the next try. */
export const Reconnecting: Story = {
  args: { connection: 'reconnecting', lastEventAt: NOW - 9_000 },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('status')).toHaveTextContent('Reconnecting (2/5, retry in 3s)');
  },
};

/** Back live after a drop, with the 12 missed events replayed. */
export const RecoveredWithReplay: Story = {
  args: { lastRecovery: 'replayed 12 events', lastEventAt: NOW - 1_000 },
};

/** Back live after an outage longer than the server's log: the snapshot was refetched. */
export const RecoveredWithResync: Story = {
  args: { lastRecovery: 'resynced', lastEventAt: NOW - 1_000 },
};

/** Connected, but refetching the snapshot after a gap the server could not replay: not Live yet. */
export const Resyncing: Story = {
  args: { resyncing: true, lastEventAt: NOW - 4_000 },
  play: async ({ canvas }) => {
    const status = canvas.getByRole('status');
    await expect(status).toHaveAttribute('data-state', 'resyncing');
    await expect(status).toHaveTextContent('Resyncing (catching up)');
  },
};

/** Every retry failed; the user can try again by hand. */
export const Offline: Story = { args: { connection: 'offline' } };

/** The user (or the app) disconnected on purpose; Reconnect comes back. */
export const OfflineDisconnected: Story = {
  args: { connection: 'offline (disconnected by the user)' },
};

/** The server refused the connection (a bad or missing token): retrying cannot help. */
export const ErrorState: Story = { name: 'Error', args: { connection: 'error' } };

/** Nobody watches a simulation yet, so nothing connected (connect is lazy). */
export const Idle: Story = { args: { connection: 'idle' } };

/** The compact variant for toolbars: a dot and an icon, the label for screen readers only. */
export const Compact: Story = { args: { compact: true, lastEventAt: NOW - 2_000 } };

/** Compact and offline: the reconnect button is an icon with an accessible name. */
export const CompactOffline: Story = { args: { compact: true, connection: 'offline' } };

/** Offline, then the user presses Reconnect: connecting, then live. */
export const ReconnectFromOffline: Story = {
  args: { connection: 'offline' },
  render: function Render(args) {
    const props = toViewProps(args);
    const [connection, setConnection] = useState<ConnectionState>(props.connection);
    return (
      <LiveIndicatorView
        {...props}
        connection={connection}
        onReconnect={() => {
          args.onReconnect?.();
          setConnection({ status: 'connecting' });
          setTimeout(() => setConnection({ status: 'live', since: NOW }), 50);
        }}
      />
    );
  },
  play: async ({ canvas, args }) => {
    const status = canvas.getByRole('status');
    await expect(status).toHaveAttribute('data-state', 'offline');
    await userEvent.click(canvas.getByRole('button', { name: /reconnect/i }));
    await expect(args.onReconnect).toHaveBeenCalledOnce();
    await expect(await within(status).findByText(/^Live/)).toBeInTheDocument();
    await expect(status).toHaveAttribute('data-state', 'live');
    await expect(canvas.queryByRole('button', { name: /reconnect/i })).toBeNull();
  },
};

const ALL: Array<[string, Partial<IndicatorArgs>]> = [
  ['Live', Live.args ?? {}],
  ['Resyncing', Resyncing.args ?? {}],
  ['Connecting', Connecting.args ?? {}],
  ['Reconnecting', Reconnecting.args ?? {}],
  ['Recovered (replay)', RecoveredWithReplay.args ?? {}],
  ['Recovered (resync)', RecoveredWithResync.args ?? {}],
  ['Offline', Offline.args ?? {}],
  ['Offline (disconnected)', OfflineDisconnected.args ?? {}],
  ['Error', ErrorState.args ?? {}],
  ['Idle', Idle.args ?? {}],
  ['Compact', Compact.args ?? {}],
  ['Compact offline', CompactOffline.args ?? {}],
];

/** Every state side by side, for a glance. */
export const AllStates: Story = {
  render: (args) => (
    <ul className="m-0 grid list-none gap-3 p-0">
      {ALL.map(([name, stateArgs]) => (
        <li key={name} className="flex items-center gap-4">
          <span className="w-48 shrink-0 text-sm text-ss-muted-foreground">{name}</span>
          <LiveIndicatorView {...toViewProps({ ...args, ...stateArgs })} />
        </li>
      ))}
    </ul>
  ),
  play: async ({ canvas }) => {
    await expect(canvas.getAllByRole('status')).toHaveLength(ALL.length);
    // The name column is the `w-48` of the stories' own CSS (12rem), not the content's width.
    const label = canvas.getByText('Recovered (replay)');
    await expect(label.getBoundingClientRect().width).toBe(192);
  },
};

/**
 * Your `className` wins over the kit's defaults with no class merging: the defaults sit in
 * the kit's `components` layer, below every utility. A host `px-8 rounded-none` replaces the
 * pill's `px-3` and radius; what it does not mention (the border, the gap) stays.
 */
export const HostClassNameWins: Story = {
  args: { className: 'px-8 rounded-none border-ss-live' },
  parameters: { visual: { skip: 'Checks computed styles; the look is the Live story’s.' } },
  play: async ({ canvas }) => {
    const style = getComputedStyle(canvas.getByRole('status'));
    await expect(style.paddingLeft).toBe('32px');
    await expect(style.borderTopLeftRadius).toBe('0px');
    await expect(style.borderTopWidth).toBe('1px');
    await expect(style.columnGap).toBe('8px');
    const icon = canvas.getByRole('status').querySelector('[data-slot="live-indicator-icon"]');
    await expect(icon).not.toBeNull();
    if (icon) await expect(style.borderTopColor).toBe(getComputedStyle(icon).color);
  },
};

/** Without a `className`, the kit's own box: `px-3`, the theme's radius and border. */
export const DefaultBox: Story = {
  parameters: { visual: { skip: 'Checks computed styles; the look is the Live story’s.' } },
  play: async ({ canvas }) => {
    const style = getComputedStyle(canvas.getByRole('status'));
    await expect(style.paddingLeft).toBe('12px');
    await expect(style.borderTopLeftRadius).not.toBe('0px');
  },
};
