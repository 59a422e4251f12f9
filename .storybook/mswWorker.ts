import { setupWorker } from 'msw/browser';

/**
 * The one MSW worker of Storybook, started before any story module runs: engine.io-client
 * captures globalThis.WebSocket on first import, so a worker started later would miss the socket.
 */
export const worker = setupWorker();
await worker.start({
  quiet: true,
  onUnhandledRequest: 'bypass',
  serviceWorker: { url: `${import.meta.env.BASE_URL ?? '/'}mockServiceWorker.js` },
});
