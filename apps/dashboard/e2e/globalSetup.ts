/**
 * Global setup of the `e2e` project: make sure Chromium is installed (Debian's package; no
 * browser is ever downloaded by Playwright here) and that apps/dashboard/dist is a build of
 * the current sources, so every e2e test runs against the real, built dashboard.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensureChromium } from '../../../scripts/chromium.mjs';
import { dashboardDist, repoRoot } from './paths.js';

/** Sources the dashboard bundle is built from; newer than the build ⇒ rebuild. */
const buildInputs = [
  'apps/dashboard/src',
  'apps/dashboard/index.html',
  'apps/dashboard/vite.config.ts',
  'packages/react/src',
  'packages/client/src',
  'packages/protocol/src',
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    // Tests, stories and test kits are not in the bundle; editing them needs no rebuild.
    if (/\.(test|stories|testkit)\.tsx?$/.test(entry)) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

function ensureDashboardBuild(): void {
  const index = join(dashboardDist, 'index.html');
  // Escape hatch while iterating on the tests alone: use dist as it is.
  if (process.env.E2E_SKIP_BUILD === '1' && existsSync(index)) return;
  const builtAt = existsSync(index) ? statSync(index).mtimeMs : 0;
  const sourcesAt = Math.max(...buildInputs.map((p) => newestMtime(join(repoRoot, p))));
  if (builtAt > sourcesAt) return;
  console.log(
    `[e2e] ${builtAt ? 'apps/dashboard/dist is stale' : 'apps/dashboard/dist is missing'}; building the dashboard…`,
  );
  const build = spawnSync(
    'npx',
    ['vite', 'build', '--config', 'apps/dashboard/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: repoRoot,
      stdio: 'inherit',
    },
  );
  if (build.status !== 0 || !existsSync(index))
    throw new Error('vite build of apps/dashboard failed.');
}

export default function setup(): void {
  ensureChromium((line) => console.log(`[e2e] ${line}`));
  ensureDashboardBuild();
}
