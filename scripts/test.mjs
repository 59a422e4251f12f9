#!/usr/bin/env node
// `npm test`: every test project in vitest.workspace.ts, with a JSON report that
// .ci/run counts. Fails when nothing ran. Extra args go to vitest.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

// The storybook project runs every story in real Chromium (vitest.workspace.ts points at
// /usr/bin/chromium). On a fresh Debian machine it is not there yet: install it, as root
// with apt-get, non-interactively. Playwright never downloads a browser of its own here.
const chromium = '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.log(`npm test: ${chromium} is missing; installing chromium with apt-get…`);
  const asRoot = process.getuid?.() === 0;
  const apt = (...args) =>
    spawnSync(asRoot ? 'apt-get' : 'sudo', asRoot ? args : ['apt-get', ...args], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  apt('update', '-qq');
  apt('install', '-y', '-qq', 'chromium');
  if (!existsSync(chromium)) {
    console.error(`npm test: could not install chromium; the storybook project needs ${chromium}.`);
    process.exit(1);
  }
}

const report = '.vitest-reports/report.json';
mkdirSync('.vitest-reports', { recursive: true });

const run = spawnSync(
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: 'inherit', env: process.env },
);

if (!existsSync(report)) {
  console.error('npm test: vitest wrote no report; treating as failure.');
  process.exit(run.status || 1);
}
const { numPassedTests = 0, numFailedTests = 0, numTotalTests = 0 } = JSON.parse(readFileSync(report, 'utf8'));
if (numTotalTests === 0) {
  console.error('npm test: no tests ran; treating as failure.');
  process.exit(1);
}
console.log(`${numPassedTests} passed, ${numFailedTests} failed`);
process.exit(run.status ?? 1);
