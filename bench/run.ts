/**
 * `npm run bench [-- --quick] [-- --only=fanout,memory,capacity,bytes,reconnect,storm,cluster,browser,network,size]`: every
 * benchmark, one table. Each figure stands next to a baseline measured in the same run,
 * as a ratio, because absolute times on a shared machine drift. Results also land in
 * bench/results/latest.json (quick runs: latest-quick.json).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { execSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type BenchRow, renderTable } from './lib/table.js';
import { SECTIONS, type SectionContext } from './sections.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.find((a) => a.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',')) : null;

function ulimitN(): number {
  try {
    return Number(execSync('ulimit -n', { shell: '/bin/sh' }).toString().trim());
  } catch {
    return Number.NaN;
  }
}

const ctx: SectionContext = {
  quick,
  fileLimit: ulimitN(),
  log: (line) => console.error(line),
};

const started = Date.now();
const rows: BenchRow[] = [];
const failures: string[] = [];
for (const section of SECTIONS) {
  if (only && !only.has(section.name)) continue;
  ctx.log(`▶ ${section.name}`);
  const t = Date.now();
  try {
    rows.push(...(await section.run(ctx)));
  } catch (err) {
    failures.push(
      `${section.name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
    );
    ctx.log(`✖ ${section.name} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  ctx.log(`  (${((Date.now() - t) / 1000).toFixed(1)} s)`);
}

const machine = `${cpus()[0]?.model ?? 'cpu'} ×${availableParallelism()}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ulimit -n ${ctx.fileLimit}`;
console.log(`\nsimstream benchmarks${quick ? ' (quick)' : ''} — ${new Date().toISOString()}`);
console.log(machine);
console.log(renderTable(rows));
console.log(`total ${((Date.now() - started) / 1000).toFixed(0)} s`);

const dir = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(dir, { recursive: true });
writeFileSync(
  `${dir}${quick ? 'latest-quick' : 'latest'}.json`,
  `${JSON.stringify({ date: new Date().toISOString(), quick, machine, rows, failures }, null, 2)}\n`,
);
if (failures.length > 0) {
  console.error(failures.join('\n'));
  process.exitCode = 1;
}
