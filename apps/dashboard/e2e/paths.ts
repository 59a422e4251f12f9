import { fileURLToPath } from 'node:url';

/** Repository root, the dashboard app and its build output, as absolute paths. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const dashboardRoot = fileURLToPath(new URL('../', import.meta.url));
export const dashboardDist = fileURLToPath(new URL('../dist/', import.meta.url));
export const screenshotDir = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));
