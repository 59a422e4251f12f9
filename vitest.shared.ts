import { fileURLToPath } from 'node:url';

/** Workspace packages resolve to their TypeScript sources in every test project. */
export const sourceAliases = [
  // Test-only fixtures: a source-only subpath, absent from the published package.
  {
    find: /^@simstream\/protocol\/testing$/,
    replacement: fileURLToPath(
      new URL('./packages/protocol/src/testing/fixtures.ts', import.meta.url),
    ),
  },
  {
    find: /^@simstream\/(protocol|simulation|hub|client|react|mock)$/,
    replacement: fileURLToPath(new URL('./packages/$1/src/index.ts', import.meta.url)),
  },
];
