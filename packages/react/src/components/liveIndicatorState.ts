import type { ConnectionState, RecoveryOutcome } from '@simstream/client';
import { formatDuration, secondsUntil } from '../lib/format.js';

/** The indicator's visible state, exposed as `data-state`. */
export type LiveIndicatorState =
  | 'live'
  | 'resyncing'
  | 'reconnecting'
  | 'offline'
  | 'error'
  | 'connecting'
  | 'idle';

/** What the indicator shows for one connection state. */
export interface LiveIndicatorModel {
  state: LiveIndicatorState;
  /** Short label: `Live`, `Resyncing`, `Reconnecting`, `Offline`, `Error`, `Connecting…`, `Idle`. */
  label: string;
  /** The why: `2/5` (attempt), the error's reason, … (null when nothing to add). */
  detail: string | null;
  /** The part that ticks every second: `retry in 3s` while reconnecting, else null. */
  countdown: string | null;
  /** Whether a manual reconnect makes sense (offline or error). */
  canReconnect: boolean;
}

const OFFLINE_DETAIL: Record<Extract<ConnectionState, { status: 'offline' }>['reason'], string> = {
  attempts_exhausted: 'gave up reconnecting',
  manual: 'disconnected',
};

/**
 * Map the client's connection state to what the indicator shows. Pure: `now` is passed in
 * so the retry countdown is testable and a story renders the same every time. A live
 * connection whose simulation is refetching its snapshot after a gap (`resyncing`) is not
 * called Live: its data is behind until the snapshot is in.
 *
 * @example
 * getLiveIndicatorState({ status: 'reconnecting', attempt: 2, maxAttempts: 5,
 *   nextRetryAt: 13_000, lastError: null }, 10_000);
 * // { state: 'reconnecting', label: 'Reconnecting', detail: '2/5', countdown: 'retry in 3s', canReconnect: false }
 */
export function getLiveIndicatorState(
  connection: ConnectionState,
  now: number = Date.now(),
  resyncing = false,
): LiveIndicatorModel {
  switch (connection.status) {
    case 'live':
      if (resyncing) {
        return {
          state: 'resyncing',
          label: 'Resyncing',
          detail: 'catching up',
          countdown: null,
          canReconnect: false,
        };
      }
      return { state: 'live', label: 'Live', detail: null, countdown: null, canReconnect: false };
    case 'reconnecting':
      return {
        state: 'reconnecting',
        label: 'Reconnecting',
        detail: `${connection.attempt}/${connection.maxAttempts}`,
        countdown: `retry in ${secondsUntil(connection.nextRetryAt, now)}s`,
        canReconnect: false,
      };
    case 'offline':
      return {
        state: 'offline',
        label: 'Offline',
        detail: OFFLINE_DETAIL[connection.reason],
        countdown: null,
        canReconnect: true,
      };
    case 'error':
      return {
        state: 'error',
        label: 'Error',
        detail: connection.error.message,
        countdown: null,
        canReconnect: true,
      };
    case 'connecting':
      return {
        state: 'connecting',
        label: 'Connecting…',
        detail: null,
        countdown: null,
        canReconnect: false,
      };
    case 'idle':
      return { state: 'idle', label: 'Idle', detail: null, countdown: null, canReconnect: false };
  }
}

/**
 * The last reconnect's outcome in words.
 *
 * @example
 * describeRecovery({ kind: 'replayed', count: 12, at: 0 }); // 'recovered 12 events'
 */
export function describeRecovery(recovery: RecoveryOutcome | null): string | null {
  if (!recovery) return null;
  if (recovery.kind === 'resynced') return 'resynced';
  return `recovered ${recovery.count} ${recovery.count === 1 ? 'event' : 'events'}`;
}

/**
 * Time since the last event in words, or null before the first event.
 *
 * @example
 * describeLastEvent(5_000, 9_200); // 'last event 4s ago'
 */
export function describeLastEvent(lastEventAt: number | null, now: number): string | null {
  if (lastEventAt === null) return null;
  return `last event ${formatDuration(now - lastEventAt)} ago`;
}
