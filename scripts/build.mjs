#!/usr/bin/env node
// `npm run build`: emits every package's ESM + declarations (tsc, in dependency order), the
// kit's prebuilt CSS, and the dashboard. `--dashboard-only` skips the packages (npm start
// runs workspace packages from source and needs only the dashboard).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const order = ['protocol', 'simulation', 'hub', 'client', 'react', 'mock'];
const dashboardOnly = process.argv.includes('--dashboard-only');

function run(cmd, args) {
  console.log(`> ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!dashboardOnly) {
  for (const name of order) {
    const dir = `packages/${name}`;
    const pkg = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8'));
    if (pkg.scripts?.build) run('npm', ['run', 'build', '-w', pkg.name]);
    else if (existsSync(`${dir}/tsconfig.build.json`))
      run('npx', ['tsc', '-p', `${dir}/tsconfig.build.json`]);
  }
}
if (existsSync('apps/dashboard/vite.config.ts')) {
  run('npx', ['vite', 'build', '--config', 'apps/dashboard/vite.config.ts']);
}
