/**
 * The one list of every test project `npm test` runs (vitest.config.ts imports it:
 * current vitest no longer reads this file on its own).
 */
import { defineProject } from 'vitest/config';
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
      ],
      testTimeout: 20_000,
      hookTimeout: 20_000,
    },
  }),
  defineProject({
    resolve: { alias: sourceAliases },
    test: {
      name: 'jsdom',
      environment: 'jsdom',
      include: ['packages/{react,mock}/src/**/*.test.tsx'],
      testTimeout: 20_000,
    },
  }),
];
