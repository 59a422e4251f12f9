#!/usr/bin/env node
// `npm run dev`: the server under `tsx watch` (restarts when any imported source changes).
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
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
