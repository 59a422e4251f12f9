import type { Decorator, Preview } from '@storybook/react-vite';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { mswLoader } from 'msw-storybook-addon/csf3';
import { useState } from 'react';
import { withMockStream } from './mockStream.js';
import { worker } from './mswWorker.js';

// The kit's stylesheet, when the components have one (a glob, so a missing file is no error).
import.meta.glob('../packages/react/src/styles/simstream.css', { eager: true });

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
  // The mock stream sits inside the QueryClient (decorators listed innermost first).
  decorators: [withMockStream, withQueryClient],
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
