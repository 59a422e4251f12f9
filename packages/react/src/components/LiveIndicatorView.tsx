'use client';
import type { ConnectionState, RecoveryOutcome } from '@simstream/client';
import { type Icon, RefreshCw, TriangleAlert, Wifi, WifiOff } from '../lib/icons.js';
import type { ComponentProps } from 'react';
import { cn } from '../lib/cn.js';
import { useNow } from '../lib/useNow.js';
import {
  describeLastEvent,
  describeRecovery,
  getLiveIndicatorState,
  type LiveIndicatorState,
} from './liveIndicatorState.js';

// The root's look (box, gap, error color) is the kit's CSS on `[data-slot="live-indicator"]`
// (styles/components.css), below the host's utilities, so a `className` always wins.
const DOT_BASE = 'inline-block size-2 shrink-0 rounded-full';
const ICON_BASE = 'size-4 shrink-0';

/**
 * Each state's look in one row: its icon, the dot's and the icon's colour, and their motion
 * while something is in progress (the dot pulses; the icon spins while a connection is retried).
 * Class names stay whole strings so Tailwind finds them in the source.
 */
const RETRYING = {
  Icon: RefreshCw,
  dot: 'bg-ss-reconnecting animate-pulse',
  icon: 'text-ss-reconnecting animate-spin',
};
const LOOKS: Record<LiveIndicatorState, { Icon: Icon; dot: string; icon: string }> = {
  live: { Icon: Wifi, dot: 'bg-ss-live', icon: 'text-ss-live' },
  resyncing: RETRYING,
  reconnecting: RETRYING,
  offline: { Icon: WifiOff, dot: 'bg-ss-offline', icon: 'text-ss-offline' },
  error: { Icon: TriangleAlert, dot: 'bg-ss-error', icon: 'text-ss-error' },
  connecting: {
    Icon: Wifi,
    dot: 'bg-ss-muted-foreground animate-pulse',
    icon: 'text-ss-muted-foreground',
  },
  idle: { Icon: Wifi, dot: 'bg-ss-muted-foreground', icon: 'text-ss-muted-foreground' },
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
  const look = LOOKS[model.state];

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
      <look.Icon
        aria-hidden="true"
        data-slot="live-indicator-icon"
        className={cn(ICON_BASE, look.icon)}
      />
      <span aria-hidden="true" data-slot="live-indicator-dot" className={cn(DOT_BASE, look.dot)} />
      <span data-slot="live-indicator-label" className={cn(compact ? 'sr-only' : 'font-medium')}>
        {model.label}
        {model.detail ? ` (${model.detail}` : null}
        {model.countdown ? <span aria-hidden="true">{`, ${model.countdown}`}</span> : null}
        {model.detail ? ')' : null}
      </span>
      {!compact && recovery ? (
        <span data-slot="live-indicator-recovery" className="text-xs text-ss-muted-foreground">
          {recovery}
        </span>
      ) : null}
      {!compact && lastEvent ? (
        <span
          aria-hidden="true"
          data-slot="live-indicator-last-event"
          className="text-xs text-ss-muted-foreground"
        >
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
          className={cn(
            'inline-flex cursor-pointer items-center gap-1 rounded-[calc(var(--ss-radius)-2px)] bg-ss-background',
            'text-xs font-medium text-ss-foreground hover:bg-ss-muted',
            compact ? 'p-0.5' : 'border border-ss-border px-2 py-0.5',
          )}
        >
          <RefreshCw aria-hidden="true" className="size-3" />
          {compact ? null : 'Reconnect'}
        </button>
      ) : null}
    </div>
  );
}
