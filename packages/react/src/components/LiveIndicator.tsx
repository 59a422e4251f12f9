'use client';
import { useSimulationStream } from '../useSimulationStream.js';
import { useWebSocket } from '../useWebSocket.js';
import { LiveIndicatorView, type LiveIndicatorViewProps } from './LiveIndicatorView.js';

export interface LiveIndicatorProps
  extends Omit<
    LiveIndicatorViewProps,
    'connection' | 'lastRecovery' | 'lastEventAt' | 'resyncing' | 'onReconnect'
  > {
  /**
   * Watch this simulation (connecting if nothing else does) and show its last recovery
   * outcome and time since its last event. Without it the indicator only reflects the
   * connection and never opens one by itself.
   */
  simulationId?: string;
}

/**
 * The connection indicator wired to the provider's stream client: status and `reconnect()`
 * from `useWebSocket`, recovery and last event from `useSimulationStream`.
 *
 * @example
 * <LiveIndicator simulationId="demo" compact />
 */
export function LiveIndicator({ simulationId, ...props }: LiveIndicatorProps) {
  const { connection, reconnect } = useWebSocket(simulationId ?? '', {
    enabled: Boolean(simulationId),
    // It reads no messages: asking for full steps would cost every viewer the compact default.
    steps: 'compact',
  });
  const stream = useSimulationStream(simulationId ?? '');
  const simulation = simulationId ? stream : undefined;
  return (
    <LiveIndicatorView
      connection={connection}
      lastRecovery={simulation?.lastRecovery ?? null}
      lastEventAt={simulation?.lastEventAt ?? null}
      resyncing={simulation?.phase === 'resyncing'}
      onReconnect={reconnect}
      {...props}
    />
  );
}
