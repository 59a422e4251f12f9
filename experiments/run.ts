/**
 * `npm run experiment -- gai-kapadia [--quick] [--runs N] [--seed S] [--z 1,4,8]`: reproduce Gai & Kapadia
 * (2010)'s contagion window through the public engine. Sweeps the mean degree z, runs N networks
 * per z (seeds S, S + 1, …), prints frequency and conditional extent of contagion next to the
 * paper's values — with the preset's default rule (a loss must exceed capital) and with ties
 * failing too (`defaultAt: 'capital-exhausted'`), the two readings of the paper — and writes the chart (docs/gai-kapadia.svg; with --quick or --z, a temp file,
 * so CI leaves the committed chart alone). Deterministic: the same arguments print the same table.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import {
  GAI_KAPADIA_PAPER,
  measure,
  type SweepPoint,
} from '../packages/simulation/src/experiment.ts';
import { contagionChart } from './chart.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    quick: { type: 'boolean', default: false },
    runs: { type: 'string' },
    seed: { type: 'string', default: '1' },
    z: { type: 'string' },
  },
});

const experiment = positionals[0];
if (experiment !== 'gai-kapadia') {
  console.error(
    `Unknown experiment ${experiment ?? '(none)'}: the one there is is gai-kapadia (npm run experiment -- gai-kapadia).`,
  );
  process.exit(2);
}
const quick = values.quick;
const runs = Number(values.runs ?? (quick ? 20 : 500));
const firstSeed = Number(values.seed);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(firstSeed)) {
  console.error('--runs must be a positive integer and --seed an integer.');
  process.exit(2);
}
// --z 1,4,8 runs only those mean degrees (its chart, like --quick's, goes to a temp file).
const only = values.z?.split(',').map(Number);
if (only?.some((z) => !(z >= 0))) {
  console.error('--z takes mean degrees separated by commas, e.g. --z 1,4,8.');
  process.exit(2);
}
const zs = only ?? (quick ? [1, 4, 8] : GAI_KAPADIA_PAPER.map((p) => p.z));
const partial = quick || only !== undefined;

const pct = (v: number | null) => (v === null ? '—' : v.toFixed(2));
const paperText = (z: number) => {
  const range = GAI_KAPADIA_PAPER.find((p) => p.z === z)?.frequency;
  if (!range) return '—';
  return range[0] === range[1] ? range[0].toFixed(2) : `${range[0]}–${range[1]}`;
};

console.log(
  `Gai–Kapadia preset: 1,000 banks, ${runs} networks per z (seeds ${firstSeed}…${firstSeed + runs - 1}), contagion = ≥ 5 % of banks fail`,
);
console.log('');
console.log(
  'Preset rule: a bank fails when its loss exceeds its capital. Ties fail: a loss equal to capital fails it too.',
);
console.log('');
console.log('|     |           | preset rule               | ties fail                 |');
console.log('|  z  | paper     | frequency | extent if any | frequency | extent if any |');
console.log('| --- | --------- | --------- | ------------- | --------- | ------------- |');
const points: SweepPoint[] = [];
const tiePoints: SweepPoint[] = [];
for (const z of zs) {
  const p = measure(z, runs, firstSeed);
  const t = measure(z, runs, firstSeed, 1000, 'capital-exhausted');
  points.push(p);
  tiePoints.push(t);
  const cells = [String(z), paperText(z), pct(p.frequency), pct(p.conditionalExtent)];
  cells.push(pct(t.frequency), pct(t.conditionalExtent));
  const widths = [3, 9, 9, 13, 9, 13];
  console.log(`| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`);
}

const svg = contagionChart(
  points,
  tiePoints,
  GAI_KAPADIA_PAPER,
  `${runs} networks per z, seeds ${firstSeed}…${firstSeed + runs - 1}; npm run experiment -- gai-kapadia${quick ? ' --quick' : ''}${values.runs ? ` --runs ${runs}` : ''}`,
);
const out = partial
  ? join(tmpdir(), 'simstream-gai-kapadia-partial.svg')
  : join(import.meta.dirname, '..', 'docs', 'gai-kapadia.svg');
writeFileSync(out, svg);
console.log('');
console.log(`chart: ${partial ? out : relative(process.cwd(), out)}`);
