#!/usr/bin/env node
// `npm test`: every test project in vitest.workspace.ts, with a JSON report that
// .ci/run counts. Fails when nothing ran. Extra args go to vitest.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

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
