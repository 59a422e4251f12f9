/**
 * The one list of every test project `npm test` runs (vitest.config.ts imports it:
 * current vitest no longer reads this file on its own).
 */
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { defineProject } from 'vitest/config';
import { chromiumFlags, chromiumPath } from './scripts/chromium.mjs';
import { sourceAliases } from './vitest.shared.ts';

export default [
  defineProject({
    resolve: { alias: sourceAliases },
    test: {
      name: 'node',
      environment: 'node',
      include: [
        'packages/{protocol,simulation,hub,client,mock}/src/**/*.test.ts',
        'apps/server/src/**/*.test.ts',
        'tests/integration/**/*.test.ts',
        'tests/docs/*.test.ts',
        'bench/**/*.test.ts',
      ],
      testTimeout: 20_000,
      hookTimeout: 20_000,
    },
  }),
  // The fault suite (tests/faults): the client under random faults against a reference
  // reducer, the real server under abuse. Short variants here; `SIMSTREAM_SOAK=1` runs the
  // long ones (npm run soak).
  defineProject({
    resolve: { alias: sourceAliases },
    test: {
      name: 'faults',
      environment: 'node',
      include: ['tests/faults/**/*.test.ts'],
      // The hostile-input test measures the heap after a collection.
      execArgv: ['--expose-gc'],
      // Each file loads the machine on purpose; one at a time keeps the timings meaningful.
      fileParallelism: false,
      testTimeout: 240_000,
      hookTimeout: 60_000,
    },
  }),
  // The cluster (tests/cluster): a private redis-server, server node processes and HAProxy,
  // started per file by the same recipe as `npm run cluster`. Whole processes are killed and
  // restarted: one file at a time, generous timeouts.
  defineProject({
    resolve: { alias: sourceAliases },
    test: {
      name: 'cluster',
      environment: 'node',
      include: ['tests/cluster/**/*.test.ts'],
      fileParallelism: false,
      testTimeout: 180_000,
      hookTimeout: 180_000,
    },
  }),
  defineProject({
    resolve: {
      alias: [
        ...sourceAliases,
        // socket.io-client's Node build speaks through the `ws` package, which msw sees only as
        // an HTTP GET; its browser transport uses globalThis.WebSocket, which msw intercepts.
        { find: /^(\..*\/)websocket\.node\.js$/, replacement: '$1websocket.js' },
      ],
    },
    test: {
      name: 'jsdom',
      environment: 'jsdom',
      include: ['packages/{react,mock}/src/**/*.test.tsx'],
      server: { deps: { inline: ['socket.io-client', 'engine.io-client'] } },
      testTimeout: 20_000,
    },
  }),
  // Every story is a test, rendered in real Chromium (play functions and a11y checks included).
  defineProject({
    plugins: [storybookTest({ configDir: '.storybook' })],
    test: {
      name: 'storybook',
      testTimeout: 30_000,
      // Every story is also screenshot-compared, light and dark (.storybook/visualTests.ts).
      setupFiles: ['./.storybook/visualTests.ts'],
      browser: {
        // A story's own canvas size, the same on every run (addon-vitest's default).
        viewport: { width: 1200, height: 900 },
        screenshotFailures: false,
        expect: {
          toMatchScreenshot: {
            comparatorName: 'pixelmatch',
            // Small tolerance: anti-aliasing noise passes, a moved box or a lost color does not.
            comparatorOptions: { threshold: 0.1, allowedMismatchedPixelRatio: 0.002 },
            resolveScreenshotPath: ({ arg, root, testFileName }) =>
              `${root}/.storybook/screenshots/${testFileName.replace(/\.stories\.tsx$/, '')}/${arg}.png`,
            resolveDiffPath: ({ arg, root, testFileName }) =>
              `${root}/.vitest-reports/screenshots/${testFileName.replace(/\.stories\.tsx$/, '')}/${arg}.png`,
          },
        },
        enabled: true,
        headless: true,
        provider: playwright({
          launchOptions: {
            executablePath: chromiumPath,
            args: [...chromiumFlags],
          },
        }),
        instances: [{ browser: 'chromium' }],
      },
    },
  }),
  // The built dashboard in Debian's Chromium against the real server (apps/dashboard/e2e):
  // globalSetup installs Chromium when missing and rebuilds a missing or stale dashboard.
  defineProject({
    resolve: { alias: sourceAliases },
    test: {
      name: 'e2e',
      environment: 'node',
      // The dashboard's few pure helpers are tested here too (node, no DOM needed).
      include: ['apps/dashboard/e2e/**/*.e2e.test.ts', 'apps/dashboard/src/**/*.test.ts'],
      globalSetup: ['apps/dashboard/e2e/globalSetup.ts'],
      // Each file runs its own server and browser; one at a time keeps 2 cores responsive.
      fileParallelism: false,
      testTimeout: 120_000,
      hookTimeout: 60_000,
    },
  }),
  // The examples (examples/vite, examples/next) as a product team gets them: the kit packed
  // with npm pack, installed from the tarballs into a copy outside the repo, built, and driven
  // in Chromium against the real server. globalSetup packs, installs and builds (cached).
  defineProject({
    resolve: { alias: sourceAliases },
    test: {
      name: 'examples',
      environment: 'node',
      include: ['tests/examples/**/*.e2e.test.ts'],
      globalSetup: ['tests/examples/globalSetup.ts'],
      fileParallelism: false,
      testTimeout: 120_000,
      hookTimeout: 60_000,
    },
  }),
];
