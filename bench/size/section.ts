import type { Section } from '../lib/section.js';
import { type BenchRow, row } from '../lib/table.js';
import { loadSizeChecks, measureCheck, measureWithVite, parseLimit } from './measure.js';

/** Row labels, in the order of the checks in .size-limit.mjs. */
const METRICS = [
  'README quick start imports, min+gzip, peers excluded',
  'all of react + client, min+gzip, peers excluded',
];

/**
 * The kit's bundle against the 25 KB target of issue 13: what the README's quick start
 * imports (the kit a Vite app following the README ships) — measured by size-limit (esbuild)
 * and as Vite itself builds it — every export of both packages, and what the schema library
 * costs of the first.
 */
export const sizeSection: Section = {
  name: 'size',
  async run() {
    const checks = await loadSizeChecks();
    const target = parseLimit('25 KB');
    const base = {
      section: 'bundle',
      unit: 'KB',
      baselineLabel: 'budget',
      baseline: target / 1000,
    };
    const rows: BenchRow[] = [];
    for (const [i, check] of checks.entries()) {
      const total = await measureCheck(check);
      const metric = METRICS[i] ?? check.name;
      rows.push(row({ ...base, metric, ours: total / 1000 }, { max: 1.0 }));
      if (i > 0) continue;
      // The same imports as a Vite 8 app builds them (Rolldown + Oxc): what that app ships.
      const vite = await measureWithVite(check);
      rows.push(row({ ...base, metric: '  the same, built by Vite 8', ours: vite / 1000 }));
      for (const dependency of ['valibot']) {
        const without = await measureCheck(check, [dependency]);
        rows.push(
          row({ ...base, metric: `  of which ${dependency}`, ours: (total - without) / 1000 }),
        );
      }
    }
    return rows;
  },
};
