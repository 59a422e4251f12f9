import { fileURLToPath } from 'node:url';

/** Repository root, the dashboard app and its build output, as absolute paths. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const dashboardRoot = fileURLToPath(new URL('../', import.meta.url));
export const dashboardDist = fileURLToPath(new URL('../dist/', import.meta.url));
/**
 * Where the e2e run saves its screenshots: an ignored folder, so `npm test` leaves the tree
 * clean; `npm run screenshots` (UPDATE_SCREENSHOTS=1) writes the README's docs/screenshots/.
 */
export const screenshotDir = fileURLToPath(
  new URL(
    process.env.UPDATE_SCREENSHOTS === '1'
      ? '../../../docs/screenshots/'
      : '../../../.vitest-reports/screenshots/',
    import.meta.url,
  ),
);
