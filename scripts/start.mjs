#!/usr/bin/env node
// `npm start`: build what the server serves, then run the server (demo simulation included).
// Extra args go to the server, e.g. `npm start -- --port 8080`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

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

for (const step of buildSteps) {
  if (!step.when()) continue;
  console.log(`› building ${step.name}`);
  const result = spawnSync(step.command, step.args, {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) {
    console.error(`npm start: building ${step.name} failed.`);
    process.exit(result.status ?? 1);
  }
}

const entry = 'apps/server/src/main.ts';
if (!existsSync(entry)) {
  console.error(`npm start: ${entry} is missing.`);
  process.exit(1);
}
// The custom condition resolves workspace packages to their TypeScript sources (no build needed).
const nodeArgs = ['--conditions=@simstream/source', '--import', 'tsx', entry];
const child = spawn(process.execPath, [...nodeArgs, ...process.argv.slice(2)], {
  stdio: 'inherit',
});

// Forward signals so the server shuts down gracefully (notifies clients) before we exit.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
