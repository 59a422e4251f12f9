import { useWebSocket } from '@simstream/react';
import { useState } from 'react';

// The spec's hook, as written: a toast for every default and shock.
export function DefaultAlerts({ simulationId }: { simulationId: string }) {
  const [toasts, setToasts] = useState<string[]>([]);
  const showToast = (text: string) =>
    setToasts((shown) => [text, ...shown.filter((t) => t !== text)].slice(0, 3));

  const { isConnected, lastMessage, disconnect, reconnect } = useWebSocket(simulationId, {
    onMessage: (msg) => {
      switch (msg.type) {
        case 'entity_default':
          showToast(`Entity ${msg.data.entity_id} defaulted!`);
          break;
        case 'shock_applied':
          showToast(`Shock: ${msg.data.shock_type} on ${msg.data.target}`);
          break;
      }
    },
    onConnect: () => console.log('Connected'),
    onDisconnect: () => console.log('Disconnected'),
  });

  return (
    <section aria-label="Alerts">
      <p>{isConnected ? `Connected · event #${lastMessage?.seq ?? 0}` : 'Not connected'}</p>
      <button type="button" onClick={isConnected ? disconnect : reconnect}>
        {isConnected ? 'Disconnect' : 'Reconnect'}
      </button>
      <ul>
        {toasts.map((toast) => (
          <li key={toast}>{toast}</li>
        ))}
      </ul>
    </section>
  );
}
