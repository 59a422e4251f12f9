import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/react-vite';
import tailwindcss from '@tailwindcss/vite';

/** Workspace packages resolve to their TypeScript sources, as in vitest.shared.ts. */
const packageSource = (name: string) =>
  fileURLToPath(new URL(`../packages/${name}/src/index.ts`, import.meta.url));

const config: StorybookConfig = {
  framework: { name: '@storybook/react-vite', options: {} },
  stories: [
    './Introduction.mdx',
    '../packages/react/src/**/*.stories.tsx',
    '../packages/mock/src/**/*.stories.tsx',
  ],
  addons: [
    '@storybook/addon-docs',
    '@storybook/addon-a11y',
    '@storybook/addon-vitest',
    'msw-storybook-addon',
  ],
  // The MSW service worker (mockServiceWorker.js) is served from here.
  staticDirs: ['./public'],
  // react-docgen-typescript needs the TypeScript compiler API, which TS 7 no longer has.
  typescript: { reactDocgen: 'react-docgen' },
  core: { disableTelemetry: true },
  async viteFinal(viteConfig) {
    const { mergeConfig } = await import('vite');
    return mergeConfig(viteConfig, {
      plugins: [tailwindcss()],
      // Without this `storybook dev` renders a blank page (react has no default export as ESM).
      optimizeDeps: { include: ['react', 'react-dom'] },
      resolve: {
        alias: ['protocol', 'simulation', 'hub', 'client', 'react', 'mock'].map((name) => ({
          find: new RegExp(`^@simstream/${name}$`),
          replacement: packageSource(name),
        })),
      },
    });
  },
};

export default config;
