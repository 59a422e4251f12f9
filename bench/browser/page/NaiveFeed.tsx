import type { StreamSocket } from '@simstream/client';
import { EventFeedView } from '@simstream/react';
import { type Envelope, type EventBatch, type SnapshotResponse } from '@simstream/protocol';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { SIMULATION_ID } from './source.js';
import { simulationKeys } from '@simstream/client';

const RETENTION = 5_000;

/**
 * The naive baseline: the same socket and the same feed view, wired the way a hand-rolled
 * hook would — `setState` per event and `invalidateQueries` per event (a refetch storm).
 *
 * @example
 * <NaiveFeed socket={source.socket} fetchSnapshot={...} />
 */
export function NaiveFeed({
  socket,
  fetchSnapshot,
}: {
  socket: StreamSocket;
  fetchSnapshot: () => Promise<SnapshotResponse>;
}) {
  const [events, setEvents] = useState<Envelope[]>([]);
  const queryClient = useQueryClient();
  const snapshot = useQuery({
    queryKey: simulationKeys.snapshot(SIMULATION_ID),
    queryFn: fetchSnapshot,
  });
  useEffect(() => {
    const onEvents = (batch: EventBatch) => {
      for (const event of batch.events) {
        setEvents((previous) => [...previous, event].slice(-RETENTION));
        void queryClient.invalidateQueries({ queryKey: simulationKeys.snapshot(SIMULATION_ID) });
      }
    };
    socket.on('events', onEvents);
    socket.connect();
    return () => socket.off('events', onEvents);
  }, [socket, queryClient]);
  return (
    <div>
      <p data-testid="health">health {snapshot.data?.snapshot.system_health.toFixed(3) ?? '…'}</p>
      <EventFeedView events={events} loading={false} className="h-[28rem]" />
    </div>
  );
}
