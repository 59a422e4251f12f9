#!/usr/bin/env node
// `npm run build`: emits every package's ESM + declarations (tsc, in dependency order), the
// kit's prebuilt CSS, and the dashboard. `--dashboard-only` skips the packages (npm start
// runs workspace packages from source and needs only the dashboard).
//
// `--package <name>` is each package's `prepack` guard (`npm pack` never ships a tarball
// without dist/): it builds that package and the workspace packages it depends on, skipping
// any whose dist/ is newer than its sources, so packing all six stays quick.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const order = ['protocol', 'simulation', 'hub', 'client', 'react', 'mock'];
const dashboardOnly = process.argv.includes('--dashboard-only');
const packageFlag = process.argv.indexOf('--package');
const onlyPackage = packageFlag === -1 ? null : process.argv[packageFlag + 1];

function run(cmd, args) {
  console.log(`> ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: repoRoot });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const manifest = (name) =>
  JSON.parse(readFileSync(join(repoRoot, 'packages', name, 'package.json'), 'utf8'));

function buildPackage(name) {
  const pkg = manifest(name);
  if (pkg.scripts?.build) run('npm', ['run', 'build', '-w', pkg.name]);
  else run('npx', ['tsc', '-p', `packages/${name}/tsconfig.build.json`]);
}

/** `name` and the workspace packages it depends on, in build order. */
function withWorkspaceDependencies(name) {
  const needed = new Set([name]);
  for (const dep of order.slice().reverse()) {
    if (!needed.has(dep)) continue;
    for (const depName of Object.keys(manifest(dep).dependencies ?? {})) {
      const short = depName.replace(/^@simstream\//, '');
      if (depName.startsWith('@simstream/') && order.includes(short)) needed.add(short);
    }
  }
  return order.filter((n) => needed.has(n));
}

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((t, e) => Math.max(t, newestMtime(join(path, e))), stat.mtimeMs);
}

function isFresh(name) {
  const dir = join(repoRoot, 'packages', name);
  const dist = join(dir, 'dist');
  if (!existsSync(join(dist, 'index.js'))) return false;
  const inputs = ['src', 'package.json', 'tsconfig.build.json', 'scripts']
    .map((p) => join(dir, p))
    .filter(existsSync);
  return Math.max(...inputs.map(newestMtime)) < statSync(join(dist, 'index.js')).mtimeMs;
}

if (onlyPackage) {
  const name = onlyPackage.replace(/^@simstream\//, '');
  if (!order.includes(name)) throw new Error(`--package: unknown package ${onlyPackage}`);
  for (const dep of withWorkspaceDependencies(name)) if (!isFresh(dep)) buildPackage(dep);
} else {
  if (!dashboardOnly) for (const name of order) buildPackage(name);
  if (existsSync(join(repoRoot, 'apps/dashboard/vite.config.ts'))) {
    run('npx', ['vite', 'build', '--config', 'apps/dashboard/vite.config.ts']);
  }
}
