'use client';
import type { ConnectionState, RecoveryOutcome } from '@simstream/client';
import { type Icon, RefreshCw, TriangleAlert, Wifi, WifiOff } from '../lib/icons.js';
import type { ComponentProps } from 'react';
import { useNow } from '../lib/useNow.js';
import {
  describeLastEvent,
  describeRecovery,
  getLiveIndicatorState,
  type LiveIndicatorState,
} from './liveIndicatorState.js';

// The look (the box; the icon's and the dot's color and motion per `data-state`) is the kit's
// CSS on the `data-slot`s (styles/components.css), below the host's utilities, so a
// `className` always wins.
const ICONS: Record<LiveIndicatorState, Icon> = {
  live: Wifi,
  resyncing: RefreshCw,
  reconnecting: RefreshCw,
  offline: WifiOff,
  error: TriangleAlert,
  connecting: Wifi,
  idle: Wifi,
};

export interface LiveIndicatorViewProps extends Omit<ComponentProps<'div'>, 'children'> {
  /** Icon and dot only, no box; the label stays for screen readers. */
  compact?: boolean | null;
  connection: ConnectionState;
  /** Outcome of the last reconnect (`recovered 12 events` / `resynced`). */
  lastRecovery?: RecoveryOutcome | null;
  /** Epoch ms of the last event; shown as a ticking "last event 4s ago". */
  lastEventAt?: number | null;
  /** The simulation is refetching its snapshot after a gap: shown as Resyncing, not Live. */
  resyncing?: boolean;
  /** Shows a Reconnect button when offline or in error. */
  onReconnect?: () => void;
  /** Fixed current time (stories, tests); otherwise the clock ticks every second. */
  now?: number;
}

/**
 * Presentational connection indicator: icon, colored dot, label and detail. `role="status"`
 * so assistive tech hears state changes; the parts that tick every second are hidden from
 * it (announcing a clock each second would drown everything else).
 *
 * @example
 * ```tsx
 * <LiveIndicatorView connection={{ status: 'offline', reason: 'attempts_exhausted', since: 0 }}
 *   onReconnect={() => client.reconnect()} />
 * ```
 */
export function LiveIndicatorView({
  connection,
  lastRecovery = null,
  lastEventAt = null,
  resyncing = false,
  onReconnect,
  now: fixedNow,
  compact = false,
  className,
  ref,
  ...props
}: LiveIndicatorViewProps) {
  const ticking = connection.status === 'reconnecting' || lastEventAt !== null;
  const now = useNow(1000, { enabled: ticking, override: fixedNow });
  const model = getLiveIndicatorState(connection, now, resyncing);
  const recovery = describeRecovery(lastRecovery);
  const lastEvent = describeLastEvent(lastEventAt, now);
  const StateIcon = ICONS[model.state];

  return (
    <div
      role="status"
      aria-live="polite"
      data-simstream=""
      data-slot="live-indicator"
      data-state={model.state}
      data-compact={compact ? '' : undefined}
      className={className}
      {...props}
      ref={ref}
    >
      <StateIcon aria-hidden="true" data-slot="live-indicator-icon" />
      <span aria-hidden="true" data-slot="live-indicator-dot" />
      <span data-slot="live-indicator-label" className={compact ? 'sr-only' : undefined}>
        {model.label}
        {model.detail ? ` (${model.detail}` : null}
        {model.countdown ? <span aria-hidden="true">{`, ${model.countdown}`}</span> : null}
        {model.detail ? ')' : null}
      </span>
      {!compact && recovery ? <span data-slot="live-indicator-recovery">{recovery}</span> : null}
      {!compact && lastEvent ? (
        <span aria-hidden="true" data-slot="live-indicator-last-event">
          {lastEvent}
        </span>
      ) : null}
      {model.canReconnect && onReconnect ? (
        <button
          type="button"
          data-slot="live-indicator-reconnect"
          onClick={onReconnect}
          aria-label={compact ? 'Reconnect' : undefined}
          title={compact ? 'Reconnect' : undefined}
        >
          <RefreshCw aria-hidden="true" className="size-3" />
          {compact ? null : 'Reconnect'}
        </button>
      ) : null}
    </div>
  );
}
