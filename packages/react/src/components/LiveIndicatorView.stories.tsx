import type { ConnectionState } from '@simstream/client';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, userEvent, within } from 'storybook/test';
import { LiveIndicatorView, type LiveIndicatorViewProps } from './LiveIndicatorView.js';

/** A fixed "now", so countdowns and "last event" ages render the same in every run. */
const NOW = Date.parse('2026-01-01T12:00:00.000Z');

const meta = {
  title: 'Kit/LiveIndicator',
  component: LiveIndicatorView,
  args: { now: NOW, connection: { status: 'live', since: NOW - 60_000 }, onReconnect: fn() },
} satisfies Meta<typeof LiveIndicatorView>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Connected and receiving events; shows how long ago the last one arrived. */
export const Live: Story = {
  args: { lastEventAt: NOW - 2_000 },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('status')).toHaveAttribute('data-state', 'live');
  },
};

/** The first connection attempt, before the server answered. */
export const Connecting: Story = { args: { connection: { status: 'connecting' } } };

/** The connection dropped: attempt 2 of 5, with a countdown to the next try. */
export const Reconnecting: Story = {
  args: {
    connection: {
      status: 'reconnecting',
      attempt: 2,
      maxAttempts: 5,
      nextRetryAt: NOW + 3_000,
      lastError: 'transport close',
    },
    lastEventAt: NOW - 9_000,
  },
};

/** Back live after a drop, with the 12 missed events replayed. */
export const RecoveredWithReplay: Story = {
  args: {
    lastRecovery: { kind: 'replayed', count: 12, at: NOW - 1_000 },
    lastEventAt: NOW - 1_000,
  },
};

/** Back live after an outage longer than the server's log: the snapshot was refetched. */
export const RecoveredWithResync: Story = {
  args: { lastRecovery: { kind: 'resynced', at: NOW - 1_000 }, lastEventAt: NOW - 1_000 },
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
export const Offline: Story = {
  args: { connection: { status: 'offline', reason: 'attempts_exhausted', since: NOW - 5_000 } },
};

/** The server shut down and said so. */
export const OfflineServerShutdown: Story = {
  args: { connection: { status: 'offline', reason: 'server_shutdown', since: NOW - 5_000 } },
};

/** The server refused the connection (a bad or missing token). */
export const ErrorState: Story = {
  name: 'Error',
  args: {
    connection: {
      status: 'error',
      error: { code: 'unauthorized', message: 'A valid token is required in auth.token.' },
      since: NOW - 1_000,
    },
  },
};

/** Nobody watches a simulation yet, so nothing connected (connect is lazy). */
export const Idle: Story = { args: { connection: { status: 'idle' } } };

/** The compact variant for toolbars: a dot and an icon, the label for screen readers only. */
export const Compact: Story = { args: { compact: true, lastEventAt: NOW - 2_000 } };

/** Compact and offline: the reconnect button is an icon with an accessible name. */
export const CompactOffline: Story = {
  args: {
    compact: true,
    connection: { status: 'offline', reason: 'attempts_exhausted', since: NOW - 5_000 },
  },
};

/** Offline, then the user presses Reconnect: connecting, then live. */
export const ReconnectFromOffline: Story = {
  args: { connection: { status: 'offline', reason: 'attempts_exhausted', since: NOW - 5_000 } },
  render: function Render(args: LiveIndicatorViewProps) {
    const [connection, setConnection] = useState<ConnectionState>(args.connection);
    return (
      <LiveIndicatorView
        {...args}
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

const ALL: Array<[string, Partial<LiveIndicatorViewProps>]> = [
  ['Live', Live.args ?? {}],
  ['Resyncing', Resyncing.args ?? {}],
  ['Connecting', Connecting.args ?? {}],
  ['Reconnecting', Reconnecting.args ?? {}],
  ['Recovered (replay)', RecoveredWithReplay.args ?? {}],
  ['Recovered (resync)', RecoveredWithResync.args ?? {}],
  ['Offline', Offline.args ?? {}],
  ['Offline (server shutdown)', OfflineServerShutdown.args ?? {}],
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
          <span className="w-48 text-sm text-muted-foreground">{name}</span>
          <LiveIndicatorView {...args} {...stateArgs} />
        </li>
      ))}
    </ul>
  ),
  play: async ({ canvas }) => {
    await expect(canvas.getAllByRole('status')).toHaveLength(ALL.length);
  },
};
