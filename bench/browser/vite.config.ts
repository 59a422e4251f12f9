/**
 * Builds the browser bench pages (production React, the kit from its sources) into
 * bench/browser/dist: index.html and entry.ts, which loads the feed page or, with
 * `?page=network`, the network page. browser.ts and network.ts build it with this config.
 *
 * @example
 * // npx vite build --config bench/browser/vite.config.ts
 */
import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  plugins: [react(), tailwindcss()],
  resolve: {
    conditions: ['@simstream/source', ...defaultClientConditions],
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2_000,
  },
});
