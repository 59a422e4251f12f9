'use client';
import type { ConnectionState, RecoveryOutcome } from '@simstream/client';
import { RefreshCw, TriangleAlert, Wifi, WifiOff } from '../lib/icons.js';
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
const DOTS: Record<LiveIndicatorState, string> = {
  live: 'bg-ss-live',
  resyncing: 'bg-ss-reconnecting animate-pulse',
  reconnecting: 'bg-ss-reconnecting animate-pulse',
  offline: 'bg-ss-offline',
  error: 'bg-ss-error',
  connecting: 'bg-ss-muted-foreground animate-pulse',
  idle: 'bg-ss-muted-foreground',
};

const ICON_BASE = 'size-4 shrink-0';
const ICON_COLORS: Record<LiveIndicatorState, string> = {
  live: 'text-ss-live',
  resyncing: 'text-ss-reconnecting animate-spin',
  reconnecting: 'text-ss-reconnecting animate-spin',
  offline: 'text-ss-offline',
  error: 'text-ss-error',
  connecting: 'text-ss-muted-foreground',
  idle: 'text-ss-muted-foreground',
};

const ICONS = {
  live: Wifi,
  resyncing: RefreshCw,
  reconnecting: RefreshCw,
  offline: WifiOff,
  error: TriangleAlert,
  connecting: Wifi,
  idle: Wifi,
} as const;

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
  const Icon = ICONS[model.state];

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
      <Icon
        aria-hidden="true"
        data-slot="live-indicator-icon"
        className={cn(ICON_BASE, ICON_COLORS[model.state])}
      />
      <span
        aria-hidden="true"
        data-slot="live-indicator-dot"
        className={cn(DOT_BASE, DOTS[model.state])}
      />
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
