// The one place that says which Chromium every browser test and benchmark runs (Debian's
// package, never a browser Playwright downloads), with which flags, and how it gets installed
// when missing. Plain ESM so that scripts/test.mjs can import it without a TS loader; types in
// chromium.d.mts for vitest.workspace.ts and the TS tests.
import { ensureDebianPackage } from './debianPackage.mjs';

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
  ensureDebianPackage(chromiumPath, 'chromium', log);
}
