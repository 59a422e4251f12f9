// How the server is built and launched from source: shared by `npm start` (scripts/start.mjs)
// and `npm run cluster` (scripts/cluster), so both run the same thing. Plain ESM so plain-node
// scripts can import it; types in serverLaunch.d.mts.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** The server's entry, relative to the repository's root. */
export const serverEntry = 'apps/server/src/main.ts';

/**
 * Node's arguments before the entry: the custom condition resolves workspace packages to their
 * TypeScript sources (no build needed) and tsx runs TypeScript.
 */
export const sourceNodeArgs = ['--conditions=@simstream/source', '--import', 'tsx'];

/**
 * Build steps run before the server starts, in order. Each is skipped when its `when()` says
 * so (e.g. the workspace does not exist yet). The dashboard goes to apps/dashboard/dist, which
 * the server serves at `/` (DASHBOARD_DIR).
 * @type {{ name: string, when: () => boolean, command: string, args: string[] }[]}
 */
export const buildSteps = [
  {
    name: 'dashboard',
    when: () => existsSync('apps/dashboard/vite.config.ts'),
    command: 'npm',
    args: ['run', 'build', '-w', 'apps/dashboard', '--', '--logLevel', 'warn'],
  },
];

/**
 * Run the build steps from the repository's root (the current directory), unless
 * SIMSTREAM_SKIP_BUILD=1 (tests, process managers restarting a server) asks to run what is
 * already built. Returns the name of the step that failed, or null.
 */
export function runBuildSteps(log = (line) => console.log(line)) {
  if (process.env.SIMSTREAM_SKIP_BUILD === '1') return null;
  for (const step of buildSteps) {
    if (!step.when()) continue;
    log(`› building ${step.name}`);
    const result = spawnSync(step.command, step.args, {
      stdio: 'inherit',
      shell: process.platform === 'win32',
    });
    if (result.status !== 0) return step.name;
  }
  return null;
}
