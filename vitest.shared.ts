import { fileURLToPath } from 'node:url';

/** Workspace packages resolve to their TypeScript sources in every test project. */
export const sourceAliases = [
  {
    find: /^@simstream\/(protocol|simulation|hub|client|react|mock)$/,
    replacement: fileURLToPath(new URL('./packages/$1/src/index.ts', import.meta.url)),
  },
];
