#!/usr/bin/env node
// `npm start`: build what the server serves, then run the server (demo simulation included).
// Extra args go to the server, e.g. `npm start -- --port 8080`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { watchLauncher } from './parentWatch.mjs';

// A killed npm does not always take us down with it: notice when our launcher is gone, and then
// stop the server (and exit) rather than leave it holding the port.
const parentGone = watchLauncher();

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

// SIMSTREAM_SKIP_BUILD=1 runs what is already built (tests, process managers restarting it).
const skipBuild = process.env.SIMSTREAM_SKIP_BUILD === '1';
for (const step of buildSteps) {
  if (skipBuild || !step.when()) continue;
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

if (parentGone()) process.exit(1); // killed while building: start nothing

const entry = 'apps/server/src/main.ts';
if (!existsSync(entry)) {
  console.error(`npm start: ${entry} is missing.`);
  process.exit(1);
}
// The custom condition resolves workspace packages to their TypeScript sources (no build needed).
const nodeArgs = ['--conditions=@simstream/source', '--import', 'tsx', entry];
const child = spawn(process.execPath, [...nodeArgs, ...process.argv.slice(2)], {
  stdio: 'inherit',
  // The server also watches its own parent (us): if we are SIGKILLed it shuts itself down.
  env: { ...process.env, SIMSTREAM_EXIT_WITH_PARENT: '1' },
});

/** Stop the server gracefully (it notifies clients); cut it if it has not gone in 10 s. */
const stopServer = (signal) => {
  child.kill(signal);
  setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
};

// Forward signals so the server shuts down gracefully (notifies clients) before we exit.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => stopServer(signal));
}
const watch = setInterval(() => {
  if (!parentGone()) return;
  clearInterval(watch);
  console.error('npm start: parent process exited; stopping the server.');
  stopServer('SIGTERM');
}, 500);
watch.unref();
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
