// Shared by scripts/start.mjs and scripts/dev.mjs: notice when whoever launched us is gone.
import { execFileSync } from 'node:child_process';

/** Parent pid of `pid`, or null where `ps` is unavailable (e.g. Windows). */
function parentOf(pid) {
  try {
    const out = execFileSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8' });
    const ppid = Number(out.trim());
    return Number.isInteger(ppid) && ppid > 1 ? ppid : null;
  } catch {
    return null;
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/**
 * A check that turns true once the process that launched us has exited. Under `npm run`/`npm
 * start` our parent is `sh -c`, which survives a SIGKILL of npm, so npm's pid (our grandparent)
 * is watched as well as our own reparenting.
 *
 * @example
 * const launcherGone = watchLauncher();
 * setInterval(() => { if (launcherGone()) stop(); }, 500);
 */
export function watchLauncher() {
  const parentPid = process.ppid;
  const npmPid = process.env.npm_lifecycle_event ? parentOf(parentPid) : null;
  return () => process.ppid !== parentPid || (npmPid !== null && !alive(npmPid));
}
