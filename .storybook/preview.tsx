import type { Decorator, Preview } from '@storybook/react-vite';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { setupWorker } from 'msw/browser';
import { mswLoader } from 'msw-storybook-addon/csf3';
import { useState } from 'react';

// The kit's stylesheet, when the components have one (a glob, so a missing file is no error).
import.meta.glob('../packages/react/src/styles/simstream.css', { eager: true });

// Start MSW before any story module imports socket.io-client: engine.io-client captures
// globalThis.WebSocket on first import, so a worker started later would not see the socket.
const worker = setupWorker();
await worker.start({
  quiet: true,
  onUnhandledRequest: 'bypass',
  serviceWorker: { url: `${import.meta.env.BASE_URL ?? '/'}mockServiceWorker.js` },
});

/** A fresh QueryClient per story, so no cached query leaks from one story into the next. */
const withQueryClient: Decorator = (Story) => {
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <Story />
    </QueryClientProvider>
  );
};

const preview: Preview = {
  tags: ['autodocs'],
  decorators: [withQueryClient],
  // Handlers are reset before every story (msw-storybook-addon #82, #83).
  loaders: [mswLoader(async () => worker)],
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
    // An accessibility violation fails the story's test.
    a11y: { test: 'error' },
  },
};

export default preview;
