import type { Decorator, Preview } from '@storybook/react-vite';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { mswLoader } from 'msw-storybook-addon/csf3';
import { useState } from 'react';
import { MINIMAL_VIEWPORTS } from 'storybook/viewport';
import { withMockStream } from './mockStream.js';
import { worker } from './mswWorker.js';
import { withTheme } from './theme.js';
import './storybook.css';

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
  decorators: [withMockStream, withQueryClient, withTheme],
  // Handlers are reset before every story (msw-storybook-addon #82, #83).
  loaders: [mswLoader(async () => worker)],
  globalTypes: {
    theme: {
      description: 'The kit’s color tokens',
      toolbar: {
        title: 'Theme',
        icon: 'contrast',
        items: [
          { value: 'light', title: 'Light', icon: 'sun' },
          { value: 'dark', title: 'Dark', icon: 'moon' },
          { value: 'high-contrast', title: 'High contrast', icon: 'eye' },
        ],
        dynamicTitle: true,
      },
    },
    speed: {
      description: 'How fast a mock-driven story unfolds (restarts the story)',
      toolbar: {
        title: 'Speed',
        icon: 'timer',
        items: [
          { value: '0.5', title: '0.5× (slow)' },
          { value: '1', title: '1× (real time)' },
          { value: '2', title: '2×' },
          { value: '4', title: '4×' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'light', speed: '1' },
  parameters: {
    layout: 'padded',
    controls: { expanded: true, sort: 'requiredFirst' },
    viewport: { options: MINIMAL_VIEWPORTS },
    // An accessibility violation fails the story's test.
    a11y: { test: 'error' },
    options: {
      storySort: { order: ['Introduction', 'Kit', 'Mock stream'] },
    },
  },
};

export default preview;
