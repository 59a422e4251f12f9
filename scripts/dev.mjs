#!/usr/bin/env node
// `npm run dev`: the server under `tsx watch` (restarts when any imported source changes) and
// the dashboard on Vite's dev server with hot reload.
// Extra args go to the server, e.g. `npm run dev -- --port 8080`.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    child.kill(signal);
    dashboard.kill(signal);
  });
}
// Either one ending ends the session: a dev server without its other half is misleading.
child.on('exit', (code, signal) => {
  dashboard.kill('SIGTERM');
  process.exit(code ?? (signal ? 1 : 0));
});
dashboard.on('exit', (code) => {
  child.kill('SIGTERM');
  process.exit(code ?? 1);
});
