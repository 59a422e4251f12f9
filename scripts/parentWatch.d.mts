/**
 * A check that turns true once the process that launched us (npm, or our parent) has exited.
 *
 * @example
 * const launcherGone = watchLauncher();
 * setInterval(() => { if (launcherGone()) stop(); }, 500);
 */
export declare function watchLauncher(): () => boolean;
