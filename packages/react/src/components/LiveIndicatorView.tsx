'use client';
import type { ConnectionState, RecoveryOutcome } from '@simstream/client';
import { cva, type VariantProps } from 'class-variance-authority';
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

const liveIndicatorVariants = cva(
  // Text stays `foreground` (state colors on white fail contrast for small text); the icon
  // and the dot carry the state color, and `data-state` lets an app restyle everything.
  'inline-flex items-center gap-2 font-ss-sans text-sm text-ss-foreground data-[state=error]:text-ss-error',
  {
    variants: {
      compact: {
        true: 'gap-1',
        false: 'rounded-(--ss-radius) border border-ss-border bg-ss-background px-3 py-1.5',
      },
    },
    defaultVariants: { compact: false },
  },
);

const dotVariants = cva('inline-block size-2 shrink-0 rounded-full', {
  variants: {
    state: {
      live: 'bg-ss-live',
      resyncing: 'bg-ss-reconnecting animate-pulse',
      reconnecting: 'bg-ss-reconnecting animate-pulse',
      offline: 'bg-ss-offline',
      error: 'bg-ss-error',
      connecting: 'bg-ss-muted-foreground animate-pulse',
      idle: 'bg-ss-muted-foreground',
    } satisfies Record<LiveIndicatorState, string>,
  },
});

const iconVariants = cva('size-4 shrink-0', {
  variants: {
    state: {
      live: 'text-ss-live',
      resyncing: 'text-ss-reconnecting animate-spin',
      reconnecting: 'text-ss-reconnecting animate-spin',
      offline: 'text-ss-offline',
      error: 'text-ss-error',
      connecting: 'text-ss-muted-foreground',
      idle: 'text-ss-muted-foreground',
    } satisfies Record<LiveIndicatorState, string>,
  },
});

const ICONS = {
  live: Wifi,
  resyncing: RefreshCw,
  reconnecting: RefreshCw,
  offline: WifiOff,
  error: TriangleAlert,
  connecting: Wifi,
  idle: Wifi,
} as const;

export interface LiveIndicatorViewProps
  extends Omit<ComponentProps<'div'>, 'children'>,
    VariantProps<typeof liveIndicatorVariants> {
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
      className={cn(liveIndicatorVariants({ compact }), className)}
      {...props}
      ref={ref}
    >
      <Icon
        aria-hidden="true"
        data-slot="live-indicator-icon"
        className={iconVariants({ state: model.state })}
      />
      <span
        aria-hidden="true"
        data-slot="live-indicator-dot"
        className={dotVariants({ state: model.state })}
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
            'inline-flex cursor-pointer items-center gap-1 rounded-[calc(var(--ss-radius)-2px)] border border-ss-border bg-ss-background px-2 py-0.5',
            'text-xs font-medium text-ss-foreground hover:bg-ss-muted',
            compact && 'border-0 p-0.5',
          )}
        >
          <RefreshCw aria-hidden="true" className="size-3" />
          {compact ? null : 'Reconnect'}
        </button>
      ) : null}
    </div>
  );
}
