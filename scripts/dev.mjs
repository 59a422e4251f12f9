#!/usr/bin/env node
// `npm run dev`: the server under `tsx watch` (restarts when any imported source changes) and
// the dashboard on Vite's dev server with hot reload.
// Extra args go to the server, e.g. `npm run dev -- --port 8080`.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { watchLauncher } from './parentWatch.mjs';

// A killed npm does not always take us down with it: when our launcher is gone, stop both
// servers rather than leave them holding their ports.
const launcherGone = watchLauncher();

const tsxCli = fileURLToPath(import.meta.resolve('tsx/cli'));
// The custom condition resolves workspace packages to their TypeScript sources.
const nodeOptions = [process.env.NODE_OPTIONS, '--conditions=@simstream/source']
  .filter(Boolean)
  .join(' ');
const child = spawn(
  process.execPath,
  [tsxCli, 'watch', '--clear-screen=false', 'apps/server/src/main.ts', ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, NODE_OPTIONS: nodeOptions } },
);

// The dashboard on Vite's dev server (hot reload, default :5173), proxying /api, /socket.io
// and /metrics to the server above (apps/dashboard/vite.config.ts).
const portArg = process.argv
  .slice(2)
  .join(' ')
  .match(/--port[= ](\d+)/)?.[1];
const serverUrl = `http://localhost:${portArg ?? process.env.PORT ?? 17170}`;
const dashboard = spawn(
  process.execPath,
  [
    fileURLToPath(new URL('bin/vite.js', import.meta.resolve('vite/package.json'))),
    '--config',
    'apps/dashboard/vite.config.ts',
  ],
  { stdio: 'inherit', env: { ...process.env, SIMSTREAM_SERVER_URL: serverUrl } },
);

const stopAll = (signal) => {
  child.kill(signal);
  dashboard.kill(signal);
  setTimeout(() => {
    child.kill('SIGKILL');
    dashboard.kill('SIGKILL');
    process.exit(1);
  }, 10_000).unref();
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => stopAll(signal));
}
const watch = setInterval(() => {
  if (!launcherGone()) return;
  clearInterval(watch);
  console.error('npm run dev: parent process exited; stopping the servers.');
  stopAll('SIGTERM');
}, 500);
watch.unref();
// Either one ending ends the session: a dev server without its other half is misleading.
child.on('exit', (code, signal) => {
  dashboard.kill('SIGTERM');
  process.exit(code ?? (signal ? 1 : 0));
});
dashboard.on('exit', (code) => {
  child.kill('SIGTERM');
  process.exit(code ?? 1);
});
