// Installs a Debian package with apt-get when the file it provides is missing: how tests and
// benchmarks get Chromium and redis-server (nothing downloads a binary of its own). Plain ESM
// so plain-node scripts can import it; types in debianPackage.d.mts.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Install `pkg` with apt-get (as root, or through sudo) unless `path` exists; throws when it still does not. */
export function ensureDebianPackage(path, pkg, log = (line) => console.log(line)) {
  if (existsSync(path)) return;
  log(`${path} is missing; installing Debian's ${pkg} with apt-get…`);
  const asRoot = process.getuid?.() === 0;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', pkg],
  ]) {
    spawnSync(asRoot ? 'apt-get' : 'sudo', asRoot ? args : ['apt-get', ...args], {
      stdio: 'inherit',
      env,
    });
  }
  if (!existsSync(path)) {
    throw new Error(`could not install ${pkg}: ${path} is needed (apt-get install ${pkg})`);
  }
}
