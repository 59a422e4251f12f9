#!/usr/bin/env node
// `npm test`: every test project in vitest.workspace.ts, with a JSON report that
// .ci/run counts. Fails when nothing ran. Extra args go to vitest.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { chromiumPath, ensureChromium } from './chromium.mjs';

// The storybook and e2e projects run in Debian's Chromium (scripts/chromium.mjs). On a fresh
// machine it is not there yet: install it with apt-get, non-interactively. Playwright never
// downloads a browser of its own here.
try {
  ensureChromium((line) => console.log(`npm test: ${line}`));
} catch (err) {
  console.error(`npm test: ${err.message}; the storybook project needs ${chromiumPath}.`);
  process.exit(1);
}

const report = '.vitest-reports/report.json';
mkdirSync('.vitest-reports', { recursive: true });

const run = spawnSync(
  'npx',
  [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit', env: process.env },
);

if (!existsSync(report)) {
  console.error('npm test: vitest wrote no report; treating as failure.');
  process.exit(run.status || 1);
}
const {
  numPassedTests = 0,
  numFailedTests = 0,
  numTotalTests = 0,
} = JSON.parse(readFileSync(report, 'utf8'));
if (numTotalTests === 0) {
  console.error('npm test: no tests ran; treating as failure.');
  process.exit(1);
}
console.log(`${numPassedTests} passed, ${numFailedTests} failed`);
process.exit(run.status ?? 1);
