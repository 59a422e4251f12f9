// Bundle-size budget of the kit (issue 7): @simstream/react + @simstream/client, minified
// and gzipped, peers excluded. Enforced in `npm test` by bench/size.test.ts and shown in
// `npm run bench`. Workspace packages are bundled from their TypeScript sources.
/** Peer dependencies of the two packages: the app brings them, so they are not counted. */
const peers = [
  'react',
  'react-dom',
  '@tanstack/react-query',
  '@tanstack/query-core',
  'socket.io-client',
];

/**
 * Limit enforced by `npm test`. The target is 15 KB (issue 7); the kit measured 130 KB
 * when this budget landed (zod, tailwind-merge and the virtualizer dominate: see
 * BENCHMARKS.md), so the enforced limit is a ratchet just above the current figure until
 * the levers land — then set it to '15 KB'. Moving the schemas to `zod/mini` took it from
 * 133.5 KB (zod 92.5 KB) to 52.3 KB (zod 11.1 KB); the exposure network's schemas and the
 * timeline's REST call (issue 15) took it to 56.3 KB (measured after rebasing on the DecisionOutcome work). `npm run bench` always reports against
 * the 15 KB target.
 */
const limit = '57 KB';

export default [
  {
    name: '@simstream/react + @simstream/client',
    path: 'bench/size/kit.ts',
    import: { 'bench/size/kit.ts': '{ react, client }' },
    ignore: peers,
    gzip: true,
    limit,
    modifyEsbuildConfig: (config) => ({
      ...config,
      conditions: ['@simstream/source'],
      jsx: 'automatic',
      logLevel: 'error',
    }),
  },
];
