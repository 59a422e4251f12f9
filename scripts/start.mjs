#!/usr/bin/env node
// `npm start`: build what the server serves, then run the server (demo simulation included).
// Extra args go to the server, e.g. `npm start -- --port 8080`.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { watchLauncher } from './parentWatch.mjs';
import { runBuildSteps, serverEntry, sourceNodeArgs } from './serverLaunch.mjs';

// A killed npm does not always take us down with it: notice when our launcher is gone, and then
// stop the server (and exit) rather than leave it holding the port.
const parentGone = watchLauncher();

const failedStep = runBuildSteps();
if (failedStep) {
  console.error(`npm start: building ${failedStep} failed.`);
  process.exit(1);
}

if (parentGone()) process.exit(1); // killed while building: start nothing

if (!existsSync(serverEntry)) {
  console.error(`npm start: ${serverEntry} is missing.`);
  process.exit(1);
}
const nodeArgs = [...sourceNodeArgs, serverEntry];
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
