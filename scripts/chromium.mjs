// The one place that says which Chromium every browser test and benchmark runs (Debian's
// package, never a browser Playwright downloads), with which flags, and how it gets installed
// when missing. Plain ESM so that scripts/test.mjs can import it without a TS loader; types in
// chromium.d.mts for vitest.workspace.ts and the TS tests.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian's Chromium. */
export const chromiumPath = '/usr/bin/chromium';

/**
 * Launch flags for headless runs in containers and CI: no sandbox (often root, no user
 * namespaces), no GPU, and nothing that reaches the network on its own (QUIC, updates, sync).
 */
export const chromiumFlags = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]);

/** Install Debian's Chromium with apt-get when it is missing (as root, or through sudo). */
export function ensureChromium(log = (line) => console.log(line)) {
  if (existsSync(chromiumPath)) return;
  log(`${chromiumPath} is missing; installing Debian's chromium with apt-get…`);
  const asRoot = process.getuid?.() === 0;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', 'chromium'],
  ]) {
    spawnSync(asRoot ? 'apt-get' : 'sudo', asRoot ? args : ['apt-get', ...args], {
      stdio: 'inherit',
      env,
    });
  }
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `could not install chromium: ${chromiumPath} is needed (apt-get install chromium)`,
    );
  }
}
