/**
 * The dashboard's Vite config. Workspace packages resolve to their TypeScript sources through
 * the `@simstream/source` export condition, so `vite build` needs no package build first and
 * `vite` dev hot-reloads edits to the kit too. In dev, the API, Socket.IO and metrics are
 * proxied to the server on :17170, so the kit's default (same origin) works in both modes.
 *
 * @example
 * // from the repo root
 * // npx vite build --config apps/dashboard/vite.config.ts   → apps/dashboard/dist
 * // npx vite --config apps/dashboard/vite.config.ts         → http://localhost:5173
 */
import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const serverUrl = process.env.SIMSTREAM_SERVER_URL ?? 'http://localhost:17170';

export default defineConfig({
  root,
  plugins: [react(), tailwindcss()],
  resolve: {
    conditions: ['@simstream/source', ...defaultClientConditions],
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // recharts alone is ~350 kB; one chunk is fine for an app served from the same host.
    chunkSizeWarningLimit: 1_500,
  },
  server: {
    port: Number(process.env.DASHBOARD_PORT ?? 5173),
    proxy: {
      '/api': { target: serverUrl, ws: true },
      '/socket.io': { target: serverUrl, ws: true },
      '/metrics': { target: serverUrl },
    },
  },
  preview: { port: Number(process.env.DASHBOARD_PORT ?? 4173) },
});
