import './testSetup.js';
import type { ConnectionState } from '@simstream/client';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { getLiveIndicatorState } from './liveIndicatorState.js';
import { LiveIndicatorView } from './LiveIndicatorView.js';

const NOW = 1_700_000_000_000;

const states = {
  idle: { status: 'idle' },
  connecting: { status: 'connecting' },
  live: { status: 'live', since: NOW - 60_000 },
  reconnecting: {
    status: 'reconnecting',
    attempt: 2,
    maxAttempts: 5,
    nextRetryAt: NOW + 3_000,
    lastError: 'transport close',
  },
  offline: { status: 'offline', reason: 'attempts_exhausted', since: NOW - 1_000 },
  error: {
    status: 'error',
    error: { code: 'unknown_simulation', message: 'Simulation "x" does not exist.' },
    since: NOW,
  },
} satisfies Record<ConnectionState['status'], ConnectionState>;

describe('getLiveIndicatorState', () => {
  it('maps every connection status to its state, label and detail', () => {
    expect(getLiveIndicatorState(states.live, NOW)).toMatchObject({
      state: 'live',
      label: 'Live',
      detail: null,
    });
    expect(getLiveIndicatorState(states.reconnecting, NOW)).toMatchObject({
      state: 'reconnecting',
      detail: '2/5',
      countdown: 'retry in 3s',
      canReconnect: false,
    });
    expect(getLiveIndicatorState(states.offline, NOW)).toMatchObject({
      state: 'offline',
      canReconnect: true,
    });
    expect(getLiveIndicatorState(states.error, NOW)).toMatchObject({
      state: 'error',
      detail: 'Simulation "x" does not exist.',
      canReconnect: true,
    });
    expect(getLiveIndicatorState(states.connecting, NOW).label).toBe('Connecting…');
    expect(getLiveIndicatorState(states.idle, NOW).state).toBe('idle');
  });

  it('a live connection whose simulation is resyncing is not called Live', () => {
    expect(getLiveIndicatorState(states.live, NOW, true)).toMatchObject({
      state: 'resyncing',
      label: 'Resyncing',
      detail: 'catching up',
    });
    // A dropped connection says so, whatever the simulation was doing.
    expect(getLiveIndicatorState(states.reconnecting, NOW, true).state).toBe('reconnecting');
  });

  it('never counts the retry down below zero', () => {
    expect(getLiveIndicatorState(states.reconnecting, NOW + 10_000).countdown).toBe('retry in 0s');
  });
});

describe('LiveIndicatorView', () => {
  it.each([
    ['live', 'Live'],
    ['reconnecting', 'Reconnecting (2/5, retry in 3s)'],
    ['offline', 'Offline (gave up reconnecting)'],
    ['error', 'Error (Simulation "x" does not exist.)'],
    ['connecting', 'Connecting…'],
    ['idle', 'Idle'],
  ] as const)('renders %s as a polite status with its label', (status, text) => {
    render(<LiveIndicatorView connection={states[status]} now={NOW} onReconnect={() => {}} />);
    const indicator = screen.getByRole('status');
    expect(indicator).toHaveAttribute('data-state', status);
    expect(indicator).toHaveAttribute('aria-live', 'polite');
    expect(indicator).toHaveTextContent(text);
  });

  it('offers Reconnect only when offline or in error, and calls onReconnect', async () => {
    const onReconnect = vi.fn();
    const { rerender } = render(
      <LiveIndicatorView connection={states.live} now={NOW} onReconnect={onReconnect} />,
    );
    expect(screen.queryByRole('button', { name: 'Reconnect' })).not.toBeInTheDocument();

    rerender(<LiveIndicatorView connection={states.offline} now={NOW} onReconnect={onReconnect} />);
    await userEvent.click(screen.getByRole('button', { name: 'Reconnect' }));
    expect(onReconnect).toHaveBeenCalledTimes(1);

    rerender(<LiveIndicatorView connection={states.error} now={NOW} onReconnect={onReconnect} />);
    screen.getByRole('button', { name: 'Reconnect' }).focus();
    await userEvent.keyboard('{Enter}');
    expect(onReconnect).toHaveBeenCalledTimes(2);
  });

  it('shows the last recovery outcome and the time since the last event', () => {
    const { rerender } = render(
      <LiveIndicatorView
        connection={states.live}
        lastRecovery={{ kind: 'replayed', count: 12, at: NOW }}
        lastEventAt={NOW - 4_000}
        now={NOW}
      />,
    );
    expect(screen.getByRole('status')).toHaveTextContent('recovered 12 events');
    expect(screen.getByRole('status')).toHaveTextContent('last event 4s ago');
    rerender(
      <LiveIndicatorView
        connection={states.live}
        lastRecovery={{ kind: 'resynced', at: NOW }}
        now={NOW}
      />,
    );
    expect(screen.getByRole('status')).toHaveTextContent('resynced');
    expect(screen.getByRole('status')).not.toHaveTextContent('last event');
  });

  it('ticks the time since the last event every second and stops on unmount', () => {
    vi.useFakeTimers();
    vi.setSystemTime(NOW);
    const { unmount } = render(
      <LiveIndicatorView connection={states.live} lastEventAt={NOW - 1_000} />,
    );
    expect(screen.getByRole('status')).toHaveTextContent('last event 1s ago');
    act(() => vi.advanceTimersByTime(2_000));
    expect(screen.getByRole('status')).toHaveTextContent('last event 3s ago');
    unmount();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('counts the retry down while reconnecting', () => {
    vi.useFakeTimers();
    vi.setSystemTime(NOW);
    render(<LiveIndicatorView connection={states.reconnecting} />);
    expect(screen.getByRole('status')).toHaveTextContent('retry in 3s');
    act(() => vi.advanceTimersByTime(1_000));
    expect(screen.getByRole('status')).toHaveTextContent('retry in 2s');
  });

  it('compact: keeps the label for screen readers only and an icon-only Reconnect', async () => {
    const onReconnect = vi.fn();
    render(
      <LiveIndicatorView connection={states.offline} compact now={NOW} onReconnect={onReconnect} />,
    );
    const label = screen.getByText(/^Offline/);
    expect(label).toHaveClass('sr-only');
    await userEvent.click(screen.getByRole('button', { name: 'Reconnect' }));
    expect(onReconnect).toHaveBeenCalled();
  });

  it('carries only the consumer className (the defaults are the kit CSS) and passes other props through', () => {
    render(
      <LiveIndicatorView
        connection={states.live}
        now={NOW}
        className="px-8"
        aria-label="Connection"
      />,
    );
    const indicator = screen.getByRole('status', { name: 'Connection' });
    // No kit utility on the root for a host class to collide with: the box is styles/components.css.
    expect(indicator.className).toBe('px-8');
  });
});
