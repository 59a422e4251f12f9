'use client';
import { type ConnectionState, IDLE_SNAPSHOT } from '@simstream/client';
import { useCallback, useSyncExternalStore } from 'react';
import { useStreamClient } from './useStreamClient.js';

/**
 * The connection's state (`idle`, `connecting`, `live`, `reconnecting`, `offline`, `error`).
 * Re-renders only when it changes.
 *
 * @example
 * const connection = useConnectionState();
 * if (connection.status === 'reconnecting') console.log(connection.attempt, connection.maxAttempts);
 */
export function useConnectionState(): ConnectionState {
  const client = useStreamClient();
  const get = useCallback(() => client.getSnapshot().connection, [client]);
  return useSyncExternalStore(client.subscribe, get, getServerConnection);
}

function getServerConnection(): ConnectionState {
  return IDLE_SNAPSHOT.connection;
}
